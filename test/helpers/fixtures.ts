import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onTestFinished } from 'vitest';
import type { RawRound } from '../../src/core/feed/schema.ts';
import { loadSeeds } from '../../src/store/seeds.ts';

export const FEED_DIR = resolve(import.meta.dirname, '../fixtures/ircc-feed');
export const SNAPSHOTS = ['ircc-rounds-en-2023-01-18.json', 'ircc-rounds-en-2024-12-16.json', 'ircc-rounds-en-2026-04-15.json'] as const;

export const seeds = loadSeeds();

export function snapshotPath(name: (typeof SNAPSHOTS)[number]): string {
  return join(FEED_DIR, name);
}

export function snapshotText(name: (typeof SNAPSHOTS)[number]): string {
  return readFileSync(snapshotPath(name), 'utf8');
}

export function snapshotRounds(name: (typeof SNAPSHOTS)[number]): RawRound[] {
  return (JSON.parse(snapshotText(name)) as { rounds: RawRound[] }).rounds;
}

/** A round in the raw feed's shape; every value a string, as IRCC publishes them. */
export function rawRound(overrides: Partial<Record<keyof RawRound, string>> = {}): Record<string, string> {
  const number = overrides.drawNumber ?? '293';
  const href = `/content/canadasite/en/immigration-refugees-citizenship/corporate/mandate/policies-operational-instructions-agreements/ministerial-instructions/express-entry-rounds/invitations.html?q=${number}`;
  // Round #293's published distribution.
  const pool = ['1,093', '12,051', '62,073', '9,167', '11,246', '16,933', '13,429', '11,298', '51,694', '10,454', '10,485', '9,461', '10,640', '10,654', '56,015', '27,831', '5,410', '216,167'];
  return {
    drawNumber: number,
    drawNumberURL: `<a href='${href}'>${number}</a>`,
    drawDate: '2024-04-11',
    drawDateFull: 'April 11, 2024',
    drawName: 'STEM occupations (Version 1)',
    drawSize: '4,500',
    drawCRS: '491',
    mitext: `<a href='${href}'>Invitations to apply for permanent residence under the Express Entry system #${number}</a>`,
    DrawText1: `<a href='${href}'>See full text of Ministerial Instruction</a>`,
    drawText2: 'Federal Skilled Worker Program, Canadian Experience Class and Federal Skilled Trades Program',
    drawDateTime: 'April 11, 2024 at 13:23:42 UTC',
    drawCutOff: 'February 25, 2024 at 11:55:12 UTC',
    drawDistributionAsOn: 'April 9, 2024',
    ...Object.fromEntries(pool.map((value, index) => [`dd${index + 1}`, value])),
    ...overrides,
  };
}

export function feedJson(rounds: Record<string, string>[]): string {
  return JSON.stringify({ classes: 'wb-tables', rounds });
}

/** A fresh folder for the calling test, removed when it finishes. */
export function tempDir(prefix = 'eeb-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
