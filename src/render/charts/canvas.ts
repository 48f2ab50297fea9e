import { createRequire } from 'node:module';
import type { createCanvas as CreateCanvas } from '@napi-rs/canvas';
import type { Chart as ChartClass, ChartConfiguration, ChartType, Plugin } from 'chart.js';

/**
 * chart.js drawing on @napi-rs/canvas (Skia, prebuilt from npm): no DOM, no browser. chart.js
 * falls back to its basic platform when there is no `window`, which draws once with animations
 * off; `responsive: false` makes it take the canvas's size. Text uses only the Inter font shipped
 * in the @expo-google-fonts/inter package, registered here under its own name, so a chart looks
 * the same on a server with no fonts installed.
 */

export const FONT_FAMILY = 'EEB Inter';

/**
 * Logical size every chart is laid out in: nearly square, as a phone shows a picture across its
 * width (about 360 pixels, so 800 logical pixels shrink by about 2.2). The PNG is `scale` times
 * larger: 1,080 pixels wide, what a phone's screen has across (360 at 3 device pixels each).
 */
export const CHART_SIZE = { width: 800, height: 760, scale: 1.35 } as const;

export interface ChartSize {
  width: number;
  height: number;
  scale: number;
}

const FONT_FILES = ['@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf', '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'];

type Libraries = { createCanvas: typeof CreateCanvas; Chart: typeof ChartClass };
let libraries: Promise<Libraries> | undefined;

/** Loaded on the first picture, not at start: a text answer (and `cli ask`) never pays for Skia. */
function load(): Promise<Libraries> {
  libraries ??= (async () => {
    const [{ createCanvas, GlobalFonts }, { Chart, registerables }] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
    const require = createRequire(import.meta.url);
    for (const file of FONT_FILES) {
      if (!GlobalFonts.registerFromPath(require.resolve(file), FONT_FAMILY)) throw new Error(`could not register the chart font ${file}`);
    }
    Chart.register(...registerables);
    Chart.defaults.font.family = FONT_FAMILY;
    Chart.defaults.color = '#333333';
    return { createCanvas, Chart };
  })();
  return libraries;
}

/** Paints the background white: a PNG with transparency shows black or checkered in some chats. */
const background: Plugin = {
  id: 'eebBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** The pixel size of a PNG rendered at `size`. */
export function pixelSize(size: ChartSize = CHART_SIZE): { width: number; height: number } {
  return { width: Math.floor(size.width * size.scale), height: Math.floor(size.height * size.scale) };
}

/** Draws a chart.js configuration once and encodes it as PNG (the encoding runs off the main thread). */
export async function renderChart<T extends ChartType>(config: ChartConfiguration<T>, size: ChartSize = CHART_SIZE): Promise<Uint8Array> {
  const { createCanvas, Chart } = await load();
  const canvas = createCanvas(size.width, size.height);
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: size.scale },
    plugins: [background, ...(config.plugins ?? [])],
  } as ChartConfiguration<T>);
  try {
    return new Uint8Array(await canvas.encode('png'));
  } finally {
    chart.destroy();
  }
}
