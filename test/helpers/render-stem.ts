/**
 * Renders the STEM trend chart to a file, in a process of its own (the fonts test runs it with the
 * system fonts hidden). Prints how many font families the system gave before the chart's own.
 */
import { writeFileSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';
import { renderChart } from '../../src/render/charts/canvas.ts';
import { buildTrendChart } from '../../src/render/charts/index.ts';
import { chartContext } from './charts.ts';

const systemFonts = GlobalFonts.families.length;
writeFileSync(process.argv[2]!, await renderChart(buildTrendChart(chartContext(), { types: ['stem'] }).config!));
console.log(`${systemFonts} system fonts`);
