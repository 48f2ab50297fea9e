import { loadImage } from '@napi-rs/canvas';
import { commandContext } from '../../src/chat/context.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import type { TrendChartConfig, TrendDataset } from '../../src/render/charts/trend-chart.ts';
import { answering } from './answers.ts';

/** A command context over the shipped history at a fixed clock, as charts receive it. */
export function chartContext({ locale = 'en' as Locale, now = '2026-11-21T15:00:00Z' } = {}) {
  return commandContext(answering({ now }), { locale, chat: { platform: 'console', id: 'test', kind: 'private' }, canAdminister: false });
}

/** The points of a chart's datasets of one kind, by round type, as [YYYY-MM-DD, value] pairs. */
export function points(config: TrendChartConfig, kind: TrendDataset['eebKind']): Record<string, [string, number][]> {
  return Object.fromEntries(
    config.data.datasets
      .filter((dataset) => dataset.eebKind === kind)
      .map((dataset) => [dataset.eebType, dataset.data.map((point) => [new Date(point.x).toISOString().slice(0, 10), point.y] as [string, number])]),
  );
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG header (signature, then the IHDR chunk); throws if it is not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (!SIGNATURE.every((byte, index) => png[index] === byte)) throw new Error('not a PNG signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') throw new Error('no IHDR chunk first');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes a PNG fully (every chunk and pixel), as an image viewer would. */
export async function decodedSize(png: Uint8Array): Promise<{ width: number; height: number }> {
  const image = await loadImage(Buffer.from(png));
  return { width: image.width, height: image.height };
}
