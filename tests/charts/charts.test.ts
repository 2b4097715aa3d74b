import { loadImage } from '@napi-rs/canvas';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { barChart, columnChart, progressChart, type Chart } from '../../src/charts/charts.js';
import { THEME } from '../../src/charts/canvas.js';
import { placeholderPoster } from '../../src/charts/placeholder.js';

/** The decoded image, to read pixels the way a viewer would see them. */
async function pixels(png: Buffer) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    /** "#rrggbb" at (x, y). */
    at(x: number, y: number): string {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return `#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    },
    /** Share of pixels in a region that are exactly `color`. */
    share(x0: number, y0: number, x1: number, y1: number, color: string): number {
      let hits = 0;
      let total = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++, total++) if (this.at(x, y) === color) hits++;
      return hits / total;
    },
  };
}

function expectPng(chart: Chart): void {
  expect(chart.png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
}

describe('chart images', () => {
  it('draws a column chart: bars as tall as their share, zero as a flat mark, title text drawn', async () => {
    const chart = await columnChart('Ratings', [
      { label: '1', value: 0 },
      { label: '2', value: 2 },
      { label: '3', value: 4 },
    ]);
    expectPng(chart);
    expect([chart.width, chart.height]).toEqual([640, 300]);
    const image = await pixels(chart.png);
    expect([image.width, image.height]).toEqual([640, 300]);
    // Columns are centred in three slots of 200 px between x = 20 and 620; the plot's floor is at y = 264.
    const column = (slot: number) => 20 + 200 * slot + 100;
    expect(image.at(column(2), 100)).toBe(THEME.bar); // the tallest reaches near the top
    expect(image.at(column(1), 100)).toBe(THEME.background); // half as tall
    expect(image.at(column(1), 200)).toBe(THEME.bar);
    expect(image.at(column(0), 200)).toBe(THEME.background); // zero: no column
    expect(image.at(column(0), 263)).toBe(THEME.empty);
    // The title is drawn in the font (light pixels in the title band), not left blank.
    expect(image.share(20, 10, 200, 40, THEME.background)).toBeLessThan(0.97);
    expect(chart.alt).toBe('Ratings: 1 0, 2 2, 3 4.');
  });

  it('draws horizontal bars proportionally, the highlighted one in the second colour', async () => {
    const chart = await barChart('Votes', [
      { label: 'Holy Motors (2012)', value: 4 },
      { label: 'Irma Vep (1996)', value: 2 },
      { label: 'Heat (1995)', value: 1 },
    ], { unit: 'votes', highlight: ['Holy Motors (2012)'] });
    const image = await pixels(chart.png);
    expect([image.width, image.height]).toEqual([640, 44 + 20 + 3 * 30 + 20]);
    const barLeft = 20 + Math.round(640 * 0.38) + 10;
    const barMax = 640 - 20 - barLeft - 40;
    const row = (index: number) => 44 + 20 + index * 30 + 15;
    expect(image.at(barLeft + barMax - 3, row(0))).toBe(THEME.barAlt);
    expect(image.at(barLeft + barMax / 2 - 3, row(1))).toBe(THEME.bar);
    expect(image.at(barLeft + barMax / 2 + 10, row(1))).not.toBe(THEME.bar);
    expect(chart.alt).toBe('Votes: Holy Motors (2012) 4 votes, Irma Vep (1996) 2 votes, Heat (1995) 1 vote.');
  });

  it('draws list progress with the tiers reached coloured', async () => {
    const chart = await progressChart('alice · TSPDT', 8, 10);
    const image = await pixels(chart.png);
    expect([image.width, image.height]).toEqual([640, 170]);
    const x = (percent: number) => 20 + (600 * percent) / 100;
    // Filled to 80 %: gold within the bar before it, grey after.
    expect(image.at(x(70), 64 + 30)).toBe(THEME.bar);
    expect(image.at(x(85), 64 + 30)).toBe(THEME.empty);
    expect(image.at(x(50), 64 - 4)).toBe('#cd7f32'); // bronze reached
    expect(image.at(x(75), 64 - 4)).toBe('#c0c0c0'); // silver reached
    expect(image.at(x(90), 64 - 4)).toBe(THEME.muted); // gold not yet
    expect(chart.alt).toContain('8 of 10 films seen');
    expect(chart.alt).toContain('gold at 9 films (90%)');
  });

  it('ships a placeholder poster of 160×240', async () => {
    const image = await pixels(await placeholderPoster());
    expect([image.width, image.height]).toEqual([160, 240]);
    expect(image.at(80, 10)).toBe('#1e1f22');
  });
});
