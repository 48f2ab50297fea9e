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

/** One marker per round type, so that lines meeting or running together stay told apart (and in grey print). */
const TYPE_MARKERS: Record<string, string> = {
  cec: 'circle',
  french: 'rect',
  healthcare: 'triangle',
  general: 'rectRot',
  trades: 'star',
  stem: 'crossRot',
  pnp: 'rectRounded',
  fsw: 'cross',
  fst: 'triangle',
  transport: 'rectRot',
  agriculture: 'star',
  education: 'rect',
  physicians: 'triangle',
  'senior-managers': 'rectRot',
  researchers: 'circle',
  military: 'cross',
};

export function typeMarker(categoryId: string): string {
  return TYPE_MARKERS[categoryId] ?? 'circle';
}

/** "#0072B2" → "rgba(0, 114, 178, 0.3)". */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

export const INK = '#222222';
export const MUTED = '#5f6368';
export const GRID = '#e6e6e6';

/**
 * Type sizes for a picture a phone shows about 360 pixels wide (CHART_SIZE): nothing a member must
 * read is smaller than about 9 of those pixels.
 */
export const font = {
  title: { family: FONT_FAMILY, size: 24, weight: 'bold' as const },
  subtitle: { family: FONT_FAMILY, size: 19 },
  tick: { family: FONT_FAMILY, size: 19 },
  axisTitle: { family: FONT_FAMILY, size: 17, weight: 'bold' as const },
  legend: { family: FONT_FAMILY, size: 20 },
  label: { family: FONT_FAMILY, size: 19, weight: 'bold' as const },
  source: { family: FONT_FAMILY, size: 15 },
};

/** A legend a phone can read: large type, each type's marker in its colour, only the datasets `shown` keeps. */
export function legendFor(shown: (datasetIndex: number) => boolean) {
  return {
    display: true,
    position: 'top' as const,
    align: 'start' as const,
    labels: {
      color: INK,
      font: font.legend,
      usePointStyle: true,
      boxWidth: 13,
      boxHeight: 13,
      padding: 16,
      filter: (item: { datasetIndex?: number }) => shown(item.datasetIndex ?? 0),
    },
  };
}

/**
 * Lines cut to fit a width at a font size, wrapped at spaces: a source line too long for a narrow
 * picture goes on two lines rather than losing its end. Measured by a generous average glyph width.
 */
export function wrapLines(lines: readonly string[], width: number, size: number): string[] {
  const perLine = Math.floor(width / (size * 0.53));
  return lines.flatMap((line) => {
    const out: string[] = [];
    let rest = line;
    while (rest.length > perLine) {
      const cut = rest.lastIndexOf(' ', perLine);
      const at = cut > perLine / 2 ? cut : perLine;
      out.push(rest.slice(0, at));
      rest = rest.slice(at).trimStart();
    }
    return [...out, rest];
  });
}

export interface SourceLinesOptions {
  /** Drawn bottom-left, one per line: notes first, then the source (in the muted colour, from `mutedFrom`: the last line by default). */
  lines: string[];
  mutedFrom?: number;
}

const LINE_HEIGHT = 20;

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
      ctx.fillStyle = index >= (options.mutedFrom ?? lines.length - 1) ? MUTED : INK;
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

/**
 * A rule between panels stacked on one axis (chart.js lays stacked scales edge to edge): each
 * panel reads as a chart of its own. Options: `plugins.eebPanels.scales`, the stacked scale ids.
 */
export const panelRules: Plugin = {
  id: 'eebPanels',
  afterDraw(chart: Chart, _args: unknown, options: { scales?: string[] }) {
    const tops = (options.scales ?? []).map((id) => chart.scales[id]).filter((scale) => scale !== undefined).map((scale) => scale.top);
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = MUTED;
    ctx.lineWidth = 1.5;
    for (const top of tops) {
      if (top <= chartArea.top + 1) continue;
      ctx.beginPath();
      ctx.moveTo(chartArea.left - 6, top);
      ctx.lineTo(chartArea.right, top);
      ctx.stroke();
    }
    ctx.restore();
  },
};

