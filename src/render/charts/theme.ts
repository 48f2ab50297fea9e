import type { Chart, Plugin } from 'chart.js';
import { FONT_FAMILY } from './canvas.ts';

/** Colours, type sizes and the small drawing plugins every chart shares. */

/**
 * One colour per round type, the same on every chart. Okabe–Ito first (readable with the common
 * colour-vision deficiencies) for the types that hold most rounds, then distinct darker tones.
 */
const TYPE_COLOURS: Record<string, string> = {
  cec: '#0072B2',
  french: '#D55E00',
  healthcare: '#009E73',
  general: '#333333',
  trades: '#E69F00',
  stem: '#CC79A7',
  pnp: '#8C564B',
  fsw: '#56B4E9',
  fst: '#A68A00',
  transport: '#17A2B8',
  agriculture: '#6B8E23',
  education: '#7B4FB3',
  physicians: '#C62828',
  'senior-managers': '#3949AB',
  researchers: '#AD1457',
  military: '#4E5D2A',
  other: '#888888',
};

export function typeColour(categoryId: string): string {
  return TYPE_COLOURS[categoryId] ?? '#888888';
}

/** "#0072B2" → "rgba(0, 114, 178, 0.3)". */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

export const INK = '#222222';
export const MUTED = '#5f6368';
export const GRID = '#e6e6e6';

export const font = {
  title: { family: FONT_FAMILY, size: 19, weight: 'bold' as const },
  subtitle: { family: FONT_FAMILY, size: 13 },
  tick: { family: FONT_FAMILY, size: 12.5 },
  axisTitle: { family: FONT_FAMILY, size: 12.5, weight: 'bold' as const },
  legend: { family: FONT_FAMILY, size: 13 },
  label: { family: FONT_FAMILY, size: 11.5, weight: 'bold' as const },
  source: { family: FONT_FAMILY, size: 11.5 },
};

export interface SourceLinesOptions {
  /** Drawn bottom-left, one per line, the last in the muted colour: notes first, then the source. */
  lines: string[];
}

const LINE_HEIGHT = 16;

/** Room to keep at the bottom of the chart for the source lines. */
export function sourcePadding(lines: number): number {
  return 10 + lines * LINE_HEIGHT;
}

/**
 * Source, as-of date and notes drawn on the picture itself, so it still says where its figures
 * come from when shared on its own. Options: `plugins.eebSource.lines`.
 */
export const sourceLines: Plugin = {
  id: 'eebSource',
  afterDraw(chart: Chart, _args: unknown, options: SourceLinesOptions) {
    const { ctx, width, height } = chart;
    const lines = options.lines ?? [];
    ctx.save();
    ctx.font = `${font.source.size}px "${FONT_FAMILY}"`;
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    lines.forEach((line, index) => {
      ctx.fillStyle = index === lines.length - 1 ? MUTED : INK;
      ctx.fillText(fit(ctx, line, width - 24), 12, height - 10 - (lines.length - 1 - index) * LINE_HEIGHT);
    });
    ctx.restore();
  },
};

/** Cuts a line to a width with "…", rather than letting it run off the picture. */
function fit(ctx: Chart['ctx'], text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 1 && ctx.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}

export interface ValueLabelsOptions {
  /** Indexes of the datasets whose values are written next to their points or on their bars. */
  datasets: number[];
  /** Formats a value as the caller's language writes numbers. */
  format: (value: number) => string;
  /** Where a label goes: above a point or the top of a bar. */
  offset?: number;
}

/**
 * Writes values next to points and on bars (chart.js has no data labels of its own). A label is
 * skipped where it would overlap one already drawn, so crowded charts stay readable.
 */
export const valueLabels: Plugin = {
  id: 'eebValues',
  afterDatasetsDraw(chart: Chart, _args: unknown, options: ValueLabelsOptions) {
    const datasets = options.datasets ?? [];
    if (!datasets.length) return;
    const { ctx, chartArea } = chart;
    const drawn: { left: number; right: number; top: number; bottom: number }[] = [];
    ctx.save();
    ctx.font = `${font.label.weight} ${font.label.size}px "${FONT_FAMILY}"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    for (const index of datasets) {
      const meta = chart.getDatasetMeta(index);
      if (meta.hidden) continue;
      const colour = String(chart.data.datasets[index]?.borderColor ?? INK);
      meta.data.forEach((element, position) => {
        const raw = chart.data.datasets[index]!.data[position] as { y: number } | number;
        const value = typeof raw === 'number' ? raw : raw.y;
        const text = options.format(value);
        const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
        const textWidth = ctx.measureText(text).width;
        const top = Math.max(chartArea.top + font.label.size + 2, y - (options.offset ?? 6));
        const box = { left: x - textWidth / 2 - 2, right: x + textWidth / 2 + 2, top: top - font.label.size - 2, bottom: top };
        if (drawn.some((other) => box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top)) return;
        drawn.push(box);
        ctx.fillStyle = colour.startsWith('rgba') ? INK : colour;
        ctx.fillText(text, x, top);
      });
    }
    ctx.restore();
  },
};
