import type { ChartConfiguration, ChartDataset, PointStyle, ScriptableLineSegmentContext } from 'chart.js';
import { CHART_SIZE, type ChartSize } from './canvas.ts';
import { font, GRID, INK, legendFor, MUTED, panelRules, sourceLines, sourcePadding, typeColour, typeMarker, valueLabels, withAlpha, wrapLines } from './theme.ts';

/**
 * A trend of cut-offs as a chart.js configuration, in panels sharing one dated x axis: the CRS
 * cut-off of each round, a line per round type, above; the invitations, bars stacked by type,
 * below. Each CRS panel's axis spans its own lines' values: types far apart (Physicians at 169,
 * PNP at 750, the rest near 500) get panels of their own rather than one axis squashing them all.
 * Built from plain data with every text already in the caller's language, so tests can read the
 * points back from the configuration.
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
  /** Says what the panels show; the bars show each round, or each month when rounds are too close to tell apart. */
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
/** Cut-offs of types this far apart are drawn in panels of their own. */
const PANEL_GAP = 80;
/** At most this many CRS panels: beyond, types share the nearest. */
const MAX_PANELS = 3;
/** The CRS axes, top panel first; the invitations axis. */
const CRS_AXES = ['y', 'y2', 'y3'] as const;
const BARS_AXIS = 'y1';
/** A single series with at most this many rounds has each cut-off written by its point; otherwise only the latest. */
const LABEL_EVERY_POINT = 30;

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