export interface ValueLabelsOptions {
  /** Indexes of the datasets whose values are written next to their points or on their bars. */
  datasets: number[];
  /** Every point's value, or only each dataset's last one (a line's latest cut-off). */
  only?: 'all' | 'last';
  /** What to write instead of each value (a bar's length is not always the number to read). */
  texts?: string[];
  /** Around a point (lines), or past the end of a horizontal bar. */
  place?: 'around' | 'bar-end';
  /** Told what was placed, and what it kept clear of (tests read it). */
  onPlaced?: (placed: PlacedLabel[], room: LabelRoom) => void;
  /** Formats a value as the caller's language writes numbers. */
  format: (value: number) => string;
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

/** Whether a segment crosses a box (Liang–Barsky clipping). */
function crosses(box: Box, x1: number, y1: number, x2: number, y2: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  for (const [p, q] of [[-dx, x1 - box.left], [dx, box.right - x1], [-dy, y1 - box.top], [dy, box.bottom - y1]] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

/** A value to write by a point: where the point is, what to write and how wide it is, in pixels. */
export interface LabelRequest {
  x: number;
  y: number;
  text: string;
  width: number;
}

export interface LabelRoom {
  /** Line segments drawn ([x1, y1, x2, y2]): labels keep off them. */
  segments: [number, number, number, number][];
  /** Markers and anything else a label must not cover. */
  keepClear: Box[];
  area: Box;
  /** The label's text height. */
  size: number;
  place?: 'around' | 'bar-end';
}

export interface PlacedLabel {
  /** Which request it answers. */
  index: number;
  text: string;
  cx: number;
  cy: number;
  box: Box;
}

/**
 * Where each label goes: above its point, below, right or left, then at a corner or a step further
 * out — the first spot that crosses no line, covers no marker and no label already placed, inside the plot. A label with no such spot
 * takes the one crossing fewest lines if it covers nothing; one that would cover something is left out.
 */
export function placeLabels(requests: readonly LabelRequest[], room: LabelRoom): PlacedLabel[] {
  const { segments, keepClear, area, size } = room;
  const placed: PlacedLabel[] = [];
  const gap = 9;
  requests.forEach(({ x, y, text, width }, index) => {
    const half = width / 2 + 3;
    // Above or below a point near an edge, the label slides inward rather than off the plot.
    const within = Math.min(Math.max(x, area.left + half), area.right - half);
    const spots = room.place === 'bar-end'
      ? [{ cx: x + 6 + half, cy: y }]
      : [
          { cx: within, cy: y - gap - size / 2 },
          { cx: within, cy: y + gap + size / 2 },
          { cx: x + gap + half, cy: y },
          { cx: x - gap - half, cy: y },
          // Then the corners, and a step further out.
          { cx: x + half, cy: y - gap - size / 2 },
          { cx: x - half, cy: y - gap - size / 2 },
          { cx: x + half, cy: y + gap + size / 2 },
          { cx: x - half, cy: y + gap + size / 2 },
          { cx: within, cy: y - 2 * gap - size },
          { cx: within, cy: y + 2 * gap + size },
        ];
    const inside = (box: Box) => box.left >= area.left && box.right <= area.right && box.top >= area.top && box.bottom <= area.bottom;
    const cost = (box: Box) =>
      (!inside(box) || placed.some((other) => overlaps(box, other.box)) || keepClear.some((other) => overlaps(box, other)) ? 1000 : 0) +
      segments.filter(([x1, y1, x2, y2]) => crosses(box, x1, y1, x2, y2)).length;
    const candidates = spots.map(({ cx, cy }) => ({ index, text, cx, cy, box: { left: cx - half, right: cx + half, top: cy - size / 2 - 2, bottom: cy + size / 2 + 2 } }));
    const best = candidates.reduce((chosen, candidate) => (cost(candidate.box) < cost(chosen.box) ? candidate : chosen));
    if (cost(best.box) < 1000) placed.push(best);
  });
  return placed;
}

/**
 * Writes values next to points, or past bars (chart.js has no data labels of its own), where
 * placeLabels finds them room, with a white halo. `onPlaced` (tests) receives what was placed
 * and what it kept clear of.
 */
export const valueLabels: Plugin = {
  id: 'eebValues',
  afterDatasetsDraw(chart: Chart, _args: unknown, options: ValueLabelsOptions) {
    const datasets = options.datasets ?? [];
    if (!datasets.length) return;
    const { ctx, chartArea } = chart;
    const size = font.label.size;
    ctx.save();
    ctx.font = `${font.label.weight} ${size}px "${FONT_FAMILY}"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const segments: LabelRoom['segments'] = [];
    const keepClear: Box[] = [];
    chart.data.datasets.forEach((dataset, index) => {
      const meta = chart.getDatasetMeta(index);
      if (meta.hidden || (dataset as { type?: string }).type !== 'line') return;
      const at = meta.data.map((element) => element.getProps(['x', 'y'], true) as { x: number; y: number });
      for (let point = 1; point < at.length; point++) segments.push([at[point - 1]!.x, at[point - 1]!.y, at[point]!.x, at[point]!.y]);
      for (const { x, y } of at) keepClear.push({ left: x - 5, right: x + 5, top: y - 5, bottom: y + 5 });
    });
    const requests: (LabelRequest & { colour: string })[] = [];
    for (const index of datasets) {
      const meta = chart.getDatasetMeta(index);
      if (meta.hidden) continue;
      const colour = String(chart.data.datasets[index]?.borderColor ?? INK);
      const elements = options.only === 'last' ? meta.data.slice(-1) : meta.data;
      const offset = meta.data.length - elements.length;
      elements.forEach((element, position) => {
        const raw = chart.data.datasets[index]!.data[offset + position] as { y: number } | number;
        const text = options.texts?.[offset + position] ?? options.format(typeof raw === 'number' ? raw : raw.y);
        const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
        requests.push({ x, y, text, width: ctx.measureText(text).width, colour: colour.startsWith('rgba') ? INK : colour });
      });
    }
    const area = { left: chartArea.left, right: chartArea.right + 12, top: chartArea.top - 4, bottom: chartArea.bottom };
    const placed = placeLabels(requests, { segments, keepClear, area, size, place: options.place });
    for (const label of placed) {
      ctx.lineWidth = 4;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeText(label.text, label.cx, label.cy);
      ctx.fillStyle = requests[label.index]!.colour;
      ctx.fillText(label.text, label.cx, label.cy);
    }
    options.onPlaced?.(placed, { segments, keepClear, area, size });
    ctx.restore();
  },
};
