import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/core/period.ts';
import { CHART_SIZE, FONT_FAMILY, pixelSize, renderChart } from '../../src/render/charts/canvas.ts';
import { buildPoolChart, buildTrendChart, renderPoolChart, renderTrendChart } from '../../src/render/charts/index.ts';
import { niceRange, time } from '../../src/render/charts/trend-chart.ts';
import { history } from '../helpers/answers.ts';
import { chartContext, decodedSize, pngSize, points } from '../helpers/charts.ts';
import { ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

const TODAY = '2026-11-21';
const expectedSize = pixelSize(CHART_SIZE);

/** What the history holds for a window and a filter: the oracle the charts are checked against. */
function rounds(from: string, to: string, keep: (category: string) => boolean) {
  return history.filter((draw) => draw.date >= from && draw.date <= to && keep(draw.category.id));
}

function tickLabel(config: { options?: unknown }, date: string): string {
  const x = (config.options as { scales: { x: { ticks: { callback: (value: number) => string } } } }).scales.x;
  return x.ticks.callback(time(date));
}

describe('trend chart: the points on the picture', () => {
  it('STEM: the three STEM rounds, their cut-offs 486, 481, 491 and invitations, on their dates', () => {
    const chart = buildTrendChart(chartContext(), { types: ['stem'] });
    expect(chart.trend.widened).toBe(true);
    expect(points(chart.config!, 'crs')).toEqual({ stem: [['2023-07-05', 486], ['2023-12-08', 481], ['2024-04-11', 491]] });
    expect(points(chart.config!, 'invitations')).toEqual({ stem: [['2023-07-05', 500], ['2023-12-08', 5900], ['2024-04-11', 4500]] });
    // Rounds months apart: one bar per round, and the subtitle and axis say so.
    expect(chart.config!.data.datasets.find((dataset) => dataset.eebKind === 'invitations')!.eebBars).toBe('round');
    expect(chart.config!.options!.plugins!.subtitle!.text).toBe('Lines: CRS cut-off of each round (left axis) · Bars: invitations in each round (right axis)');
    expect(chart.title).toBe('CRS cut-offs: STEM, all rounds');
    expect(chart.filename).toBe('trend-stem-all.png');
  });

  it('the overview of the last 12 months: every type but PNP, with the invitations of every round shown', () => {
    const from = addMonths(TODAY, -12);
    const chart = buildTrendChart(chartContext());
    const expected = rounds(from, TODAY, (id) => id !== 'pnp');
    const lines = points(chart.config!, 'crs');
    expect(Object.keys(lines).sort()).toEqual([...new Set(expected.map((draw) => draw.category.id))].sort());
    expect(lines.pnp).toBeUndefined();
    for (const [type, shown] of Object.entries(lines)) {
      expect(shown, type).toEqual(expected.filter((draw) => draw.category.id === type).map((draw) => [draw.date, draw.crs]).reverse());
    }
    expect(chart.trend.pnpLeftOut).toBe(rounds(from, TODAY, (id) => id === 'pnp').length);
    expect(chart.trend.pnpLeftOut).toBeGreaterThan(0);
    // Rounds on consecutive days cannot be told apart at this scale: bars per month, stacked by type.
    const bars = chart.config!.data.datasets.filter((dataset) => dataset.eebKind === 'invitations');
    expect(bars.every((dataset) => dataset.eebBars === 'month' && dataset.yAxisID === 'y1' && dataset.stack === 'invitations')).toBe(true);
    const barTotal = bars.flatMap((dataset) => dataset.data).reduce((sum, point) => sum + point.y, 0);
    expect(barTotal).toBe(expected.reduce((sum, draw) => sum + draw.invitations, 0));
    const march = Object.fromEntries(bars.map((dataset) => [dataset.eebType, dataset.data.find((point) => new Date(point.x).toISOString().startsWith('2026-03'))?.y ?? 0]));
    expect(march.cec).toBe(rounds('2026-03-01', '2026-03-31', (id) => id === 'cec').reduce((sum, draw) => sum + draw.invitations, 0));
    // The note and the source are drawn on the picture.
    const source = (chart.config!.options!.plugins as { eebSource: { lines: string[] } }).eebSource.lines;
    expect(source[0]).toMatch(/^\d+ PNP rounds are left out: their cut-offs include the 600 points/);
    expect(source.at(-1)).toBe('Source: IRCC, Express Entry rounds of invitations · newest round #411 (April 15, 2026) · shipped data of April 15, 2026');
  });

  it('PNP only when asked by name, alone or beside other types, with its caveat on the picture', () => {
    const pnp = buildTrendChart(chartContext(), { types: ['pnp'], period: { kind: 'months', months: 24 } });
    const from = addMonths(TODAY, -24);
    expect(points(pnp.config!, 'crs').pnp).toEqual(rounds(from, TODAY, (id) => id === 'pnp').map((draw) => [draw.date, draw.crs]).reverse());
    expect((pnp.config!.options!.plugins as { eebSource: { lines: string[] } }).eebSource.lines[0]).toMatch(/^PNP cut-offs include the 600 points/);
    const both = buildTrendChart(chartContext(), { types: ['cec', 'pnp'] });
    expect(Object.keys(points(both.config!, 'crs')).sort()).toEqual(['cec', 'pnp']);
    expect(both.trend.pnpLeftOut).toBe(0);
  });

  it('a year: only that year’s rounds, the axis spanning January to December', () => {
    const chart = buildTrendChart(chartContext(), { period: { kind: 'year', year: 2024 } });
    const shown = Object.values(points(chart.config!, 'crs')).flat();
    expect(shown).toHaveLength(rounds('2024-01-01', '2024-12-31', (id) => id !== 'pnp').length);
    expect(shown.every(([date]) => date.startsWith('2024-'))).toBe(true);
    const x = chart.config!.options!.scales!.x as { min: number; max: number };
    expect(x.min).toBeLessThanOrEqual(time('2024-01-01'));
    expect(x.max).toBeGreaterThanOrEqual(time('2024-12-31'));
    expect(tickLabel(chart.config!, '2024-03-01')).toBe('Mar 2024');
  });

  it('lines on the left axis in the upper part, bars on the right axis below; both axes on round numbers', () => {
    const config = buildTrendChart(chartContext(), { types: ['cec'] }).config!;
    const y = config.options!.scales!.y as { min: number; max: number };
    const cutoffs = points(config, 'crs').cec!.map(([, crs]) => crs);
    expect(y.min).toBeLessThan(Math.min(...cutoffs));
    expect(y.max).toBeGreaterThanOrEqual(Math.max(...cutoffs));
    expect(y.min % 10).toBe(0);
    expect(config.data.datasets.filter((dataset) => dataset.eebKind === 'crs').every((dataset) => dataset.yAxisID === 'y')).toBe(true);
    expect(niceRange(381, 552)).toEqual({ min: 375, max: 575, step: 25 });
    expect(niceRange(393, 531)).toEqual({ min: 380, max: 540, step: 20 });
    expect(niceRange(0, 21_000, 6)).toEqual({ min: 0, max: 25_000, step: 5000 });
  });

  it('in French: titles, axes, legend and month labels', () => {
    const chart = buildTrendChart(chartContext({ locale: 'fr' }), { types: ['stem', 'french'], period: { kind: 'all' } });
    expect(chart.title).toBe('Notes de passage SCG : Français et STIM, toutes les rondes');
    expect(chart.config!.data.datasets.filter((dataset) => dataset.eebKind === 'crs').map((dataset) => dataset.label)).toEqual(['Français', 'STIM']);
    expect((chart.config!.options!.scales!.y as { title: { text: string } }).title.text).toBe('Note de passage SCG');
    expect(tickLabel(chart.config!, '2024-01-01')).toBe('janv. 2024');
    // Over many years, the ticks are years.
    expect(tickLabel(buildTrendChart(chartContext({ locale: 'fr' }), { period: { kind: 'all' } }).config!, '2016-01-01')).toBe('2016');
    const recent = buildTrendChart(chartContext({ locale: 'fr' }), { types: ['cec'] });
    expect(tickLabel(recent.config!, '2026-01-01')).toBe('janv. 2026');
    expect(recent.alt).toMatch(/^Graphique linéaire, Notes de passage SCG : CEC, 12 derniers mois \(du 21 novembre 2025 au 21 novembre 2026\)\. CEC : \d+ rondes, dernière 515 \(14 avr\. 2026\), min\. \d{3}, max\. \d{3}\. Barres : [\d\u00a0]+ invitations en tout\.$/);
  });

  it('alt text: the range, and each type’s latest, lowest and highest cut-off', () => {
    const chart = buildTrendChart(chartContext(), { types: ['stem'] });
    expect(chart.alt).toBe('Line chart, CRS cut-offs: STEM, all rounds (July 5, 2023 – November 21, 2026). STEM: 3 rounds, latest 491 (Apr 11, 2024), low 481, high 491. Bars: 10,900 invitations in all.');
    const overview = buildTrendChart(chartContext(), { period: { kind: 'all' } });
    expect(overview.alt.length).toBeLessThanOrEqual(1000);
    expect(overview.alt).toMatch(/more types\. Bars: [\d,]+ invitations in all\.$/);
  });

  it('nothing to draw when no round falls in the period', () => {
    const chart = buildTrendChart(chartContext(), { types: ['stem'], period: { kind: 'months', months: 6 } });
    expect(chart.config).toBeNull();
    expect(chart.trend.draws).toEqual([]);
  });
});

describe('pool chart: the bands on the picture', () => {
  it('one bar per published band, lowest first, with IRCC’s numbers as published and the as-of date', () => {
    const chart = buildPoolChart(chartContext())!;
    const pool = history.find((draw) => draw.pool)!.pool!;
    expect(chart.draw.number).toBe('411');
    expect(chart.config.data.labels).toEqual([...pool.bands].reverse().map((band) => `${band.from}–${band.to}`));
    expect(chart.config.data.labels![0]).toBe('0–300');
    expect(chart.config.data.labels!.at(-1)).toBe('601–1200');
    expect(chart.config.data.datasets[0]!.data).toEqual([...pool.bands].reverse().map((band) => band.count));
    expect(chart.config.options!.plugins!.title!.text).toBe('CRS distribution of the pool, as of April 12, 2026');
    expect(chart.config.options!.plugins!.subtitle!.text).toBe('233,555 candidates · published with round #411 (April 15, 2026) · numbers as IRCC published them');
    expect(chart.alt).toBe('Bar chart of the CRS distribution of the pool as of April 12, 2026: 233,555 candidates; the largest band is 351–400 (52,309); above 500: 13,935.');
    expect(chart.filename).toBe('pool-2026-04-12.png');
    const french = buildPoolChart(chartContext({ locale: 'fr' }))!;
    expect(french.config.options!.plugins!.title!.text).toBe('Répartition des notes SCG du bassin au 12 avril 2026');
  });
});

describe('the PNG', () => {
  it('decodes to the expected size, for a trend and for the pool', async () => {
    const { image } = await renderTrendChart(chartContext(), { types: ['stem'] });
    expect(expectedSize).toEqual({ width: 1200, height: 675 });
    expect(pngSize(image!.png)).toEqual(expectedSize);
    expect(await decodedSize(image!.png)).toEqual(expectedSize);
    expect(image!.filename).toBe('trend-stem-all.png');
    const pool = (await renderPoolChart(chartContext()))!;
    expect(await decodedSize(pool.png)).toEqual(expectedSize);
    expect(GlobalFonts.has(FONT_FAMILY)).toBe(true);
  });

  it('asking twice in the same day draws once; another language is another picture', async () => {
    const first = await renderTrendChart(chartContext(), { types: ['cec'] });
    const again = await renderTrendChart(chartContext(), { types: ['cec'] });
    expect(again.image).toBe(first.image);
    const french = await renderTrendChart(chartContext({ locale: 'fr' }), { types: ['cec'] });
    expect(french.image).not.toBe(first.image);
    expect(french.image!.png).not.toEqual(first.image!.png);
  });

  it('looks the same with no system font installed: only the shipped font is used', async () => {
    const dir = tempDir();
    const out = join(dir, 'stem.png');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/render-stem.ts', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DISABLE_SYSTEM_FONTS_LOAD: '1' },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('0 system fonts');
    const here = await renderChart(buildTrendChart(chartContext(), { types: ['stem'] }).config!);
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(here))).toBe(true);
  });
});
