/**
 * Builds seeds/ from the reference data (../shared/reference by default, or --reference DIR):
 * categories by version, NOC 2021 with group titles, the newest feed snapshot, the newest
 * processing-times snapshot, and the 2024 plan; and copies the feed and processing-times snapshots
 * into test/fixtures for the tests.
 * Deterministic: the same reference data gives the same bytes. Run: npm run seeds
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { CategoryCatalog, categorySeedSchema, type CategorySeed, type CategoryVersion } from '../src/core/categories.ts';
import { DEFAULT_FEED_URL } from '../src/core/feed/fetch.ts';
import { parseFeedText } from '../src/core/feed/normalize.ts';
import { readProcessingTimes } from '../src/core/processing-times/snapshot.ts';
import { DEFAULT_PROCESSING_TIMES_URL } from '../src/core/processing-times/sync.ts';
import type { NocSeed } from '../src/core/noc.ts';
import { PLANS_FILE, PROCESSING_TIMES_FILE, SEEDS_DIR, type PlansSeed } from '../src/store/seeds.ts';
import { citationsFrom } from './category-citations.ts';
import { CATEGORY_DEFINITIONS } from './category-definitions.ts';

const OGL = 'Open Government Licence - Canada (https://open.canada.ca/en/open-government-licence-canada)';
const { values } = parseArgs({ options: { reference: { type: 'string', default: resolve(import.meta.dirname, '../../shared/reference') }, out: { type: 'string', default: SEEDS_DIR } } });
const referenceDir = resolve(values.reference);
const outDir = resolve(values.out);

function readReference(path: string): string {
  return readFileSync(join(referenceDir, path), 'utf8');
}

function fingerprint(path: string): string {
  return `${path} (sha256 ${createHash('sha256').update(readFileSync(join(referenceDir, path))).digest('hex').slice(0, 16)})`;
}

function write(name: string, data: unknown): void {
  writeFileSync(join(outDir, name), `${JSON.stringify(data, null, 1)}\n`);
  console.log(`wrote seeds/${name}`);
}

function fail(message: string): never {
  console.error(`build-seeds: ${message}`);
  process.exit(1);
}

// NOC 2021 -----------------------------------------------------------------------------------
const units = (parseCsv(readReference('noc/noc2021.csv'), { columns: true, bom: true }) as Record<string, string>[]).map((row) => ({
  code: row.code!,
  en: row.title_en!,
  fr: row.title_fr!,
  teer: Number(row.teer),
}));
const LEVELS: Record<string, NocSeed['groups'][number]['level']> = { 'Broad Category': 'broad', 'Major Group': 'major', 'Sub-major Group': 'sub-major', 'Minor Group': 'minor' };
const groups = (parseCsv(readReference('noc/noc_2021_version_1.0_-_classification_structure.csv'), { columns: true, bom: true }) as Record<string, string>[])
  .filter((row) => LEVELS[row['Hierarchical structure']!])
  .map((row) => ({ code: row['Code - NOC 2021 V1.0']!, level: LEVELS[row['Hierarchical structure']!]!, title: row['Class title']! }));
const teerCounts = [0, 1, 2, 3, 4, 5].map((teer) => units.filter((unit) => unit.teer === teer).length).join(',');
if (units.length !== 516 || teerCounts !== '48,97,162,69,95,45') fail(`NOC 2021 should hold 516 unit groups (TEER 48,97,162,69,95,45); read ${units.length} (${teerCounts})`);
for (const unit of units) if (unit.teer !== Number(unit.code[1])) fail(`NOC ${unit.code}: TEER ${unit.teer} is not the code's second digit`);
const nocSeed: NocSeed = {
  about: { source: `Statistics Canada, NOC 2021 Version 1.0 (${fingerprint('noc/noc2021.csv')}; ${fingerprint('noc/noc_2021_version_1.0_-_classification_structure.csv')})`, licence: OGL },
  groups,
  units,
};

// Categories ---------------------------------------------------------------------------------
type ReferenceVersion = Omit<Partial<CategoryVersion>, 'noc' | 'sources'> & { id: string; label: string; source?: string; noc: { code: string; title: string; teer: number }[] };
const referenceVersions = JSON.parse(readReference('categories/categories.json')) as ReferenceVersion[];
const skeleton = new CategoryCatalog({
  about: { source: '', licence: '' },
  categories: CATEGORY_DEFINITIONS.map((definition) => ({ ...definition, aliases: definition.aliases ?? [] })),
  versions: [],
});
const nocByCode = new Map(units.map((unit) => [unit.code, unit]));
const versions: CategoryVersion[] = referenceVersions.map((version) => {
  const category = skeleton.resolveLabel(version.label, version.effectiveFrom!).id;
  if (category === 'other') fail(`category version ${version.id} ("${version.label}") matches no category id: add a keyword in scripts/category-definitions.ts`);
  for (const { code, teer } of version.noc) {
    if (nocByCode.get(code)?.teer !== teer) fail(`category version ${version.id}: NOC ${code} (TEER ${teer}) is not a NOC 2021 unit group with that TEER`);
  }
  return {
    id: version.id,
    category,
    label: version.label,
    drawNames: version.drawNames ?? [],
    drawNamesFr: version.drawNamesFr ?? [],
    effectiveFrom: version.effectiveFrom!,
    effectiveTo: version.effectiveTo ?? null,
    minExperienceMonths: version.minExperienceMonths ?? null,
    experienceRule: version.experienceRule ?? null,
    languageRule: version.languageRule ?? null,
    canadianExperienceRequired: version.canadianExperienceRequired ?? false,
    noc: version.noc.map(({ code }) => code).sort(),
    sources: version.source ? citationsFrom(version.source, version.id) : fail(`category version ${version.id} names no source`),
    uncertain: version.uncertain ?? false,
    uncertainReason: version.uncertainReason ?? null,
    notes: version.notes || null,
  };
});
const categorySeed: CategorySeed = {
  about: {
    source: `Category-based selection lists by version, assembled from IRCC's tables and the sources named on each version (${fingerprint('categories/categories.json')}). Authoritative: canada.ca, "Express Entry: category-based selection".`,
    licence: OGL,
    sources: 'Each version cites where its list was read: publisher, title, date (YYYY, YYYY-MM or YYYY-MM-DD) and link; null where the compilers did not record it (never guessed), with a note where the source is second-hand. An uncertain list says in uncertainReason what is uncertain.',
  },
  categories: CATEGORY_DEFINITIONS.map((definition) => ({
    ...definition,
    aliases: [...new Set([...(definition.aliases ?? []), ...versions.filter((v) => v.category === definition.id).flatMap((v) => v.drawNames)])],
  })),
  versions,
};
const catalog = new CategoryCatalog(categorySeedSchema.parse(categorySeed));

// Draw history snapshot: the newest reference feed, compacted ---------------------------------------
const feedDir = join(referenceDir, 'ircc-feed');
const snapshots = readdirSync(feedDir).filter((name) => /^ircc-rounds-en-\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort();
const newest = snapshots.at(-1) ?? fail(`no feed snapshot in ${feedDir}`);
const feedText = readFileSync(join(feedDir, newest), 'utf8');
const feed = parseFeedText(feedText, catalog);
const rounds = (JSON.parse(feedText) as { rounds: unknown[] }).rounds;
if (feed.draws.length !== rounds.length) fail(`${newest}: ${rounds.length} rounds in, ${feed.draws.length} normalized`);
for (const label of feed.unknownLabels) console.warn(`note: round type "${label}" is in no category: it will show as "other"`);
const snapshot = {
  about: { source: DEFAULT_FEED_URL, snapshot: fingerprint(`ircc-feed/${newest}`), newestRound: feed.draws[0]!.number, newestDate: feed.draws[0]!.date, licence: OGL },
  rounds,
};

// Processing times: the newest reference snapshot, as IRCC published it ------------------------------
const timesDir = join(referenceDir, 'processing-times');
const timesSnapshots = readdirSync(timesDir).filter((name) => /^flpt-en-\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort();
const newestTimes = timesSnapshots.at(-1) ?? fail(`no processing-times snapshot in ${timesDir}`);
// Read as the bot reads IRCC's file: a snapshot it would refuse is not shipped. Checked as of its own date.
const timesRead = readProcessingTimes(readFileSync(join(timesDir, newestTimes), 'utf8'), { now: new Date(`${newestTimes.slice(8, 18)}T12:00:00Z`) });
if (!timesRead.ok) fail(`${newestTimes}: ${timesRead.reason}`);
const processingTimes = {
  about: {
    source: DEFAULT_PROCESSING_TIMES_URL,
    snapshot: fingerprint(`processing-times/${newestTimes}`),
    updated: timesRead.times.updated,
    coverage: `A partial copy of IRCC's file (rebuilt from the values a public mirror stored; see the reference README): ${timesRead.times.programs.size} of IRCC's 28 programs, application months for ${[...timesRead.times.programs.values()].filter((program) => program.cohorts.length).map((program) => program.key).join(', ')} only. The bot replaces it with IRCC's own file at its first check.`,
    licence: OGL,
  },
  snapshot: timesRead.raw,
};

// 2024 plan (seed-facts.md) ------------------------------------------------------------------
const facts = readReference('seed-facts.md');
const planSection = facts.split(/^## /m).find((section) => section.startsWith('2024 invitation plan')) ?? fail('seed-facts.md has no "2024 invitation plan" section');
const shares = [...planSection.matchAll(/^\|\s*([^|]+?)\s*\|\s*([\d.]+)%\s*\|$/gm)].map(([, label, percent]) => {
  const category = catalog.resolveLabel(label!, '2024-01-01').id;
  if (category === 'other') fail(`plan row "${label}" matches no category`);
  const note = /\(([^)]+)\)/.exec(label!)?.[1] ?? null;
  return { category, share: Number(percent) / 100, note };
});
const plans: PlansSeed = {
  about: {
    source: 'IRCC internal memo on 2024 category-based invitations, released under an access-to-information request and reported by Canadian immigration news sites (spring 2024). Plans, not guarantees; they cover category rounds, not program-specific (PNP, CEC) rounds.',
    licence: 'Facts reported in the press; the figures are IRCC’s.',
  },
  plans: [{ year: 2024, shares }],
};

write('noc2021.json', nocSeed);
write('categories.json', categorySeed);
writeFileSync(join(outDir, 'ircc-rounds.json'), `${JSON.stringify(snapshot)}\n`);
console.log(`wrote seeds/ircc-rounds.json (${rounds.length} rounds, newest #${snapshot.about.newestRound} ${snapshot.about.newestDate}, from ${basename(newest)})`);
write(PLANS_FILE, plans);
writeFileSync(join(outDir, PROCESSING_TIMES_FILE), `${JSON.stringify(processingTimes)}\n`);
console.log(`wrote seeds/${PROCESSING_TIMES_FILE} (IRCC's update of ${processingTimes.about.updated}, from ${newestTimes})`);

// The tests run on the real snapshots without needing the reference folder: byte copies.
const fixturesDir = resolve(import.meta.dirname, '../test/fixtures/ircc-feed');
mkdirSync(fixturesDir, { recursive: true });
for (const name of snapshots) copyFileSync(join(feedDir, name), join(fixturesDir, name));
console.log(`copied ${snapshots.length} feed snapshots to test/fixtures/ircc-feed`);
const timesFixtures = resolve(import.meta.dirname, '../test/fixtures/processing-times');
mkdirSync(timesFixtures, { recursive: true });
for (const name of timesSnapshots) copyFileSync(join(timesDir, name), join(timesFixtures, name));
console.log(`copied ${timesSnapshots.length} processing-times snapshots to test/fixtures/processing-times`);
// And the category lists as compiled, which the citations are derived from.
const referenceFixtures = resolve(import.meta.dirname, '../test/fixtures/reference');
mkdirSync(referenceFixtures, { recursive: true });
copyFileSync(join(referenceDir, 'categories/categories.json'), join(referenceFixtures, 'categories.json'));
console.log('copied categories/categories.json to test/fixtures/reference');
