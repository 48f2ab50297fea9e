import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { findCommand } from '../../src/chat/command.ts';
import { closestCommand } from '../../src/chat/names.ts';
import { fr } from '../../src/i18n/fr.ts';
import { ask, askText } from '../helpers/answers.ts';

/** Issue 22, item 11: command names as members type them, typos included, in English and French. */

describe('a mistyped command gets the closest one suggested', () => {
  it.each([
    ['/lates', 'There is no /lates command. Did you mean /latest? /help lists them all.'],
    ['/eligble 21231', 'There is no /eligble command. Did you mean /eligible 21231? /help lists them all.'],
    ['/histroy stem', 'There is no /histroy command. Did you mean /history stem? /help lists them all.'],
    ['/subscirbe weekly', 'There is no /subscirbe command. Did you mean /subscribe weekly? /help lists them all.'],
  ])('%s', async (question, answer) => {
    const reply = await ask(question);
    expect(reply.error).toBe(true);
    expect(reply.lines).toEqual([answer]);
  });

  it('in French, with the French name and a space before “?”', async () => {
    const reply = await ask('/dernire', { locale: 'fr' });
    expect(reply.lines).toEqual(['La commande /dernire n’existe pas. Vouliez-vous dire /derniere\u00a0? /aide les énumère toutes.']);
    expect((await ask('/admisible 21231', { locale: 'fr' })).lines[0]).toContain('Vouliez-vous dire /admissible 21231\u00a0?');
  });

  it('suggests nothing when nothing is close, rather than a wild guess', async () => {
    expect((await ask('/qwxz')).lines).toEqual(['There is no /qwxz command. /help lists them all.']);
    expect(closestCommand(commands, 'x')).toBeUndefined();
  });
});

describe('the words members use are commands too', () => {
  it('/cutoff 2024 answers as /cutoffs 2024', async () => {
    expect(await askText('/cutoff 2024')).toBe(await askText('/cutoffs 2024'));
  });

  it('/draws lists the last rounds, as /history does', async () => {
    const reply = await ask('/draws');
    expect(reply.title).toBe('Last 10 rounds');
    expect(reply.table!.rows[0]).toEqual(['411', 'Apr 15, 2026', 'French', '4,000', '419']);
  });

  it.each(['/last', 'draw', 'latest', '/LAST', '/tirage'])('%s is the latest round', async (question) => {
    const reply = await ask(question);
    expect(reply.title).toBe('Latest round');
    expect(reply.lines[0]).toMatch(/^Round #411 /);
  });

  it('a bare word that names no command is still told how commands are written', async () => {
    expect((await ask('hello there')).lines).toEqual(['Commands start with “/”, e.g. /latest or /eligible 21231. Type /help for the list.']);
  });
});

describe('French names for every command', () => {
  it('/aide is /help, in French, with French names and French placeholders', async () => {
    const reply = await ask('/aide', { locale: 'fr' });
    expect(reply.title).toBe('Robot Entrée express — ce que vous pouvez demander');
    expect(reply.lines.slice(0, 4)).toEqual([
      '/derniere [type] — La ronde d’invitations la plus récente, toutes rondes ou d’un type',
      '/notes [année] — Notes de passage et invitations par type de ronde pour une année',
      '/admissible <profession> — Une profession (code CNP 2021 ou titre) est-elle dans une catégorie, et quels programmes l’acceptent',
      '/historique [type] [nombre] — Les dernières rondes, tous types ou d’un type, en tableau',
    ]);
    expect(reply.lines.join('\n')).not.toMatch(/\[(category|count|year|period|profile|listening)\]|<(occupation|crs)>/);
  });

  it.each(['/dernière', '/derniere', '/Dernière', 'dernière', '/tirage'])('%s is the latest round', async (question) => {
    const reply = await ask(question, { locale: 'fr' });
    expect(reply.title).toBe('Dernière ronde');
    expect(reply.lines[0]).toMatch(/^Ronde no 411 /);
  });

  it('every command has a French name of its own, a valid Telegram command, that finds it', () => {
    const names = commands.map((command) => command.localNames.fr);
    expect(new Set(names).size).toBe(commands.length);
    for (const command of commands) {
      expect(command.localNames.fr).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(command.localNames.fr).not.toBe(command.name);
      expect(findCommand(commands, command.localNames.fr)).toBe(command);
    }
    // No alias takes another command's name.
    for (const command of commands) for (const alias of command.aliases ?? []) expect(findCommand(commands, alias), alias).toBe(command);
  });

  it('a usage line in French names the command and its options in French', async () => {
    const reply = await ask('/historique stim 0', { locale: 'fr' });
    expect(reply.lines).toEqual(['Nombre entier de 1 à 50 attendu.', 'Utilisation : /historique [type] [nombre]']);
  });

  it('every option of every command has a French placeholder', () => {
    for (const command of commands) for (const name of Object.keys(command.options)) expect(fr.help.placeholders[name], `${command.name} ${name}`).toBeDefined();
  });
});

describe('French typography and words', () => {
  /** Every text of a catalog: strings as they are, functions called with sample arguments. */
  function texts(node: unknown): string[] {
    if (typeof node === 'string') return [node];
    if (typeof node === 'function') {
      for (const sample of [['x', 'y', 'z', 'w', 'v', 'u'], [1, 2, 3, 4, 5, 6], [['x'], ['y'], ['z']]]) {
        try {
          const value = (node as (...args: unknown[]) => unknown)(...sample);
          if (typeof value === 'string') return [value];
        } catch {
          // Another shape of arguments, then.
        }
      }
      return [];
    }
    if (node && typeof node === 'object') return Object.values(node).flatMap(texts);
    return [];
  }

  it('a no-break space before every “?” of the French catalog', () => {
    const questions = texts(fr).filter((text) => text.includes('?'));
    expect(questions.length).toBeGreaterThan(20);
    for (const text of questions) expect(text, text).not.toMatch(/[^\u00a0]\?/);
  });

  it('“IPD”, IRCC’s French for an invitation to apply, never “ITA”', async () => {
    for (const text of texts(fr)) expect(text, text).not.toMatch(/\bITA\b/);
    expect((await ask('/notes 2024', { locale: 'fr' })).table!.columns.map((column) => column.label)).toContain('IPD');
  });
});
