import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * The drawing surface every chart uses. The font ships with the app (Inter, SIL Open Font License, from the
 * @fontsource/inter package): a server may have no fonts at all, and a chart without glyphs is a blank image.
 */
export const FONT = 'Inter';

let registered = false;
function registerFont(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  for (const weight of ['400', '700']) {
    GlobalFonts.registerFromPath(require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`), FONT);
  }
  registered = true;
}

/** Colours on Discord's dark theme: the card's gold for data, greys for text and grid. */
export const THEME = {
  background: '#2b2d31',
  text: '#f2f3f5',
  muted: '#b5bac1',
  grid: '#3f4147',
  bar: '#c9a227',
  barAlt: '#5865f2',
  empty: '#4e5058',
} as const;

export interface Surface {
  ctx: SKRSContext2D;
  width: number;
  height: number;
  png(): Promise<Buffer>;
}

export function surface(width: number, height: number): Surface {
  registerFont();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  return { ctx, width, height, png: () => canvas.encode('png') };
}

export function font(size: number, bold = false): string {
  return `${bold ? '700 ' : ''}${size}px ${FONT}`;
}

/** Shortens a label until it fits `max` pixels, ending it with an ellipsis. */
export function fitLabel(ctx: SKRSContext2D, label: string, max: number): string {
  if (ctx.measureText(label).width <= max) return label;
  let cut = label;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > max) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
