import { z } from 'zod';

/** NOC 2021 unit groups (seeds/noc2021.json) and the Express Entry program rules that read them. */

export const nocSeedSchema = z.object({
  about: z.object({ source: z.string(), licence: z.string() }).loose(),
  groups: z.array(z.object({ code: z.string(), level: z.enum(['broad', 'major', 'sub-major', 'minor']), title: z.string() })),
  units: z.array(z.object({ code: z.string().regex(/^\d{5}$/), en: z.string(), fr: z.string(), teer: z.number().int().min(0).max(5) })),
});

export type NocSeed = z.infer<typeof nocSeedSchema>;
export type NocUnit = NocSeed['units'][number];
export type NocGroup = NocSeed['groups'][number];

/**
 * Where a program rule looked: FST names major, sub-major and minor groups and one unit group
 * (IRPR s. 87.2(1) and canada.ca's FST page, as summarized in the reference README).
 */
export interface RuleBasis {
  level: 'teer' | NocGroup['level'] | 'unit';
  code: string;
}

export interface ProgramCheck {
  eligible: boolean;
  basis: RuleBasis;
}

export interface ProgramEligibility {
  fsw: ProgramCheck;
  cec: ProgramCheck;
  fst: ProgramCheck;
}

const FST_MAJOR_GROUPS = ['72', '73', '82', '83', '92', '93'];
const FST_EXCLUDED_SUB_MAJOR_GROUPS = ['726', '932'];
const FST_MINOR_GROUPS = ['6320'];
const FST_UNIT_GROUPS = ['62200'];
/** FSW (IRPR s. 75(2)(a)) and CEC (s. 87.1) take TEER 0–3 occupations. */
const SKILLED_TEERS = [0, 1, 2, 3];

export function teerOf(code: string): number {
  return Number(code[1]);
}

function fstCheck(code: string): ProgramCheck {
  const unit = FST_UNIT_GROUPS.find((group) => group === code);
  if (unit) return { eligible: true, basis: { level: 'unit', code: unit } };
  const minor = FST_MINOR_GROUPS.find((group) => code.startsWith(group));
  if (minor) return { eligible: true, basis: { level: 'minor', code: minor } };
  const excluded = FST_EXCLUDED_SUB_MAJOR_GROUPS.find((group) => code.startsWith(group));
  if (excluded) return { eligible: false, basis: { level: 'sub-major', code: excluded } };
  const major = code.slice(0, 2);
  return { eligible: FST_MAJOR_GROUPS.includes(major), basis: { level: 'major', code: major } };
}

export function programEligibility(code: string): ProgramEligibility {
  const teer = teerOf(code);
  const skilled: ProgramCheck = { eligible: SKILLED_TEERS.includes(teer), basis: { level: 'teer', code: String(teer) } };
  return { fsw: skilled, cec: skilled, fst: fstCheck(code) };
}

export class NocCatalog {
  readonly units: readonly NocUnit[];
  readonly about: NocSeed['about'];
  readonly #units = new Map<string, NocUnit>();
  readonly #groups = new Map<string, NocGroup>();

  constructor(seed: NocSeed) {
    const parsed = nocSeedSchema.parse(seed);
    this.about = parsed.about;
    this.units = parsed.units;
    for (const unit of parsed.units) this.#units.set(unit.code, unit);
    for (const group of parsed.groups) this.#groups.set(group.code, group);
  }

  get(code: string): NocUnit | undefined {
    return this.#units.get(code);
  }

  group(code: string): NocGroup | undefined {
    return this.#groups.get(code);
  }
}
