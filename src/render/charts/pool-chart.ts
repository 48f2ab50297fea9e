import type { ChartConfiguration } from 'chart.js';
import { font, GRID, INK, MUTED, sourceLines, sourcePadding, valueLabels } from './theme.ts';

/**
 * The pool's CRS distribution as a chart.js configuration: one bar per band IRCC publishes, lowest
 * scores on the left, each with its count written on it. IRCC's subtotals overlap the bands and
 * are left out; the numbers are IRCC's as published.
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

export type PoolChartConfig = ChartConfiguration<'bar', number[], string>;

const BAR = '#2F6DB5';

export function poolChartConfig(input: PoolChartInput): PoolChartConfig {
  const top = Math.max(1, ...input.bands.map((band) => band.count));
  return {
    type: 'bar',
    data: {
      labels: input.bands.map((band) => band.label),
      datasets: [
        {
          label: input.axes.candidates,
          data: input.bands.map((band) => band.count),
          backgroundColor: BAR,
          categoryPercentage: 0.86,
          barPercentage: 0.92,
        },
      ],
    },
    options: {
      layout: { padding: { top: 6, right: 16, bottom: sourcePadding(input.sourceLines.length), left: 10 } },
      scales: {
        x: {
          grid: { display: false },
          border: { color: MUTED },
          title: { display: true, text: input.axes.bands, color: INK, font: font.axisTitle },
          ticks: { color: INK, font: font.tick, autoSkip: false, maxRotation: 0 },
        },
        y: {
          min: 0,
          suggestedMax: top * 1.1,
          grid: { color: GRID },
          border: { color: MUTED },
          title: { display: true, text: input.axes.candidates, color: INK, font: font.axisTitle },
          ticks: { color: INK, font: font.tick, callback: (value) => input.number(Number(value)) },
        },
      },
      plugins: {
        title: { display: true, text: input.title, align: 'start', color: INK, font: font.title, padding: { top: 4, bottom: 2 } },
        subtitle: { display: true, text: input.subtitle, align: 'start', color: MUTED, font: font.subtitle, padding: { bottom: 14 } },
        legend: { display: false },
        tooltip: { enabled: false },
        eebSource: { lines: input.sourceLines },
        eebValues: { datasets: [0], format: input.number, offset: 3 },
      } as never,
    },
    plugins: [sourceLines, valueLabels],
  };
}