/** Months between ticks, so that about `labels` labels fit. */
function tickStep(spanDays: number, labels: number): number {
  const months = spanDays / 30.4;
  return [1, 2, 3, 6, 12, 24, 36, 60].find((step) => months / step <= labels) ?? 120;
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

/**
 * The series in panels, highest cut-offs first: types whose ranges lie PANEL_GAP or more apart
 * go to different panels (at most MAX_PANELS, split at the widest gaps); a type is never split.
 */
export function crsPanels(series: TrendChartInput['series']): string[][] {
  const ranges = series
    .filter((entry) => entry.points.length)
    .map((entry) => ({ id: entry.id, low: Math.min(...entry.points.map((point) => point.crs)), high: Math.max(...entry.points.map((point) => point.crs)) }))
    .sort((a, b) => b.high - a.high);
  const groups: { ids: string[]; low: number; high: number }[] = [];
  for (const range of ranges) {
    const last = groups.at(-1);
    if (last && last.low - range.high < PANEL_GAP) {
      last.ids.push(range.id);
      last.low = Math.min(last.low, range.low);
    } else groups.push({ ids: [range.id], low: range.low, high: range.high });
  }
  // Too many panels: join the two neighbours closest together until few enough remain.
  while (groups.length > MAX_PANELS) {
    let closest = 0;
    for (let index = 1; index < groups.length - 1; index++) if (groups[index]!.low - groups[index + 1]!.high < groups[closest]!.low - groups[closest + 1]!.high) closest = index;
    const [upper, lower] = [groups[closest]!, groups[closest + 1]!];
    groups.splice(closest, 2, { ids: [...upper.ids, ...lower.ids], low: Math.min(upper.low, lower.low), high: upper.high });
  }
  return groups.map((group) => group.ids);
}

export function trendChartConfig(input: TrendChartInput, size: ChartSize = CHART_SIZE): TrendChartConfig {
  const points = input.series.flatMap((series) => series.points);
  const plotWidth = size.width - 150;
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
    yAxisID: BARS_AXIS,
    xAxisID: 'x',
    stack: 'invitations',
    backgroundColor: withAlpha(typeColour(series.id), 0.45),
    borderColor: typeColour(series.id),
    borderWidth: 1,
    barThickness,
    order: 1,
  }));

  // The x axis spans the period, with room at both ends for edge points and whole bars.
  const barXs = bars.flatMap((dataset) => dataset.data.map((point) => point.x));
  const halfBar = ((barThickness / 2 + 4) / pixelsPerDay) * DAY;
  const min = Math.min(from - span * 0.02, ...barXs.map((x) => x - halfBar));
  const max = Math.max(to + span * 0.02, ...barXs.map((x) => x + halfBar));
  const step = tickStep((max - min) / DAY, Math.max(3, Math.floor(plotWidth / 110)));

  // Each type in the panel of its cut-offs; each panel's axis around its own values.
  const panels = crsPanels(input.series);
  const axisOf = new Map(panels.flatMap((ids, index) => ids.map((id) => [id, CRS_AXES[index]!] as const)));
  const many = points.length > 150;
  const lines: TrendDataset[] = input.series.map((series) => ({
    type: 'line',
    eebKind: 'crs',
    eebType: series.id,
    label: series.label,
    data: series.points.map((point) => ({ x: time(point.date), y: point.crs })),
    yAxisID: axisOf.get(series.id) ?? CRS_AXES[0],
    xAxisID: 'x',
    borderColor: typeColour(series.id),
    backgroundColor: typeColour(series.id),
    borderWidth: many ? 2 : 3,
    // A marker of its own per type: lines that meet or overlap are still told apart.
    pointStyle: typeMarker(series.id) as PointStyle,
    pointRadius: many ? 2 : points.length > 60 ? 3.5 : points.length > 20 ? 5 : 6.5,
    pointHoverRadius: 0,
    tension: 0,
    // A long wait between two rounds of a type: the segment is dashed, not a trend.
    segment: { borderDash: (segment: ScriptableLineSegmentContext) => ((segment.p1.parsed.x ?? 0) - (segment.p0.parsed.x ?? 0) > LONG_GAP ? [6, 5] : undefined) },
    order: 0,
  }));

  const crsScales = Object.fromEntries(
    panels.map((ids, index) => {
      const values = input.series.filter((series) => ids.includes(series.id)).flatMap((series) => series.points.map((point) => point.crs));
      const low = Math.min(...values);
      const high = Math.max(...values);
      // Room above and below for the values written by the points.
      const pad = Math.max((high - low) * 0.12, 8);
      // No CRS is below 0: the axis stops there however far the padding would reach.
      const range = niceRange(Math.max(0, low - pad), high + pad, index === 0 ? 6 : 3);
      return [
        CRS_AXES[index]!,
        {
          type: 'linear' as const,
          position: 'left' as const,
          stack: 'panels',
          // Panels as tall as the rounds they hold call for, none too short to read.
          stackWeight: 1.3 + (3 * values.length) / points.length,
          offset: true,
          min: range.min,
          max: range.max,
          grid: { color: GRID },
          border: { color: MUTED },
          title: { display: index === 0, text: input.axes.crs, color: INK, font: font.axisTitle },
          ticks: { color: INK, font: font.tick, stepSize: range.step, maxTicksLimit: index === 0 ? 8 : 4, callback: (value: number | string) => input.number(Number(value)) },
        },
      ];
    }),
  );
  const stackTotals = new Map<number, number>();
  for (const dataset of bars) for (const point of dataset.data) stackTotals.set(point.x, (stackTotals.get(point.x) ?? 0) + point.y);
  const invitationScale = niceRange(0, Math.max(1, ...stackTotals.values()), 3);

  // Which cut-offs are written by their points: every one for a single type with few rounds, else each type's latest.
  const labelled = input.series.length === 1 && points.length <= LABEL_EVERY_POINT ? 'all' : 'last';
  // Notes wrap like the source line: a narrow picture keeps every word of them.
  const notes = wrapLines(input.sourceLines.slice(0, -1), size.width - 24, font.source.size);
  const sources = [...notes, ...wrapLines(input.sourceLines.slice(-1), size.width - 24, font.source.size)];

  return {
    type: 'line',
    data: { datasets: [...lines, ...bars] },
    options: {
      layout: { padding: { top: 4, right: 18, bottom: sourcePadding(sources.length), left: 8 } },
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          offset: false,
          // Bar datasets would shift the grid half a step off the month ticks.
          grid: { color: GRID, offset: false },
          border: { color: MUTED },
          afterBuildTicks: (scale) => {
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
        // Stacked scales are laid out bottom first: the invitations, then the CRS panels, lowest first.
        [BARS_AXIS]: {
          type: 'linear',
          position: 'left',
          stack: 'panels',
          stackWeight: 1.8,
          stacked: true,
          offset: true,
          min: 0,
          max: invitationScale.max,
          grid: { color: GRID },
          border: { color: MUTED },
          title: { display: true, text: input.axes.invitations[barsPer === 'round' ? 'perRound' : 'perMonth'], color: MUTED, font: font.axisTitle },
          ticks: { color: MUTED, font: font.tick, stepSize: invitationScale.step, maxTicksLimit: 4, callback: (value) => input.number(Number(value)) },
        },
        ...Object.fromEntries(Object.entries(crsScales).reverse()),
      },
      plugins: {
        title: { display: true, text: wrapLines([input.title], size.width - 24, font.title.size * 1.05), align: 'start', color: INK, font: font.title, padding: { top: 4, bottom: 2 } },
        subtitle: { display: true, text: wrapLines([input.subtitle[barsPer === 'round' ? 'perRound' : 'perMonth']], size.width - 24, font.subtitle.size), align: 'start', color: MUTED, font: font.subtitle, padding: { bottom: 6 } },
        // The bars share the lines' colours: one entry per type, with its marker.
        legend: legendFor((datasetIndex) => datasetIndex < lines.length),
        tooltip: { enabled: false },
        eebSource: { lines: sources, mutedFrom: notes.length },
        eebValues: { datasets: lines.map((_, index) => index), only: labelled, format: input.number },
        eebPanels: { scales: [BARS_AXIS, ...CRS_AXES.slice(0, panels.length)] },
      } as never,
    },
    plugins: [sourceLines, valueLabels, panelRules],
  };
}
