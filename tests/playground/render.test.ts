import { describe, expect, it } from 'vitest';
import { plain, type Names } from '../../src/playground/render.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const names: Names = {
  member: (id) => ({ '111111111111111111': 'alice' })[id],
  channel: (id) => ({ '222222222222222222': 'cinema' })[id],
  role: (id) => ({ '333333333333333333': 'Moderators' })[id],
};

describe('the playground renders as Discord does', () => {
  it('shows channels, members and roles by name', () => {
    expect(plain('Join <#222222222222222222>, <@111111111111111111> and <@!111111111111111111> (<@&333333333333333333>)', NOW, names)).toBe(
      'Join #cinema, @alice and @alice (@Moderators)',
    );
    expect(plain('<#999999999999999999>', NOW, names)).toBe('#unknown-channel');
  });

  it('drops markdown marks and keeps escaped characters', () => {
    expect(plain('**bold** *italic* __under__ ~~gone~~ `code` _em_ snake_case_name', NOW)).toBe('bold italic under gone code em snake_case_name');
    expect(plain('# Title\n-# small print\n> quoted', NOW)).toBe('Title\nsmall print\n  “quoted');
    expect(plain('[Letterboxd](<https://letterboxd.com/film/heat/>)', NOW)).toBe('Letterboxd (https://letterboxd.com/film/heat/)');
    expect(plain('\\*not italic\\* \\_x\\_ ||secret||', NOW)).toBe('*not italic* _x_ [spoiler hidden]');
  });
});
