import type { ChartConfiguration } from 'chart.js';
import { CHART_SIZE, type ChartSize } from './canvas.ts';
import { font, GRID, INK, MUTED, sourceLines, sourcePadding, valueLabels, wrapLines } from './theme.ts';

/**
 * The pool's CRS distribution as a chart.js configuration: a horizontal bar per band IRCC
 * publishes, highest scores on top (labels a phone can read), each with its count written by it.
 * IRCC's bands differ in width (10 points from 401 to 500, 50 or 100 around them, 600 at the top):
 * a bar's length is the candidates per point of the band, so that a wide band does not look
 * crowded for being wide. IRCC's subtotals overlap the bands and are left out; the numbers are
 * IRCC's as published.
 */

export interface PoolChartInput {
  title: string;
  subtitle: string;
  sourceLines: string[];
  axes: { bands: string; candidates: string };
  /** Lowest first. */
  bands: { label: string; from: number; to: number; count: number }[];
  number: (value: number) => string;
}

export type PoolChartConfig = ChartConfiguration<'bar', number[], string> & { eebCounts: number[] };

const BAR = '#2F6DB5';
/** Bands 10 points wide, where invitations happen: a darker shade sets them apart. */
const NARROW_BAR = '#1F4E89';

/** Candidates per CRS point of a band, as the bar's length. */
export function perPoint(band: { from: number; to: number; count: number }): number {
  return band.count / (band.to - band.from + 1);
}

export function poolChartConfig(input: PoolChartInput, size: ChartSize = CHART_SIZE): PoolChartConfig {
  // Highest scores on top, as IRCC lists them.
  const bands = [...input.bands].reverse();
  const top = Math.max(1, ...bands.map(perPoint));
  const sources = wrapLines(input.sourceLines, size.width - 24, font.source.size);
  return {
    type: 'bar',
    eebCounts: bands.map((band) => band.count),
    data: {
      labels: bands.map((band) => band.label),
      datasets: [
        {
          label: input.axes.candidates,
          data: bands.map(perPoint),
          backgroundColor: bands.map((band) => (band.to - band.from + 1 <= 10 ? NARROW_BAR : BAR)),
          categoryPercentage: 0.86,
          barPercentage: 0.9,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { top: 4, right: 24, bottom: sourcePadding(sources.length), left: 8 } },
      scales: {
        y: {
          grid: { display: false },
          border: { color: MUTED },
          title: { display: true, text: input.axes.bands, color: INK, font: font.axisTitle },
          ticks: { color: INK, font: font.tick, autoSkip: false },
        },
        x: {
          min: 0,
          // Room on the right for the count written past the longest bar.
          max: top * 1.28,
          grid: { color: GRID },
          border: { color: MUTED },
          title: { display: true, text: input.axes.candidates, color: INK, font: font.axisTitle },
          ticks: { color: INK, font: font.tick, maxTicksLimit: 6, callback: (value) => (Number(value) <= top ? input.number(Number(value)) : '') },
        },
      },
      plugins: {
        title: { display: true, text: wrapLines([input.title], size.width - 24, font.title.size * 1.05), align: 'start', color: INK, font: font.title, padding: { top: 4, bottom: 2 } },
        subtitle: { display: true, text: wrapLines([input.subtitle], size.width - 24, font.subtitle.size), align: 'start', color: MUTED, font: font.subtitle, padding: { bottom: 12 } },
        legend: { display: false },
        tooltip: { enabled: false },
        eebSource: { lines: sources },
        // Each bar says how many candidates its band holds, not its length.
        eebValues: { datasets: [0], place: 'bar-end', format: input.number, texts: bands.map((band) => input.number(band.count)) },
      } as never,
    },
    plugins: [sourceLines, valueLabels],
  };
}
