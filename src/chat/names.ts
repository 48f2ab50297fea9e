import MiniSearch from 'minisearch';
import { foldText } from '../core/text.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';
import { namesOf, type CommandContext, type CommandDefinition } from './command.ts';

/**
 * Command names members mistype: a name close to one a command answers to (src/chat/command.ts,
 * findCommand) is not run but suggested ("/lates" → /latest, "/eligble" → /eligible), and each
 * command goes by its name in the member's language.
 */

interface NameIndex {
  search: MiniSearch<{ id: number; name: string }>;
  /** The command each indexed name belongs to, by document id. */
  owners: CommandDefinition[];
}

const indexes = new WeakMap<readonly CommandDefinition[], NameIndex>();

function indexOf(commands: readonly CommandDefinition[]): NameIndex {
  let index = indexes.get(commands);
  if (index) return index;
  const owners: CommandDefinition[] = [];
  const documents: { id: number; name: string }[] = [];
  for (const command of commands) {
    for (const name of namesOf(command)) {
      documents.push({ id: owners.length, name });
      owners.push(command);
    }
  }
  const search = new MiniSearch<{ id: number; name: string }>({ fields: ['name'], searchOptions: { prefix: true, fuzzy: (term) => (term.length <= 3 ? 0 : term.length <= 5 ? 1 : 2) } });
  search.addAll(documents);
  indexes.set(commands, (index = { search, owners }));
  return index;
}

/** The command a mistyped name most likely meant ("lates" → latest, "eligble" → eligible); none when nothing is close. */
export function closestCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  const folded = foldText(name);
  if (folded.length < 2 || folded.includes(' ')) return undefined;
  const { search, owners } = indexOf(commands);
  const [best] = search.search(folded);
  return best ? owners[best.id as number] : undefined;
}

/** The name a command goes by in a language: "/derniere" in French, "/latest" in English. */
export function commandName(command: CommandDefinition, locale: Locale): string {
  return locale === DEFAULT_LOCALE ? command.name : command.localNames[locale];
}

/** "/history [category] [count]", "/historique [type] [nombre]": in the caller's language. */
export function usage(command: CommandDefinition, { locale, t }: Pick<CommandContext, 'locale' | 't'>): string {
  const options = Object.entries(command.options).map(([name, spec]) => {
    const placeholder = t.help.placeholders[name] ?? name;
    return spec.meta.required ? `<${placeholder}>` : `[${placeholder}]`;
  });
  return [`/${commandName(command, locale)}`, ...options].join(' ');
}
