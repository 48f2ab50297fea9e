import type { ChartConfiguration, ChartData, ChartDataset, LegendItem, Scale, ScriptableLineSegmentContext } from 'chart.js';
import { CHART_SIZE, type ChartSize } from './canvas.ts';
import { font, GRID, INK, MUTED, sourceLines, sourcePadding, typeColour, valueLabels, withAlpha } from './theme.ts';

/**
 * A trend of cut-offs as a chart.js configuration: one line per round type (CRS cut-off of each
 * round, left axis) over bars of invitations per month (right axis, stacked by type), on a dated
 * x axis. Built from plain data with every text already in the caller's language, so tests can
 * read the points back from the configuration.
 */

export interface TrendPoint {
  /** YYYY-MM-DD */
  date: string;
  crs: number;
  invitations: number;
  number: string;
}

export interface TrendChartInput {
  title: string;
  /** Says what lines and bars show; the bars show each round, or each month when rounds are too close to tell apart. */
  subtitle: { perRound: string; perMonth: string };
  /** Bottom lines: notes, then the source and as-of line last. */
  sourceLines: string[];
  axes: { crs: string; invitations: { perRound: string; perMonth: string } };
  /** Inclusive, YYYY-MM-DD: the x axis spans it. */
  window: { from: string; to: string };
  series: { id: string; label: string; points: TrendPoint[] }[];
  number: (value: number) => string;
  /** A month's tick label: "Jan 2026" / "janv. 2026". */
  month: (isoDate: string) => string;
}

export type BarsPer = 'round' | 'month';
export type TrendDataset = ChartDataset<'line' | 'bar', { x: number; y: number }[]> & { eebKind: 'crs' | 'invitations'; eebType: string; eebBars?: BarsPer };
export type TrendChartConfig = Omit<ChartConfiguration<'line' | 'bar', { x: number; y: number }[]>, 'data'> & { data: { datasets: TrendDataset[] } };

const DAY = 86_400_000;
/** Rounds of a type further apart than this are joined by a dashed segment. */
const LONG_GAP = 183 * DAY;

export const time = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

/** Month starts between two instants, every `step` months (January-aligned). */
function monthTicks(min: number, max: number, step: number): number[] {
  const start = new Date(min);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  if (Date.UTC(year, month, 1) < min) month++;
  month = Math.ceil(month / step) * step;
  const ticks: number[] = [];
  for (;;) {
    const at = Date.UTC(year, month, 1);
    if (at > max) return ticks;
    ticks.push(at);
    month += step;
    if (month >= 12) {
      year += Math.floor(month / 12);
      month %= 12;
    }
  }
}

/** Months between ticks, so that about eight labels fit. */
function tickStep(spanDays: number): number {
  const months = spanDays / 30.4;
  return [1, 2, 3, 6, 12, 24, 36, 60].find((step) => months / step <= 8) ?? 120;
}

/** Round lower and upper bounds and a step that gives at most `maxTicks` intervals. */
export function niceRange(low: number, high: number, maxTicks = 8): { min: number; max: number; step: number } {
  const span = Math.max(high - low, 1);
  const magnitude = 10 ** Math.floor(Math.log10(span / maxTicks));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => span / candidate <= maxTicks) ?? 10 * magnitude;
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step, step };
}

/** Invitations per calendar month ("2026-04") of a series, oldest first. */
function byMonth(points: readonly TrendPoint[]): { month: string; invitations: number }[] {
  const months = new Map<string, number>();
  for (const point of points) months.set(point.date.slice(0, 7), (months.get(point.date.slice(0, 7)) ?? 0) + point.invitations);
  return [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, invitations]) => ({ month, invitations }));
}

