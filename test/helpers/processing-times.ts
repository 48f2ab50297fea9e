import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RawProcessingTimes } from '../../src/core/processing-times/snapshot.ts';

/** IRCC's processing-times snapshots (partial copies, see their README in the reference data), copied by `npm run seeds`. */
export const TIMES_DIR = resolve(import.meta.dirname, '../fixtures/processing-times');
export const TIMES_SNAPSHOTS = ['flpt-en-2026-08-10.json', 'flpt-en-2026-09-03.json'] as const;
export type TimesSnapshot = (typeof TIMES_SNAPSHOTS)[number];

export function timesPath(name: TimesSnapshot): string {
  return join(TIMES_DIR, name);
}

export function timesText(name: TimesSnapshot): string {
  return readFileSync(timesPath(name), 'utf8');
}

export function timesRaw(name: TimesSnapshot): RawProcessingTimes {
  return JSON.parse(timesText(name)) as RawProcessingTimes;
}

/** A snapshot with some of its parts changed, as JSON text. */
export function editedTimes(name: TimesSnapshot, edit: (raw: RawProcessingTimes) => void): string {
  const raw = timesRaw(name);
  edit(raw);
  return JSON.stringify(raw);
}

/** When the snapshots were current (reading them "now" would find them fine too: their dates are past). */
export const AFTER_SEPTEMBER_UPDATE = new Date('2026-09-10T12:00:00Z');
