import { commands } from '../../commands/index.ts';
import type { Draw } from '../../src/core/draw.ts';
import { createCore } from '../../src/core/index.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import type { Answering } from '../../src/chat/context.ts';
import type { ProcessingTimesSource } from '../../src/core/processing-times/queries.ts';
import { askConsole } from '../../src/adapters/console/input.ts';
import { renderText } from '../../src/render/text.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { seeds } from './fixtures.ts';

export const history = seeds.snapshotDraws();

/** The core over a given history (and processing times, where given), as the app builds it, at a fixed clock. */
export function answering({ draws = history, now = '2026-11-21T15:00:00Z', checkedAt = null as string | null, processingTimes = null as ProcessingTimesSource | null } = {}): Answering {
  const core = createCore({
    draws: () => draws,
    freshness: () => ({ newest: draws[0] ? { number: draws[0].number, date: draws[0].date } : null, checkedAt, snapshotDate: checkedAt ? null : (draws[0]?.date ?? null) }),
    categories: seeds.categories,
    noc: seeds.noc,
    plans: seeds.plans,
    processingTimes,
  });
  return { core, commands, timeZone: 'America/Toronto', now: () => new Date(now) };
}

export async function ask(question: string, { locale = 'en' as Locale, at = answering() } = {}): Promise<Reply> {
  return askConsole(question, at, locale, silentLogger);
}

export async function askText(question: string, options: Parameters<typeof ask>[1] = {}): Promise<string> {
  return renderText(await ask(question, options), { locale: options.locale });
}

export function field(reply: Reply, label: string | RegExp): string | undefined {
  return reply.fields.find((candidate) => (typeof label === 'string' ? candidate.label === label : label.test(candidate.label)))?.value;
}

export function until(date: string): Draw[] {
  return history.filter((draw) => draw.date <= date);
}