export function trendChartConfig(input: TrendChartInput, size: ChartSize = CHART_SIZE): TrendChartConfig {
  const points = input.series.flatMap((series) => series.points);
  const plotWidth = size.width - 170;
  const from = time(input.window.from);
  const to = time(input.window.to);
  const span = Math.max(to - from, 30 * DAY);
  const pixelsPerDay = plotWidth / (span / DAY);

  // A bar per round while rounds are far enough apart to tell apart; else a bar per month.
  const dates = [...new Set(points.map((point) => time(point.date)))].sort((a, b) => a - b);
  const closest = dates.slice(1).reduce((gap, date, index) => Math.min(gap, date - dates[index]!), Infinity);
  const barsPer: BarsPer = dates.length <= 1 || (closest / DAY) * pixelsPerDay >= 10 ? 'round' : 'month';
  const barThickness =
    barsPer === 'round'
      ? Math.max(3, Math.min(24, Math.floor(Number.isFinite(closest) ? (closest / DAY) * pixelsPerDay * 0.6 : 24)))
      : Math.max(2, Math.min(40, Math.floor(30.4 * pixelsPerDay * 0.7)));
  const bars: TrendDataset[] = input.series.map((series) => ({
    type: 'bar',
    eebKind: 'invitations',
    eebType: series.id,
    eebBars: barsPer,
    label: series.label,
    data:
      barsPer === 'round'
        ? series.points.map((point) => ({ x: time(point.date), y: point.invitations }))
        : byMonth(series.points).map(({ month, invitations }) => ({ x: time(`${month}-15`), y: invitations })),
    yAxisID: 'y1',
    xAxisID: 'x',
    stack: 'invitations',
    backgroundColor: withAlpha(typeColour(series.id), 0.28),
    borderColor: withAlpha(typeColour(series.id), 0.6),
    borderWidth: 1,
    barThickness,
    order: 1,
  }));

  // The x axis spans the period, with room at both ends for edge points and whole bars.
  const barXs = bars.flatMap((dataset) => dataset.data.map((point) => point.x));
  const halfBar = ((barThickness / 2 + 4) / pixelsPerDay) * DAY;
  const min = Math.min(from - span * 0.015, ...barXs.map((x) => x - halfBar));
  const max = Math.max(to + span * 0.015, ...barXs.map((x) => x + halfBar));
  const step = tickStep((max - min) / DAY);

  const many = points.length > 150;
  const lines: TrendDataset[] = input.series.map((series) => ({
    type: 'line',
    eebKind: 'crs',
    eebType: series.id,
    label: series.label,
    data: series.points.map((point) => ({ x: time(point.date), y: point.crs })),
    yAxisID: 'y',
    xAxisID: 'x',
    borderColor: typeColour(series.id),
    backgroundColor: typeColour(series.id),
    borderWidth: many ? 1.5 : 2.5,
    pointRadius: many ? 1.5 : points.length > 60 ? 2.5 : 4,
    pointHoverRadius: 0,
    tension: 0,
    // A long wait between two rounds of a type: the segment is dashed, not a trend.
    segment: { borderDash: (segment: ScriptableLineSegmentContext) => ((segment.p1.parsed.x ?? 0) - (segment.p0.parsed.x ?? 0) > LONG_GAP ? [5, 5] : undefined) },
    order: 0,
  }));

  // Lines in the upper part of the plot, bars in the lower part: both stay readable.
  const crs = points.map((point) => point.crs);
  const low = crs.length ? Math.min(...crs) : 0;
  const high = crs.length ? Math.max(...crs) : 1;
  const spread = Math.max(high - low, 20);
  const crsScale = niceRange(Math.max(0, low - spread * 0.9), high + spread * 0.1);
  const stackTotals = new Map<number, number>();
  for (const dataset of bars) for (const point of dataset.data) stackTotals.set(point.x, (stackTotals.get(point.x) ?? 0) + point.y);
  const invitationScale = niceRange(0, Math.max(1, ...stackTotals.values()) * 2.1, 6);
  // A single series with few rounds: each cut-off written beside its point.
  const labelled = input.series.length === 1 && points.length <= 30 ? [0] : [];

  return {
    type: 'line',
    data: { datasets: [...lines, ...bars] },
    options: {
      layout: { padding: { top: 6, right: 14, bottom: sourcePadding(input.sourceLines.length), left: 10 } },
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          offset: false,
          // Bar datasets would shift the grid half a step off the month ticks.
          grid: { color: GRID, offset: false },
          border: { color: MUTED },
          afterBuildTicks: (scale: Scale) => {
            scale.ticks = monthTicks(min, max, step).map((value) => ({ value }));
          },
          ticks: {
            autoSkip: false,
            maxRotation: 0,
            color: INK,
            font: font.tick,
            callback: (value) => {
              const date = new Date(Number(value)).toISOString().slice(0, 10);
              return step >= 12 ? date.slice(0, 4) : input.month(date);
            },
          },
        },
        y: {
          type: 'linear',
          position: 'left',
          min: crsScale.min,
          max: crsScale.max,
          grid: { color: GRID },
          border: { color: MUTED },
          title: { display: true, text: input.axes.crs, color: INK, font: font.axisTitle },
          ticks: { color: INK, font: font.tick, stepSize: crsScale.step, callback: (value) => input.number(Number(value)) },
        },
        y1: {
          type: 'linear',
          position: 'right',
          stacked: true,
          min: 0,
          max: invitationScale.max,
          grid: { drawOnChartArea: false },
          border: { color: MUTED },
          title: { display: true, text: input.axes.invitations[barsPer === 'round' ? 'perRound' : 'perMonth'], color: MUTED, font: font.axisTitle },
          ticks: { color: MUTED, font: font.tick, stepSize: invitationScale.step, callback: (value) => input.number(Number(value)) },
        },
      },
      plugins: {
        title: { display: true, text: input.title, align: 'start', color: INK, font: font.title, padding: { top: 4, bottom: 2 } },
        subtitle: { display: true, text: input.subtitle[barsPer === 'round' ? 'perRound' : 'perMonth'], align: 'start', color: MUTED, font: font.subtitle, padding: { bottom: 8 } },
        legend: {
          display: true,
          position: 'top',
          align: 'start',
          // The bars share the lines' colours: one legend entry per type is enough.
          labels: { color: INK, font: font.legend, boxWidth: 22, boxHeight: 3, padding: 14, filter: (item: LegendItem, data: ChartData) => (data.datasets[item.datasetIndex ?? 0] as TrendDataset).eebKind === 'crs' },
        },
        tooltip: { enabled: false },
        eebSource: { lines: input.sourceLines },
        eebValues: { datasets: labelled, format: input.number, offset: 8 },
      } as never,
    },
    plugins: [sourceLines, valueLabels],
  };
}
