import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

/** The one-line /crs through the real bin, as a script would use it: the same text a chat shows. */
describe('cli ask "/crs …"', () => {
  it('prints the score in English, and in French as SCG', async () => {
    const line = '/crs age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3';
    const english = await runCli(['ask', line], { DATA_DIR: tempDir(), LANG: 'C' });
    expect(english.code).toBe(0);
    expect(english.stdout).toMatch(/^CRS 429\n/);
    expect(english.stdout).toContain('Skill transferability: 75 of 100 at most (education 25, foreign work 50, certificate of qualification 0)');
    expect(english.stdout).toContain('In the pool: Between 116,879 and 129,852 profiles scored 429 or more. IRCC counts the pool in bands, and 429 falls in the 421–430 band (12,973 profiles)');
    expect(english.stdout).toContain('Not legal advice; IRCC’s own tool is the reference.');

    const french = await runCli(['ask', '--lang', 'fr', line], { DATA_DIR: tempDir() });
    expect(french.code).toBe(0);
    expect(french.stdout).toMatch(/^SCG 429\n/);
    expect(french.stdout).toContain('Ceci n’est pas un avis juridique; l’outil d’IRCC fait foi.');
  });

  it('names a bad field and what is accepted, in both languages', async () => {
    const english = await runCli(['ask', '/crs age=31 edu=master lang=ielts:7,7,7,7 cdn-work=9'], { DATA_DIR: tempDir(), LANG: 'C' });
    expect(english.stdout).toContain('cdn-work: 9 is out of range. Accepted: 0 to 5.');
    const french = await runCli(['ask', '--lang', 'fr', '/crs age=31 edu=master lang=ielts:7,7,7,7 cdn-work=9'], { DATA_DIR: tempDir() });
    expect(french.stdout).toContain('cdn-work : 9 est hors limites. Accepté : de 0 à 5.');
  });
});
