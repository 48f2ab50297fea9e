import { commands } from '../commands/index.ts';
import { askConsole } from '../src/adapters/console/input.ts';
import { commandContext } from '../src/chat/context.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { pixelSize, renderChart } from '../src/render/charts/canvas.ts';
import { buildPoolChart, buildTrendChart } from '../src/render/charts/index.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { compareAsync, summarize, timeAsync } from './measure.ts';

const RUNS = 60;

/**
 * Time to draw a chart from the history (select the rounds, build the chart.js configuration,
 * draw, encode the PNG) against the in-process answer time of /latest, alternated in one run.
 * Pictures are cached per history and day in the bot; this measures the drawing the cache saves.
 */
export async function benchCharts() {
  const pixels = pixelSize();
  const seeds = loadSeeds();
  const draws = seeds.snapshotDraws();
  const core = createCore({ draws: () => draws, freshness: () => ({ newest: { number: draws[0]!.number, date: draws[0]!.date }, checkedAt: null, snapshotDate: draws[0]!.date }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  // The day after the newest round: the 12-month overview then holds a full year of rounds.
  const now = new Date(Date.parse(`${draws[0]!.date}T15:00:00Z`) + 86_400_000);
  const answering = { core, commands, timeZone: 'America/Toronto', now: () => now };
  const ctx = commandContext(answering, { locale: 'en', chat: { platform: 'console', id: 'bench', kind: 'private' }, canAdminister: false });
  const latest = () => askConsole('/latest', answering, 'en', silentLogger);

  const trend = await compareAsync(() => renderChart(buildTrendChart(ctx).config!), latest, RUNS);
  const pool = await compareAsync(() => renderChart(buildPoolChart(ctx)!.config), latest, RUNS);
  // /trend as a chat gets it a second time the same day: the picture comes from the cache.
  await askConsole('/trend', answering, 'en', silentLogger);
  const cachedSamples: number[] = [];
  for (let i = 0; i < 200; i++) cachedSamples.push(await timeAsync(() => askConsole('/trend', answering, 'en', silentLogger)));

  return {
    name: 'charts',
    what: `time to draw the /trend overview chart (12 months, every type but PNP: select, build, draw, encode a ${pixels.width}×${pixels.height} PNG) ÷ in-process answer time of /latest, ${RUNS} alternated runs each (medians); also the /pool chart, and a repeated /trend answered from the picture cache`,
    trendChart: trend.a,
    latest: trend.b,
    poolChart: pool.a,
    poolRatio: pool.ratio,
    trendAnswerCached: summarize(cachedSamples),
    ratio: trend.ratio,
    goal: 'reported (no goal set)',
    met: true,
  };
}
