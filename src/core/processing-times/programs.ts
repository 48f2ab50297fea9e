import { foldText } from '../text.ts';

/**
 * The programs in IRCC's processing times, by the keys its file uses (docs/FORMAT.md), and the words
 * members type for them. Their names, in each language, are in the i18n catalogs (ptime.programs).
 */
export const PROGRAM_KEYS = [
  'cec', 'fsw', 'pnp-ee', 'pnp-base', 'aip', 'caregiver', 'qsw', 'quebec-business', 'self-employed', 'startup-visa',
  'pgp-quebec', 'pgp-roc', 'spousal-canada-quebec', 'spousal-canada-roc', 'spousal-abroad-quebec', 'spousal-abroad-roc',
  'government-refugees-quebec', 'government-refugees-roc', 'private-refugees-quebec', 'private-refugees-roc',
  'protected-persons-in-canada-quebec', 'protected-persons-in-canada-roc', 'dependants-abroad-quebec', 'dependants-abroad-roc',
  'humanitarian-quebec', 'humanitarian-roc', 'citizen-grants', 'citizen-proofs',
] as const;

export type ProgramKey = (typeof PROGRAM_KEYS)[number];

/** The Express Entry programs, in the order answers list them. */
export const EXPRESS_ENTRY_PROGRAMS = ['cec', 'fsw', 'pnp-ee'] as const satisfies readonly ProgramKey[];

/** Several programs asked for at once: a table of them. */
export const PROGRAM_GROUPS = {
  ee: EXPRESS_ENTRY_PROGRAMS,
  pgp: ['pgp-roc', 'pgp-quebec'],
  spousal: ['spousal-canada-roc', 'spousal-abroad-roc', 'spousal-canada-quebec', 'spousal-abroad-quebec'],
  refugees: ['government-refugees-roc', 'private-refugees-roc', 'protected-persons-in-canada-roc', 'dependants-abroad-roc', 'government-refugees-quebec', 'private-refugees-quebec', 'protected-persons-in-canada-quebec', 'dependants-abroad-quebec'],
  humanitarian: ['humanitarian-roc', 'humanitarian-quebec'],
  citizenship: ['citizen-grants', 'citizen-proofs'],
  all: PROGRAM_KEYS,
} as const satisfies Record<string, readonly ProgramKey[]>;

export type ProgramGroup = keyof typeof PROGRAM_GROUPS;

