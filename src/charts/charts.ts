import { AWARD_LEVELS, AWARD_PERCENT } from '../lists/index.js';
import { fitLabel, font, surface, THEME } from './canvas.js';

/**
 * Charts drawn in the process as PNGs. Each takes the figures a domain view already computed (nothing is read
 * here) and returns the image plus the same figures as text, for screen readers and for the card's alt text.
 */

export interface Datum {
  label: string;
  value: number;
}

export interface Chart {
  png: Buffer;
  /** Every figure of the chart, in words: the image's alt text. */
  alt: string;
  width: number;
  height: number;
}

const TITLE_HEIGHT = 44;
const PAD = 20;

/** `unit` is a regular plural ("films", "votes"): a count of one is read out as "1 film", not "1 films". */
function altOf(title: string, data: readonly Datum[], unit: string): string {
  const unitOf = (value: number) => (value === 1 ? unit.replace(/s$/, '') : unit);
  return `${title}: ${data.map((datum) => `${datum.label} ${datum.value}${unit ? ` ${unitOf(datum.value)}` : ''}`).join(', ')}.`;
}

function drawTitle(ctx: ReturnType<typeof surface>['ctx'], title: string, width: number): void {
  ctx.fillStyle = THEME.text;
  ctx.font = font(20, true);
  ctx.textAlign = 'left';
  ctx.fillText(fitLabel(ctx, title, width - 2 * PAD), PAD, TITLE_HEIGHT / 2 + 6);
}

/** Vertical columns, one per datum in order (a histogram, films per decade, activity per month). */
export async function columnChart(title: string, data: readonly Datum[], options: { unit?: string; width?: number; height?: number } = {}): Promise<Chart> {
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const { ctx, png } = surface(width, height);
  drawTitle(ctx, title, width);
  const top = TITLE_HEIGHT + 24;
  const bottom = height - 36;
  const left = PAD;
  const right = width - PAD;
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const slot = (right - left) / Math.max(1, data.length);
  const barWidth = Math.max(4, slot * 0.7);
  ctx.strokeStyle = THEME.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.stroke();
  ctx.textAlign = 'center';
  data.forEach((datum, index) => {
    const x = left + slot * index + (slot - barWidth) / 2;
    const barHeight = datum.value === 0 ? 0 : Math.max(2, ((bottom - top) * datum.value) / max);
    ctx.fillStyle = datum.value === 0 ? THEME.empty : THEME.bar;
    if (datum.value === 0) ctx.fillRect(x, bottom - 2, barWidth, 2);
    else ctx.fillRect(x, bottom - barHeight, barWidth, barHeight);
    ctx.font = font(13);
    ctx.fillStyle = THEME.muted;
    ctx.fillText(fitLabel(ctx, datum.label, slot - 2), x + barWidth / 2, bottom + 16);
    if (datum.value > 0) {
      ctx.fillStyle = THEME.text;
      ctx.fillText(String(datum.value), x + barWidth / 2, bottom - barHeight - 10);
    }
  });
  return { png: await png(), alt: altOf(title, data, options.unit ?? ''), width, height };
}

/** Horizontal bars, largest first as given (most watched, busiest members, votes per film). */
export async function barChart(title: string, data: readonly Datum[], options: { unit?: string; width?: number; highlight?: readonly string[] } = {}): Promise<Chart> {
  const width = options.width ?? 640;
  const rowHeight = 30;
  const height = TITLE_HEIGHT + PAD + Math.max(1, data.length) * rowHeight + PAD;
  const { ctx, png } = surface(width, height);
  drawTitle(ctx, title, width);
  const labelWidth = Math.round(width * 0.38);
  const barLeft = PAD + labelWidth + 10;
  const barMax = width - PAD - barLeft - 40;
  const max = Math.max(1, ...data.map((datum) => datum.value));
  data.forEach((datum, index) => {
    const y = TITLE_HEIGHT + PAD + index * rowHeight;
    ctx.font = font(14);
    ctx.textAlign = 'right';
    ctx.fillStyle = THEME.text;
    ctx.fillText(fitLabel(ctx, datum.label, labelWidth), PAD + labelWidth, y + rowHeight / 2);
    const length = datum.value === 0 ? 2 : Math.max(3, (barMax * datum.value) / max);
    ctx.fillStyle = datum.value === 0 ? THEME.empty : options.highlight?.includes(datum.label) ? THEME.barAlt : THEME.bar;
    ctx.fillRect(barLeft, y + 6, length, rowHeight - 12);
    ctx.textAlign = 'left';
    ctx.fillStyle = THEME.muted;
    ctx.fillText(String(datum.value), barLeft + length + 6, y + rowHeight / 2);
  });
  if (data.length === 0) {
    ctx.font = font(14);
    ctx.fillStyle = THEME.muted;
    ctx.textAlign = 'left';
    ctx.fillText('Nothing yet', PAD, TITLE_HEIGHT + PAD + rowHeight / 2);
  }
  return { png: await png(), alt: altOf(title, data, options.unit ?? ''), width, height };
}

const TIER_COLORS: Record<(typeof AWARD_LEVELS)[number], string> = { bronze: '#cd7f32', silver: '#c0c0c0', gold: '#ffd700', platinum: '#7fd4e6' };

/**
 * A list's progress: one bar filled to the member's share, with a mark at each award tier (bronze 50 %, silver 75 %,
 * gold 90 %, platinum 100 %) coloured once reached.
 */
export async function progressChart(title: string, watched: number, total: number): Promise<Chart> {
  const width = 640;
  const height = 170;
  const { ctx, png } = surface(width, height);
  drawTitle(ctx, title, width);
  const left = PAD;
  const right = width - PAD;
  const top = TITLE_HEIGHT + 20;
  const barHeight = 34;
  const share = total === 0 ? 0 : watched / total;
  ctx.fillStyle = THEME.empty;
  ctx.fillRect(left, top, right - left, barHeight);
  ctx.fillStyle = THEME.bar;
  ctx.fillRect(left, top, (right - left) * share, barHeight);
  ctx.font = font(16, true);
  ctx.textAlign = 'left';
  ctx.fillStyle = THEME.text;
  ctx.fillText(`${watched} of ${total} films · ${total === 0 ? 0 : Math.floor((watched * 1000) / total) / 10}%`, left + 8, top + barHeight / 2);
  const tiers: string[] = [];
  for (const [index, level] of AWARD_LEVELS.entries()) {
    const percent = AWARD_PERCENT[level];
    const x = Math.min(right - 2, left + ((right - left) * percent) / 100);
    const reached = total > 0 && watched * 100 >= total * percent;
    ctx.fillStyle = reached ? TIER_COLORS[level] : THEME.muted;
    ctx.fillRect(x - 1, top - 6, 3, barHeight + 12);
    ctx.font = font(13, reached);
    ctx.textAlign = level === 'platinum' ? 'right' : 'center';
    // Tiers sit close together at the right end (90 %, 100 %): every other label goes one line lower so none overlap.
    ctx.fillText(`${level} ${percent}%`, level === 'platinum' ? right : x, top + barHeight + 22 + (index % 2) * 18);
    const needed = Math.ceil((total * percent) / 100);
    tiers.push(`${level} at ${needed} film${needed === 1 ? '' : 's'} (${percent}%)${reached ? ', reached' : ''}`);
  }
  const alt = `${title}: ${watched} of ${total} films seen. Awards: ${tiers.join('; ')}.`;
  return { png: await png(), alt, width, height };
}
