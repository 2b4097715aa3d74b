import { font, surface, THEME } from './canvas.js';

/** The file name the placeholder is attached under; cards point their thumbnail at `attachment://` + this. */
export const PLACEHOLDER_NAME = 'no-poster.png';

let cached: Promise<Buffer> | undefined;

/**
 * The poster shown beside a film that has none: a 2:3 frame with film perforations and "No poster". Drawn once per
 * process (a few milliseconds) and reused for every card.
 */
export function placeholderPoster(): Promise<Buffer> {
  cached ??= draw();
  return cached;
}

async function draw(): Promise<Buffer> {
  const width = 160;
  const height = 240;
  const { ctx, png } = surface(width, height);
  ctx.fillStyle = '#1e1f22';
  ctx.fillRect(12, 0, width - 24, height);
  ctx.fillStyle = THEME.grid;
  for (let y = 8; y < height; y += 22) {
    ctx.fillRect(2, y, 7, 11);
    ctx.fillRect(width - 9, y, 7, 11);
  }
  ctx.strokeStyle = THEME.bar;
  ctx.lineWidth = 3;
  ctx.strokeRect(44, 78, 72, 54);
  ctx.beginPath();
  ctx.moveTo(116, 94);
  ctx.lineTo(134, 84);
  ctx.lineTo(134, 126);
  ctx.lineTo(116, 116);
  ctx.stroke();
  ctx.fillStyle = THEME.muted;
  ctx.font = font(16, true);
  ctx.textAlign = 'center';
  ctx.fillText('No poster', width / 2, 166);
  return png();
}
