import type { CommandContext } from '../../chat/command.ts';
import type { Draw } from '../../core/draw.ts';
import { periodKey, type Period } from '../../core/period.ts';
import { inLanguage } from '../../core/text.ts';
import { PNP, selectTrend, seriesStats, type Trend } from '../../core/trend.ts';
import { dateIn } from '../../i18n/format.ts';
import type { ReplyImage } from '../../chat/reply.ts';
import { CHART_SIZE, renderChart } from './canvas.ts';
import { perPoint, poolChartConfig, type PoolChartConfig } from './pool-chart.ts';
import { trendChartConfig, type TrendChartConfig } from './trend-chart.ts';

/**
 * Pictures for answers (and, later, digests): a round type and a period in, PNG bytes and alt text
 * out, in the caller's language. `build…` gives the chart.js configuration (what tests read);
 * `render…` draws it. Rendered pictures are kept while the history and the day stay the same, so
 * asking twice costs one drawing.
 */

/** What a picture needs from a command's context: a digest can build one from the core alone. */
export type ChartContext = Pick<CommandContext, 'core' | 't' | 'format' | 'locale' | 'today'>;

export interface TrendChartRequest {
  /** Round type ids; none: the overview of every type but PNP. */
  types?: readonly string[];
  /** Absent: the last 12 months, widened to all rounds when the types held fewer than two. */
  period?: Period;
}

export interface TrendChart {
  trend: Trend;
  /** Null when no round falls in the period: there is nothing to draw. */
  config: TrendChartConfig | null;
  title: string;
  alt: string;
  filename: string;
}

export interface PoolChart {
  draw: Draw;
  config: PoolChartConfig;
  alt: string;
  filename: string;
}

function shortName({ core, locale }: ChartContext, id: string): string {
  const category = core.categories.get(id);
  return category ? inLanguage(category.short, locale) : id;
}

/**
 * The period as a title says it: "last 12 months", "2024", "all rounds" — or, when the data ends
 * well before today, "12 months to Apr 15, 2026": the window ends at the newest round held.
 */
export function periodTitle({ t, format }: ChartContext, period: Period, dataEnds: string | null = null): string {
  if (period.kind === 'months') return dataEnds ? t.trend.periodTo(period.months, format.shortDate(dataEnds)) : t.trend.period('months', period.months);
  return period.kind === 'year' ? t.trend.period('year', period.year) : t.trend.period('all', 0);
}

/** The types a trend names, as a title says them ("CEC and French"); null for the overview. */
export function trendTypes(ctx: ChartContext, trend: Trend): string | null {
  return trend.overview ? null : ctx.format.list(trend.series.map((series) => shortName(ctx, series.category)));
}

/** The source line drawn on every picture: IRCC, the newest round, and how fresh the data is. */
export function sourceLine(ctx: ChartContext): string {
  const { core, t, format } = ctx;
  const { newest, checkedAt, snapshotDate } = core.queries.freshness();
  return t.charts.source(
    newest ? t.common.round(newest.number, format.date(newest.date)) : null,
    checkedAt ? format.date(dateIn(format.timeZone, new Date(checkedAt))) : null,
    snapshotDate ? format.date(snapshotDate) : null,
  );
}

export function buildTrendChart(ctx: ChartContext, request: TrendChartRequest = {}): TrendChart {
  const { core, t, format } = ctx;
  const trend = selectTrend(core, { types: request.types, period: request.period, today: ctx.today });
  const title = t.trend.title(trendTypes(ctx, trend), periodTitle(ctx, trend.period, trend.dataEnds));
  const filename = `trend-${trend.overview ? 'all' : trend.series.map((series) => series.category).join('-')}-${periodKey(trend.period)}.png`;
  const shown = trend.series.filter((series) => series.draws.length);
  if (!shown.length) return { trend, config: null, title, alt: '', filename };

  const notes = [
    ...(trend.pnpLeftOut ? [t.trend.pnpLeftOut(format.number(trend.pnpLeftOut))] : []),
    ...(shown.some((series) => series.category === PNP) ? [t.common.pnpNote] : []),
  ];
  const config = trendChartConfig({
    title,
    subtitle: { perRound: t.charts.trendSubtitle('round'), perMonth: t.charts.trendSubtitle('month') },
    sourceLines: [...notes, sourceLine(ctx)],
    axes: { crs: t.charts.crsAxis, invitations: { perRound: t.charts.invitationsAxis('round'), perMonth: t.charts.invitationsAxis('month') } },
    window: trend.window,
    series: shown.map((series) => ({
      id: series.category,
      label: shortName(ctx, series.category),
      points: series.draws.map((draw) => ({ date: draw.date, crs: draw.crs, invitations: draw.invitations, number: draw.number })),
    })),
    number: (value) => format.number(value),
    month: (date) => format.monthYear(date),
  });
  return { trend, config, title, alt: trendAlt(ctx, trend, title), filename };
}

