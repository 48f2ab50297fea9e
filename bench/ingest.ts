import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeedText } from '../src/core/feed/normalize.ts';
import { mergeDraws } from '../src/core/merge.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { compare } from './measure.ts';

/** Ingesting the 2026-04-15 snapshot (validate, normalize, merge) against bare JSON.parse of the same bytes. */
export function benchIngest() {
  const { categories } = loadSeeds();
  const text = readFileSync(join(import.meta.dirname, '../test/fixtures/ircc-feed/ircc-rounds-en-2026-04-15.json'), 'utf8');
  const history = parseFeedText(text, categories).draws;
  const result = compare(
    () => mergeDraws(history, parseFeedText(text, categories).draws),
    () => JSON.parse(text),
    200,
  );
  return {
    name: 'ingest',
    what: 'ingest of ircc-rounds-en-2026-04-15.json (412 rounds: JSON.parse + zod validation + normalization + merge into the stored history) ÷ bare JSON.parse of the same bytes',
    bytes: Buffer.byteLength(text),
    ingest: result.a,
    jsonParse: result.b,
    ratio: result.ratio,
    goal: '≤ 5',
    met: result.ratio <= 5,
  };
}
