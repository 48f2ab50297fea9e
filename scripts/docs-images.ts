/**
 * npm run docs:images — the example pictures under docs/, drawn from the shipped history as the
 * bot would draw them the day after its newest round (so the pictures do not depend on the day
 * they are rebuilt).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../src/core/index.ts';
import { addMonths, parsePeriod } from '../src/core/period.ts';
import type { Locale } from '../src/i18n/locales.ts';
import { Formatter } from '../src/i18n/format.ts';
import { messages } from '../src/i18n/locales.ts';
import { renderPoolChart, renderTrendChart, type ChartContext } from '../src/render/charts/index.ts';
import { loadSeeds } from '../src/store/seeds.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: resolve(import.meta.dirname, '../docs') } } });
const seeds = loadSeeds();
const draws = seeds.snapshotDraws();
const newest = draws[0]!;
const core = createCore({
  draws: () => draws,
  freshness: () => ({ newest: { number: newest.number, date: newest.date }, checkedAt: null, snapshotDate: newest.date }),
  categories: seeds.categories,
  noc: seeds.noc,
  plans: seeds.plans,
});
const today = new Date(Date.parse(`${newest.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** Seven months on, as a bot on data not read since would draw it: the window still ends at the newest round. */
const monthsLater = addMonths(newest.date, 7);
const context = (locale: Locale, on = today): ChartContext => ({ core, locale, t: messages(locale), format: new Formatter(locale, 'America/Toronto'), today: on });

/** What each picture shows, as the README and a chat would ask for it. */
const pictures: [string, () => Promise<{ png: Uint8Array } | null>][] = [
  ['trend-all.png', async () => (await renderTrendChart(context('en'))).image], // /trend
  ['trend-stem.png', async () => (await renderTrendChart(context('en'), { types: ['stem'] })).image], // /trend stem
  ['trend-cec-french-2y.png', async () => (await renderTrendChart(context('en'), { types: ['cec', 'french'], period: parsePeriod('2y')! })).image], // /trend cec, french 2y
  ['trend-all-fr.png', async () => (await renderTrendChart(context('fr'))).image], // /trend, in French
  ['pool.png', () => renderPoolChart(context('en'))], // /pool
  ['trend-all-months-later.png', async () => (await renderTrendChart(context('en', monthsLater))).image], // /trend, on data months old
];
mkdirSync(values.out!, { recursive: true });
for (const [name, draw] of pictures) {
  const image = await draw();
  if (!image) throw new Error(`${name}: nothing to draw`);
  writeFileSync(join(values.out!, name), image.png);
  console.log(`${join(values.out!, name)} (${Math.round(image.png.length / 1024)} KB)`);
}