/** Words members use, English and French, folded (foldText); each key's own words work too ("pnp ee"). */
const WORDS: Record<string, ProgramKey | ProgramGroup> = {
  'cec': 'cec', 'canadian experience': 'cec', 'canadian experience class': 'cec', 'experience class': 'cec',
  'categorie de l experience canadienne': 'cec', 'experience canadienne': 'cec', 'pec': 'cec',
  'fsw': 'fsw', 'fswp': 'fsw', 'federal skilled worker': 'fsw', 'federal skilled workers': 'fsw', 'skilled worker': 'fsw', 'skilled workers': 'fsw', 'fsw ee': 'fsw',
  'tqf': 'fsw', 'travailleurs qualifies': 'fsw', 'travailleurs qualifies federal': 'fsw', 'programme des travailleurs qualifies': 'fsw',
  'pnp': 'pnp-ee', 'pnp ee': 'pnp-ee', 'ee pnp': 'pnp-ee', 'provincial nominee': 'pnp-ee', 'provincial nominee program': 'pnp-ee', 'provincial nominees': 'pnp-ee',
  'pcp': 'pnp-ee', 'candidats des provinces': 'pnp-ee', 'programme des candidats des provinces': 'pnp-ee',
  'pnp base': 'pnp-base', 'base pnp': 'pnp-base', 'pnp paper': 'pnp-base', 'paper pnp': 'pnp-base', 'paper based pnp': 'pnp-base', 'pnp non ee': 'pnp-base', 'pnp non express entry': 'pnp-base', 'pcp hors entree express': 'pnp-base',
  'ee': 'ee', 'express entry': 'ee', 'entree express': 'ee',
  'aip': 'aip', 'atlantic': 'aip', 'atlantic immigration': 'aip', 'atlantic immigration program': 'aip', 'atlantique': 'aip', 'pia': 'aip',
  'caregiver': 'caregiver', 'caregivers': 'caregiver', 'aides familiaux': 'caregiver', 'aide familial': 'caregiver',
  'qsw': 'qsw', 'quebec skilled worker': 'qsw', 'quebec skilled workers': 'qsw', 'travailleurs qualifies du quebec': 'qsw', 'pstq': 'qsw',
  'quebec business': 'quebec-business', 'quebec business class': 'quebec-business', 'gens d affaires du quebec': 'quebec-business',
  'self employed': 'self-employed', 'self employed persons': 'self-employed', 'travailleurs autonomes': 'self-employed',
  'startup visa': 'startup-visa', 'start up visa': 'startup-visa', 'suv': 'startup-visa', 'visa pour demarrage d entreprise': 'startup-visa', 'demarrage d entreprise': 'startup-visa',
  'pgp': 'pgp', 'parents': 'pgp', 'grandparents': 'pgp', 'parents and grandparents': 'pgp', 'parents et grands parents': 'pgp',
  'spousal': 'spousal', 'spouse': 'spousal', 'spouses': 'spousal', 'partner': 'spousal', 'spousal sponsorship': 'spousal', 'epoux': 'spousal', 'conjoint': 'spousal', 'parrainage du conjoint': 'spousal',
  'refugees': 'refugees', 'refugee': 'refugees', 'refugies': 'refugees', 'refugie': 'refugees',
  'humanitarian': 'humanitarian', 'h c': 'humanitarian', 'humanitarian and compassionate': 'humanitarian', 'considerations humanitaires': 'humanitarian', 'motifs d ordre humanitaire': 'humanitarian',
  'citizenship': 'citizenship', 'citoyennete': 'citizenship',
  'citizenship grant': 'citizen-grants', 'citizen grant': 'citizen-grants', 'attribution de la citoyennete': 'citizen-grants',
  'citizenship certificate': 'citizen-proofs', 'citizenship proof': 'citizen-proofs', 'proof of citizenship': 'citizen-proofs', 'preuve de citoyennete': 'citizen-proofs',
  'all': 'all', 'every': 'all', 'tous': 'all', 'tout': 'all',
};

for (const key of PROGRAM_KEYS) WORDS[foldText(key)] = key;
for (const group of Object.keys(PROGRAM_GROUPS)) WORDS[group] = group as ProgramGroup;

export type ProgramMatch =
  | { kind: 'program'; key: ProgramKey }
  | { kind: 'group'; group: ProgramGroup; keys: readonly ProgramKey[] }
  | { kind: 'unknown'; suggestions: string[] };

function isGroup(value: string): value is ProgramGroup {
  return value in PROGRAM_GROUPS;
}

/** A program as a member names it: "cec", "experience class", "PNP", "ee", "spousal" (a group), "pnp-base". */
export function matchProgram(input: string): ProgramMatch {
  const folded = foldText(input);
  const found = WORDS[folded];
  if (found) return isGroup(found) ? { kind: 'group', group: found, keys: PROGRAM_GROUPS[found] } : { kind: 'program', key: found };
  // Suggest the keys sharing the most words with what was typed ("spousal canada" → spousal-canada-*).
  const words = folded.split(' ').filter((word) => word.length >= 3);
  const shared = PROGRAM_KEYS.map((key) => ({ key, count: words.filter((word) => key.includes(word)).length }));
  const most = Math.max(0, ...shared.map(({ count }) => count));
  return { kind: 'unknown', suggestions: most ? shared.filter(({ count }) => count === most).map(({ key }) => key).slice(0, 6) : [] };
}

export function isExpressEntry(key: string): boolean {
  return (EXPRESS_ENTRY_PROGRAMS as readonly string[]).includes(key);
}