const MAX_ALT = 900;

/** A short text of what the picture shows: the range, then each type's latest, low and high. */
function trendAlt(ctx: ChartContext, trend: Trend, title: string): string {
  const { t, format } = ctx;
  const parts: string[] = [];
  for (const series of trend.series) {
    const stats = seriesStats(series.draws);
    if (!stats) continue;
    parts.push(t.trend.altType(shortName(ctx, series.category), stats.rounds, `${format.number(stats.latest.crs)} (${format.shortDate(stats.latest.date)})`, format.number(stats.lowest.crs), format.number(stats.highest.crs)));
  }
  const invitations = format.number(trend.draws.reduce((sum, draw) => sum + draw.invitations, 0));
  const alt = (shown: string[], more: number) => t.trend.alt(title, format.date(trend.window.from), format.date(trend.window.to), [...shown, ...(more ? [t.trend.altMore(more)] : [])].join('; '), invitations);
  let count = parts.length;
  while (count > 1 && alt(parts.slice(0, count), parts.length - count).length > MAX_ALT) count--;
  return alt(parts.slice(0, count), parts.length - count);
}

export function buildPoolChart(ctx: ChartContext): PoolChart | null {
  const { core, t, format } = ctx;
  const draw = core.queries.latestPool();
  if (!draw?.pool) return null;
  const { pool } = draw;
  const asOf = pool.asOf ? format.date(pool.asOf) : t.common.notPublished;
  const round = t.common.round(draw.number, format.date(draw.date));
  const bands = [...pool.bands].sort((a, b) => a.from - b.from).map((band) => ({ ...band, label: `${band.from}–${band.to}` }));
  // The band holding the most, and the one most crowded per point: with bands of unequal widths, not the same.
  const largest = bands.reduce((best, band) => (band.count > best.count ? band : best), bands[0]!);
  const densest = bands.reduce((best, band) => (perPoint(band) > perPoint(best) ? band : best), bands[0]!);
  const points = (band: { from: number; to: number }) => format.number(band.to - band.from + 1);
  const above = bands.filter((band) => band.from > 500).reduce((sum, band) => sum + band.count, 0);
  return {
    draw,
    config: poolChartConfig({
      title: t.charts.poolTitle(asOf),
      subtitle: t.charts.poolSubtitle(format.number(pool.total), round),
      sourceLines: [sourceLine(ctx)],
      axes: { bands: t.charts.bandsAxis, candidates: t.charts.candidatesAxis },
      bands,
      number: (value) => format.number(value),
    }),
    alt: t.charts.poolAlt(asOf, format.number(pool.total), densest.label, format.number(densest.count), points(densest), largest.label, format.number(largest.count), points(largest), format.number(above)),
    filename: `pool-${pool.asOf ?? draw.date}.png`,
  };
}

/** Rendered pictures, per history (a new history is a new array) and per question, day and language. */
const cache = new WeakMap<readonly Draw[], Map<string, ReplyImage>>();
const CACHE_SIZE = 64;

async function cached(ctx: ChartContext, key: unknown[], draw: () => Promise<ReplyImage>): Promise<ReplyImage> {
  const history = ctx.core.queries.all;
  let images = cache.get(history);
  if (!images) cache.set(history, (images = new Map()));
  const id = JSON.stringify([...key, ctx.locale, ctx.today, sourceLine(ctx), CHART_SIZE]);
  const found = images.get(id);
  if (found) return found;
  const image = await draw();
  if (images.size >= CACHE_SIZE) images.delete(images.keys().next().value!);
  images.set(id, image);
  return image;
}

/** The trend picture of one or several round types, e.g. `renderTrendChart(ctx, { types: ['stem'] })`. */
export async function renderTrendChart(ctx: ChartContext, request: TrendChartRequest = {}): Promise<{ chart: TrendChart; image: ReplyImage | null }> {
  const chart = buildTrendChart(ctx, request);
  const { config } = chart;
  if (!config) return { chart, image: null };
  const image = await cached(ctx, ['trend', request.types ?? [], request.period ?? null], async () => ({ png: await renderChart(config), alt: chart.alt, filename: chart.filename }));
  return { chart, image };
}

/** The picture of the latest pool distribution; null when IRCC has published none in the data held. */
export async function renderPoolChart(ctx: ChartContext): Promise<ReplyImage | null> {
  const chart = buildPoolChart(ctx);
  if (!chart) return null;
  return cached(ctx, ['pool'], async () => ({ png: await renderChart(chart.config), alt: chart.alt, filename: chart.filename }));
}
