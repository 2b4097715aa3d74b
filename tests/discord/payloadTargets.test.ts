import {
  BaseInteraction,
  ChatInputCommandInteraction,
  GuildMember,
  InteractionWebhook,
  Message,
  MessageManager,
  MessagePayload,
  TextChannel,
  User,
  Webhook,
  WebhookClient,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_TARGET_GETTERS, resolvePayloadTargetsOnce } from '../../src/discord/payloadTargets.js';

describe('MessagePayload target getters', () => {
  it('answer as discord.js’s own do for every kind of target a message is sent to', () => {
    const originals = new Map(PAYLOAD_TARGET_GETTERS.map((name) => [name, Object.getOwnPropertyDescriptor(MessagePayload.prototype, name)!.get!]));
    // What instanceof sees of each kind (building real ones needs a logged-in client; the prototype is what counts).
    const targets = [BaseInteraction, ChatInputCommandInteraction, InteractionWebhook, Webhook, WebhookClient, User, GuildMember, Message, MessageManager, TextChannel, Object].map(
      (kind) => Object.create(kind.prototype as object) as object,
    );
    resolvePayloadTargetsOnce();
    resolvePayloadTargetsOnce();
    let checked = 0;
    for (const target of targets) {
      const payload = new MessagePayload(target as never, {});
      for (const name of PAYLOAD_TARGET_GETTERS) {
        const replaced = Object.getOwnPropertyDescriptor(MessagePayload.prototype, name)!.get!;
        expect(replaced).not.toBe(originals.get(name));
        expect(payload[name as keyof MessagePayload], `${name} of a ${target.constructor.name}`).toBe(originals.get(name)!.call(payload));
        checked += 1;
      }
    }
    expect(checked).toBe(55);
    // Each getter says yes to some target and no to another: the comparison above is not between constant answers.
    for (const name of PAYLOAD_TARGET_GETTERS) {
      const answers = new Set(targets.map((target) => (new MessagePayload(target as never, {}) as unknown as Record<string, boolean>)[name]));
      expect(answers, name).toEqual(new Set([true, false]));
    }
  });
});
