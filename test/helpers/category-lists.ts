import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CategorySeed, CategoryVersion } from '../../src/core/categories.ts';
import { SEEDS_DIR } from '../../src/store/seeds.ts';
import { rawRound, snapshotRounds } from './fixtures.ts';

/** The shipped lists as an operator would copy them, to edit. */
export function shippedLists(): CategorySeed {
  return JSON.parse(readFileSync(join(SEEDS_DIR, 'categories.json'), 'utf8')) as CategorySeed;
}

/**
 * The shipped lists plus a 2027 healthcare list as IRCC might announce it: the 2026 list ends the
 * day before, one occupation leaves (31100) and one comes in (32100, opticians).
 */
export function listsWith2027Healthcare(): CategorySeed {
  const lists = shippedLists();
  const current = lists.versions.find((version) => version.id === 'healthcare-social-2026-v3')!;
  current.effectiveTo = '2026-11-17';
  const next: CategoryVersion = {
    ...current,
    id: 'healthcare-social-2027-v1',
    drawNames: ['Healthcare and Social Services Occupations, 2027-Version 1'],
    drawNamesFr: [],
    effectiveFrom: '2026-11-18',
    effectiveTo: null,
    noc: [...current.noc.filter((code) => code !== '31100'), '32100'],
  };
  lists.versions.push(next);
  return lists;
}

export function writeLists(path: string, lists: CategorySeed): string {
  writeFileSync(path, `${JSON.stringify(lists, null, 1)}\n`);
  return path;
}

/** The shipped history (newest #411) plus #412, a healthcare round held under a 2027 list. */
export function feedWith2027Round(): string {
  const round = rawRound({
    drawNumber: '412',
    drawDate: '2026-11-20',
    drawDateFull: 'November 20, 2026',
    drawName: 'Healthcare and Social Services Occupations, 2027-Version 1',
    drawSize: '2,500',
    drawCRS: '470',
    drawDateTime: 'November 20, 2026 at 14:00:00 UTC',
    drawCutOff: 'November 1, 2026 at 10:00:00 UTC',
    drawDistributionAsOn: 'November 18, 2026',
  });
  return JSON.stringify({ classes: 'wb-tables', rounds: [round, ...snapshotRounds('ircc-rounds-en-2026-04-15.json')] });
}
