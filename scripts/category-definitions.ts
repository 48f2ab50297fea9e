import type { CategoryDefinition } from '../src/core/categories.ts';

/**
 * The stable ids members type, with names, the feed labels known to mean each (aliases) and the
 * keywords that place a label not seen before. Category *versions* and their NOC lists come from
 * the reference data; their drawNames are added as aliases by build-seeds.ts.
 */
type Definition = Omit<CategoryDefinition, 'aliases'> & { aliases?: string[] };

export const CATEGORY_DEFINITIONS: Definition[] = [
  { id: 'general', kind: 'program', name: { en: 'General (all programs)', fr: 'Général (tous les programmes)' }, short: { en: 'General', fr: 'Général' }, aliases: ['No Program Specified', 'General'], keywords: ['no program specified', 'general', 'all programs'], userAliases: ['general', 'all', 'all programs', 'no program', 'nps', 'général', 'tous'] },
  { id: 'pnp', kind: 'program', name: { en: 'Provincial Nominee Program', fr: 'Programme des candidats des provinces' }, short: { en: 'PNP', fr: 'PCP' }, aliases: ['Provincial Nominee Program'], keywords: ['provincial nominee'], userAliases: ['pnp', 'provincial', 'nominee', 'pcp', 'candidats des provinces'] },
  { id: 'cec', kind: 'program', name: { en: 'Canadian Experience Class', fr: 'Catégorie de l’expérience canadienne' }, short: { en: 'CEC', fr: 'CEC' }, aliases: ['Canadian Experience Class'], keywords: ['canadian experience class'], userAliases: ['cec', 'canadian experience', 'experience canadienne', 'pec'] },
  { id: 'fsw', kind: 'program', name: { en: 'Federal Skilled Worker', fr: 'Travailleurs qualifiés (fédéral)' }, short: { en: 'FSW', fr: 'TQF' }, aliases: ['Federal Skilled Worker'], keywords: ['federal skilled worker'], userAliases: ['fsw', 'fswp', 'skilled worker', 'ptqf', 'travailleurs qualifies'] },
  { id: 'fst', kind: 'program', name: { en: 'Federal Skilled Trades', fr: 'Métiers spécialisés (fédéral)' }, short: { en: 'FST', fr: 'MSF' }, aliases: ['Federal Skilled Trades'], keywords: ['federal skilled trades'], userAliases: ['fst', 'fstp', 'skilled trades', 'ptmsf'] },
  { id: 'french', kind: 'category', name: { en: 'French-language proficiency', fr: 'Compétence linguistique en français' }, short: { en: 'French', fr: 'Français' }, keywords: ['french', 'francais'], userAliases: ['french', 'francais', 'français', 'fr', 'francophone', 'french language'] },
  { id: 'healthcare', kind: 'category', name: { en: 'Healthcare and social services', fr: 'Santé et services sociaux' }, short: { en: 'Healthcare', fr: 'Santé' }, keywords: ['health', 'sante'], userAliases: ['healthcare', 'health', 'health care', 'santé', 'sante', 'medical', 'social services', 'nurses'] },
  { id: 'stem', kind: 'category', name: { en: 'STEM', fr: 'STIM (sciences, technologies, génie et mathématiques)' }, short: { en: 'STEM', fr: 'STIM' }, keywords: ['stem', 'science technology', 'stim'], userAliases: ['stem', 'stim', 'science', 'tech', 'technology', 'engineering'] },
  { id: 'trades', kind: 'category', name: { en: 'Trades', fr: 'Métiers' }, short: { en: 'Trades', fr: 'Métiers' }, keywords: ['trade', 'metiers'], userAliases: ['trades', 'trade', 'métiers', 'metiers', 'tradespeople'] },
  { id: 'transport', kind: 'category', name: { en: 'Transport', fr: 'Transport' }, short: { en: 'Transport', fr: 'Transport' }, keywords: ['transport'], userAliases: ['transport', 'transportation'] },
  { id: 'agriculture', kind: 'category', name: { en: 'Agriculture and agri-food', fr: 'Agriculture et agroalimentaire' }, short: { en: 'Agriculture', fr: 'Agriculture' }, keywords: ['agri'], userAliases: ['agriculture', 'agri', 'agri-food', 'agrifood', 'agroalimentaire', 'farm'] },
  { id: 'education', kind: 'category', name: { en: 'Education', fr: 'Éducation' }, short: { en: 'Education', fr: 'Éducation' }, keywords: ['education'], userAliases: ['education', 'éducation', 'teachers', 'teaching', 'enseignement', 'enseignants'] },
  { id: 'physicians', kind: 'category', name: { en: 'Physicians with Canadian work experience', fr: 'Médecins ayant de l’expérience de travail au Canada' }, short: { en: 'Physicians', fr: 'Médecins' }, keywords: ['physician', 'medecin'], userAliases: ['physicians', 'physician', 'doctors', 'médecins', 'medecins'] },
  { id: 'senior-managers', kind: 'category', name: { en: 'Senior managers with Canadian work experience', fr: 'Cadres supérieurs ayant de l’expérience de travail au Canada' }, short: { en: 'Senior managers', fr: 'Cadres sup.' }, keywords: ['senior manager', 'cadres superieur'], userAliases: ['senior managers', 'senior-managers', 'managers', 'executives', 'cadres'] },
  { id: 'researchers', kind: 'category', name: { en: 'Researchers with Canadian work experience', fr: 'Chercheurs ayant de l’expérience de travail au Canada' }, short: { en: 'Researchers', fr: 'Chercheurs' }, keywords: ['research', 'chercheur'], userAliases: ['researchers', 'research', 'chercheurs'] },
  { id: 'military', kind: 'category', name: { en: 'Skilled military recruits', fr: 'Recrues militaires qualifiées' }, short: { en: 'Military', fr: 'Militaires' }, keywords: ['military', 'militaire'], userAliases: ['military', 'militaire', 'armed forces', 'forces armées'] },
  { id: 'other', kind: 'other', name: { en: 'Other (round type not in the category list)', fr: 'Autre (type de ronde absent de la liste)' }, short: { en: 'Other', fr: 'Autre' }, keywords: [], userAliases: ['other', 'autre'] },
];
