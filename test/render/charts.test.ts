import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/core/period.ts';
import { CHART_SIZE, FONT_FAMILY, pixelSize, renderChart } from '../../src/render/charts/canvas.ts';
import { buildPoolChart, buildTrendChart, renderPoolChart, renderTrendChart } from '../../src/render/charts/index.ts';
import { font, type Box, type LabelRoom, type PlacedLabel } from '../../src/render/charts/theme.ts';
import { crsPanels, niceRange, time } from '../../src/render/charts/trend-chart.ts';
import { history } from '../helpers/answers.ts';
import { chartContext, decodedSize, pngSize, points } from '../helpers/charts.ts';
import { ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

const expectedSize = pixelSize(CHART_SIZE);

/** What the history holds for a window and a filter: the oracle the charts are checked against. */
function rounds(from: string, to: string, keep: (category: string) => boolean) {
  return history.filter((draw) => draw.date >= from && draw.date <= to && keep(draw.category.id));
}

function tickLabel(config: { options?: unknown }, date: string): string {
  const x = (config.options as { scales: { x: { ticks: { callback: (value: number) => string } } } }).scales.x;
  return x.ticks.callback(time(date));
}

/** The newest round of the shipped history: where the data ends, months before the tests' clock (November 21, 2026). */
const NEWEST = '2026-04-15';

describe('trend chart: the points on the picture', () => {
  it('STEM: the three STEM rounds, their cut-offs 486, 481, 491 and invitations, on their dates', () => {
    const chart = buildTrendChart(chartContext(), { types: ['stem'] });
    expect(chart.trend.widened).toBe(true);
    expect(points(chart.config!, 'crs')).toEqual({ stem: [['2023-07-05', 486], ['2023-12-08', 481], ['2024-04-11', 491]] });
    expect(points(chart.config!, 'invitations')).toEqual({ stem: [['2023-07-05', 500], ['2023-12-08', 5900], ['2024-04-11', 4500]] });
    // Rounds months apart: one bar per round, and the subtitle and axis say so.
    expect(chart.config!.data.datasets.find((dataset) => dataset.eebKind === 'invitations')!.eebBars).toBe('round');
    expect(chart.config!.options!.plugins!.subtitle!.text).toEqual(['Above: the CRS cut-off of each round · Below: invitations in each round']);
    expect(chart.title).toBe('CRS cut-offs: STEM, all rounds');
    expect(chart.filename).toBe('trend-stem-all.png');
    // All of STEM's rounds: the axis ends at its newest round, not two years later.
    expect(chart.trend.window).toEqual({ from: '2023-07-05', to: '2024-04-11' });
  });

  it('the overview of the 12 months to the newest round: every type but PNP, with the invitations of every round shown', () => {
    const from = addMonths(NEWEST, -12);
    const chart = buildTrendChart(chartContext());
    expect(chart.trend.window).toEqual({ from, to: NEWEST });
    expect(chart.title).toBe('CRS cut-offs by round type, 12 months to Apr 15, 2026');
    const expected = rounds(from, NEWEST, (id) => id !== 'pnp');
    const lines = points(chart.config!, 'crs');
    expect(Object.keys(lines).sort()).toEqual([...new Set(expected.map((draw) => draw.category.id))].sort());
    expect(lines.pnp).toBeUndefined();
    for (const [type, shown] of Object.entries(lines)) {
      expect(shown, type).toEqual(expected.filter((draw) => draw.category.id === type).map((draw) => [draw.date, draw.crs]).reverse());
    }
    expect(chart.trend.pnpLeftOut).toBe(rounds(from, NEWEST, (id) => id === 'pnp').length);
    expect(chart.trend.pnpLeftOut).toBeGreaterThan(0);
    // Rounds on consecutive days cannot be told apart at this scale: bars per month, stacked by type.
    const bars = chart.config!.data.datasets.filter((dataset) => dataset.eebKind === 'invitations');
    expect(bars.every((dataset) => dataset.eebBars === 'month' && dataset.yAxisID === 'y1' && dataset.stack === 'invitations')).toBe(true);
    const barTotal = bars.flatMap((dataset) => dataset.data).reduce((sum, point) => sum + point.y, 0);
    expect(barTotal).toBe(expected.reduce((sum, draw) => sum + draw.invitations, 0));
    const march = Object.fromEntries(bars.map((dataset) => [dataset.eebType, dataset.data.find((point) => new Date(point.x).toISOString().startsWith('2026-03'))?.y ?? 0]));
    expect(march.cec).toBe(rounds('2026-03-01', '2026-03-31', (id) => id === 'cec').reduce((sum, draw) => sum + draw.invitations, 0));
    // The note and the source are drawn on the picture (a narrow picture wraps them).
    const source = (chart.config!.options!.plugins as { eebSource: { lines: string[] } }).eebSource.lines.join(' ');
    expect(source).toMatch(/^\d+ PNP rounds are left out: their cut-offs include the 600 points/);
    expect(source).toMatch(/Source: IRCC, Express Entry rounds of invitations · newest round #411 \(April 15, 2026\) · shipped data of April 15, 2026$/);
  });

  it('PNP only when asked by name, alone or beside other types, with its caveat on the picture', () => {
    const pnp = buildTrendChart(chartContext(), { types: ['pnp'], period: { kind: 'months', months: 24 } });
    const from = addMonths(NEWEST, -24);
    expect(points(pnp.config!, 'crs').pnp).toEqual(rounds(from, NEWEST, (id) => id === 'pnp').map((draw) => [draw.date, draw.crs]).reverse());
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
    // The year the data ends in ends with it.
    expect(buildTrendChart(chartContext(), { period: { kind: 'year', year: 2026 } }).trend.window).toEqual({ from: '2026-01-01', to: NEWEST });
  });

  it('both axes on round numbers; the cut-offs above, the invitations below', () => {
    const config = buildTrendChart(chartContext(), { types: ['cec'] }).config!;
    const y = config.options!.scales!.y as { min: number; max: number; stack: string };
    const cutoffs = points(config, 'crs').cec!.map(([, crs]) => crs);
    expect(y.min).toBeLessThan(Math.min(...cutoffs));
    expect(y.max).toBeGreaterThanOrEqual(Math.max(...cutoffs));
    expect(y.min % 10).toBe(0);
    expect(config.data.datasets.filter((dataset) => dataset.eebKind === 'crs').every((dataset) => dataset.yAxisID === 'y')).toBe(true);
    // Two panels of one stack: chart.js lays the first declared at the bottom.
    const scales = Object.entries(config.options!.scales!).filter(([, scale]) => (scale as { stack?: string }).stack === 'panels').map(([id]) => id);
    expect(scales).toEqual(['y1', 'y']);
    expect(niceRange(381, 552)).toEqual({ min: 375, max: 575, step: 25 });
    expect(niceRange(393, 531)).toEqual({ min: 380, max: 540, step: 20 });
    expect(niceRange(0, 21_000, 6)).toEqual({ min: 0, max: 25_000, step: 5000 });
  });

  it('in French: titles, axes, legend and month labels', () => {
    const chart = buildTrendChart(chartContext({ locale: 'fr' }), { types: ['stem', 'french'], period: { kind: 'all' } });
    expect(chart.title).toBe('Notes de passage SCG : Français et STIM, toutes les rondes');
    expect(chart.config!.data.datasets.filter((dataset) => dataset.eebKind === 'crs').map((dataset) => dataset.label)).toEqual(['Français', 'STIM']);
    expect((chart.config!.options!.scales!.y as { title: { text: string } }).title.text).toBe('Note de passage SCG');
    expect(tickLabel(buildTrendChart(chartContext({ locale: 'fr' }), { types: ['stem'] }).config!, '2024-01-01')).toBe('janv. 2024');
    // Over many years, the ticks are years.
    expect(tickLabel(buildTrendChart(chartContext({ locale: 'fr' }), { period: { kind: 'all' } }).config!, '2016-01-01')).toBe('2016');
    const recent = buildTrendChart(chartContext({ locale: 'fr' }), { types: ['cec'] });
    expect(tickLabel(recent.config!, '2026-01-01')).toBe('janv. 2026');
    expect(recent.alt).toMatch(/^Graphique linéaire, Notes de passage SCG : CEC, 12 mois jusqu’au 15 avr\. 2026 \(du 15 avril 2025 au 15 avril 2026\)\. CEC : \d+ rondes, dernière 515 \(14 avr\. 2026\), min\. \d{3}, max\. \d{3}\. Barres : [\d\u00a0]+ invitations en tout\.$/);
  });

  it('alt text: the range, and each type’s latest, lowest and highest cut-off', () => {
    const chart = buildTrendChart(chartContext(), { types: ['stem'] });
    expect(chart.alt).toBe('Line chart, CRS cut-offs: STEM, all rounds (July 5, 2023 – April 11, 2024). STEM: 3 rounds, latest 491 (Apr 11, 2024), low 481, high 491. Bars: 10,900 invitations in all.');
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

describe('trend chart: drawn as a designer would (issue 22, item 18)', () => {
  it('the window ends at the newest round, not today: on old data the chart is not mostly empty', () => {
    // November 2026, data of April 2026: on main the 12 months ended November 21, with nothing after April.
    const stale = buildTrendChart(chartContext());
    expect(stale.trend.window.to).toBe(NEWEST);
    const x = stale.config!.options!.scales!.x as { max: number };
    expect(x.max - time(NEWEST)).toBeLessThan(20 * 86_400_000);
    // The day after the newest round, as a live bot draws it: the same window, called the last 12 months.
    const live = buildTrendChart(chartContext({ now: '2026-04-16T15:00:00Z' }));
    expect(live.trend.window).toEqual(stale.trend.window);
    expect(live.title).toBe('CRS cut-offs by round type, last 12 months');
  });

  it('an axis around the data: types far apart get panels of their own, never one axis from 0', () => {
    const overview = buildTrendChart(chartContext()).config!;
    const axisOf = Object.fromEntries(overview.data.datasets.filter((dataset) => dataset.eebKind === 'crs').map((dataset) => [dataset.eebType, dataset.yAxisID]));
    // Physicians (169) is no neighbour of the others (393–547): a panel of its own, below theirs.
    expect(axisOf.physicians).toBe('y2');
    expect(new Set(Object.entries(axisOf).filter(([type]) => type !== 'physicians').map(([, axis]) => axis))).toEqual(new Set(['y']));
    const main = overview.options!.scales!.y as { min: number; max: number };
    expect(main.min).toBeGreaterThanOrEqual(300);
    expect(main.max).toBeLessThanOrEqual(600);
    const physicians = overview.options!.scales!.y2 as { min: number; max: number };
    expect(physicians.min).toBeLessThan(169);
    expect(physicians.max).toBeGreaterThan(169);
    expect(physicians.max - physicians.min).toBeLessThanOrEqual(50);
    // PNP beside CEC: two panels, each around its own values (on main: one axis from 200 to 900).
    const both = buildTrendChart(chartContext(), { types: ['cec', 'pnp'] }).config!;
    expect(crsPanels(both.data.datasets.filter((dataset) => dataset.eebKind === 'crs').map((dataset) => ({ id: dataset.eebType, label: '', points: dataset.data.map((point) => ({ date: '', crs: point.y, invitations: 0, number: '' })) })))).toEqual([['pnp'], ['cec']]);
    expect((both.options!.scales!.y2 as { min: number }).min).toBeGreaterThanOrEqual(450);
    // Types near one another share a panel.
    expect(buildTrendChart(chartContext(), { types: ['cec', 'french'], period: { kind: 'months', months: 24 } }).config!.data.datasets.every((dataset) => dataset.yAxisID !== 'y2')).toBe(true);
  });

  it('lines told apart where they meet: each type its own colour and marker', () => {
    const lines = buildTrendChart(chartContext()).config!.data.datasets.filter((dataset) => dataset.eebKind === 'crs');
    const looks = lines.map((dataset) => `${String(dataset.borderColor)} ${String((dataset as { pointStyle?: string }).pointStyle)}`);
    expect(new Set(looks).size).toBe(lines.length);
    expect(new Set(lines.map((dataset) => String(dataset.borderColor))).size).toBe(lines.length);
  });

  it('value labels that cross no line and no other label, as drawn', async () => {
    for (const request of [{}, { types: ['stem'] }, { types: ['cec', 'french'], period: { kind: 'months', months: 24 } as const }, { period: { kind: 'all' } as const }]) {
      const { config } = buildTrendChart(chartContext(), request);
      let drawn: { placed: PlacedLabel[]; room: LabelRoom } | undefined;
      const plugins = config!.options!.plugins as { eebValues: Record<string, unknown> };
      plugins.eebValues.onPlaced = (placed: PlacedLabel[], room: LabelRoom) => (drawn = { placed, room });
      await renderChart(config!);
      const { placed, room } = drawn!;
      expect(placed.length, JSON.stringify(request)).toBeGreaterThan(0);
      for (const [index, label] of placed.entries()) {
        for (const other of placed.slice(index + 1)) expect(overlap(label.box, other.box), `${label.text} / ${other.text}`).toBe(false);
        for (const marker of room.keepClear) expect(overlap(label.box, marker), label.text).toBe(false);
        expect(label.box.left).toBeGreaterThanOrEqual(room.area.left);
        expect(label.box.right).toBeLessThanOrEqual(room.area.right);
      }
      // Lines first: a label crosses one only where no spot around its point is free, and then never more than one.
      const crossings = placed.map((label) => room.segments.filter((segment) => crossesBox(label.box, segment)).length);
      expect(crossings.filter((count) => count > 0).length, JSON.stringify(request)).toBeLessThanOrEqual(Math.ceil(placed.length / 10));
    }
  });

  it('a legend and labels a phone can read: no text a member must read under 8.5 pixels at 360 pixels wide', () => {
    const onPhone = (size: number) => (size * 360) / CHART_SIZE.width;
    for (const [name, size] of Object.entries({ legend: font.legend.size, tick: font.tick.size, label: font.label.size, title: font.title.size, subtitle: font.subtitle.size })) expect(onPhone(size), name).toBeGreaterThanOrEqual(8.5);
    const legend = buildTrendChart(chartContext()).config!.options!.plugins!.legend as { labels: { usePointStyle: boolean; font: { size: number } } };
    expect(legend.labels.usePointStyle).toBe(true);
    expect(legend.labels.font.size).toBe(font.legend.size);
  });
});

function overlap(a: Box, b: Box): boolean {
  return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
}

/** Whether a segment crosses a box, sampled finely (independent of the clipping the plugin uses). */
function crossesBox(box: Box, [x1, y1, x2, y2]: [number, number, number, number]): boolean {
  for (let step = 0; step <= 200; step++) {
    const x = x1 + ((x2 - x1) * step) / 200;
    const y = y1 + ((y2 - y1) * step) / 200;
    if (x > box.left && x < box.right && y > box.top && y < box.bottom) return true;
  }
  return false;
}

describe('pool chart: the bands on the picture', () => {
  it('a bar per published band, highest on top, with IRCC’s numbers as published and the as-of date', () => {
    const chart = buildPoolChart(chartContext())!;
    const pool = history.find((draw) => draw.pool)!.pool!;
    expect(chart.draw.number).toBe('411');
    expect(chart.config.data.labels).toEqual(pool.bands.map((band) => `${band.from}–${band.to}`));
    expect(chart.config.data.labels![0]).toBe('601–1200');
    expect(chart.config.data.labels!.at(-1)).toBe('0–300');
    expect(chart.config.eebCounts).toEqual(pool.bands.map((band) => band.count));
    expect(chart.config.options!.plugins!.title!.text).toEqual(['CRS distribution of the pool, as of April 12, 2026']);
    expect((chart.config.options!.plugins!.subtitle!.text as string[]).join(' ')).toBe('233,555 candidates, published with round #411 (April 15, 2026). Bars: candidates per point of each band (bands differ in width); numbers: candidates in the band, as IRCC published them');
    expect(chart.filename).toBe('pool-2026-04-12.png');
    const french = buildPoolChart(chartContext({ locale: 'fr' }))!;
    expect(french.config.options!.plugins!.title!.text).toEqual(['Répartition des notes SCG du bassin au 12 avril 2026']);
  });

  it('bands of different widths compared per point: 351–400 holds the most, 471–480 the most per point (issue 22, item 18)', () => {
    const chart = buildPoolChart(chartContext())!;
    const lengths = Object.fromEntries((chart.config.data.labels as string[]).map((label, index) => [label, chart.config.data.datasets[0]!.data[index]!]));
    expect(lengths['351–400']).toBeCloseTo(52_309 / 50);
    expect(lengths['471–480']).toBeCloseTo(16_246 / 10);
    expect(Math.max(...Object.values(lengths))).toBe(lengths['471–480']);
    expect(chart.alt).toBe('Bar chart of the CRS distribution of the pool as of April 12, 2026: 233,555 candidates. The most per point are in 471–480 (16,246 in 10 points); the band holding the most is 351–400 (52,309 in 50 points); above 500: 13,935.');
    // On main the alt text named 351–400 “the largest band” and nothing else.
    expect(chart.alt).not.toMatch(/the largest band is 351–400 \(52,309\); above/);
  });
});

describe('the PNG', () => {
  it('decodes to the expected size, for a trend and for the pool', async () => {
    const { image } = await renderTrendChart(chartContext(), { types: ['stem'] });
    expect(expectedSize).toEqual({ width: 1080, height: 1026 });
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
