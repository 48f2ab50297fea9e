import { describe, expect, it } from 'vitest';
import { commandContext } from '../../src/chat/context.ts';
import { digestReply } from '../../src/delivery/digest.ts';
import { roundName } from '../../src/i18n/round-name.ts';
import { answering } from '../helpers/answers.ts';
import { runCli } from '../helpers/cli.ts';
import { seeds, tempDir } from '../helpers/fixtures.ts';

const fr = { core: { categories: seeds.categories }, locale: 'fr' as const };

describe('a round named in French', () => {
  it('/latest says IRCC’s French label, or the type’s French name with its list version; English is unchanged', async () => {
    const DATA_DIR = tempDir();
    const headline = async (question: string, lang: string) => (await runCli(['ask', question, '--lang', lang], { DATA_DIR })).stdout.split('\n')[2];
    expect(await headline('/latest trades', 'fr')).toBe('Ronde no 408 (2 avril 2026) : Métiers spécialisés 2026-Version 3');
    expect(await headline('/latest stem', 'fr')).toBe('Ronde no 293 (11 avril 2024) : STIM (sciences, technologies, génie et mathématiques) (version 1)');
    expect(await headline('/latest cec', 'fr')).toBe('Ronde no 410 (14 avril 2026) : Catégorie de l’expérience canadienne');
    expect(await headline('/latest trades', 'en')).toBe('Round #408 (April 2, 2026): Trades Occupations, 2026-Version 3');
  });

  it('a list version no list knows keeps its number; a label no list knows stays as IRCC published it', () => {
    expect(roundName(fr, { label: 'Healthcare and Social Services Occupations, 2027-Version 1', category: { id: 'healthcare', version: null, unknownVersion: '2027-Version 1' } })).toBe('Santé et services sociaux 2027-version 1');
    expect(roundName(fr, { label: 'French language proficiency (2023-1)', category: { id: 'french', version: 'french-v1' } })).toBe('Compétence linguistique en français (2023-1)');
    expect(roundName(fr, { label: 'Systems round', category: { id: 'other', version: null } })).toBe('Systems round');
  });

  it('digests already name rounds by the type’s French name, never IRCC’s English label', () => {
    const ctx = commandContext(answering(), { locale: 'fr', chat: { platform: 'telegram', id: '-1', kind: 'group' }, canAdminister: false });
    const post = digestReply(ctx, { kind: 'rounds', rounds: ['408'], period: null });
    expect(post.lines.join('\n')).toContain('Métiers');
    expect(post.lines.join('\n')).not.toContain('Trades Occupations');
  });
});
