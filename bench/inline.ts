import type { InlineQuery } from 'telegraf/types';
import { commands } from '../commands/index.ts';
import { askConsole } from '../src/adapters/console/input.ts';
import { inlineAnswer, type InlineDeps } from '../src/adapters/telegram/inline.ts';
import { PhotoIds } from '../src/adapters/telegram/send.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { round, summarize, timeAsync, type Timing } from './measure.ts';

/**
 * Runs of every question before any is timed: with 500, one run in five still had the compiler
 * finishing inline's functions during the first timed block (p99 ≈ 4 ms, never the medians).
 */
const WARM_UP = 3000;

/** Questions typed inline, beside the same asked in a chat. */
const QUESTIONS = ['latest cec', 'latest', 'eligible 21231'];

/**
 * A Telegram inline answer in process — the query parsed, the command run through invoke(), each
 * result rendered to Telegram HTML within one message, the answerInlineQuery payload built — beside
 * the chat answer of the same question (askConsole: parse, validate, run, Reply), alternated in one
 * run over the full history, English and French alternated. The empty query (the latest round and
 * the latest of each recent type: several answers at once) is timed too.
 */
export async function benchInline(runs = 2000) {
  const seeds = loadSeeds();
  const draws = seeds.snapshotDraws();
  const core = createCore({ draws: () => draws, freshness: () => ({ newest: { number: draws[0]!.number, date: draws[0]!.date }, checkedAt: null, snapshotDate: draws[0]!.date }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  const answering = { core, commands, timeZone: 'America/Toronto' };
  const deps: InlineDeps = { answering, log: silentLogger, username: 'ExpressEntryBot', photos: new PhotoIds() };
  const query = (text: string, index: number): InlineQuery => ({ id: String(index), from: { id: 7001, is_bot: false, first_name: 'Priya', language_code: index % 2 ? 'fr' : 'en' }, query: text, offset: '', chat_type: 'supergroup' });

  const inline = (question: string, index: number) => inlineAnswer(deps, query(question, index));
  const chat = (question: string, index: number) => askConsole(`/${question}`, answering, index % 2 ? 'fr' : 'en', silentLogger);
  // A running bot answers thousands of these: every path warmed (compiled) before any is timed.
  for (let i = 0; i < WARM_UP; i++) {
    for (const question of QUESTIONS) {
      const answer = await inline(question, i);
      if (answer.results.length !== 1) throw new Error(`bench question not answered as one result: ${question}`);
      await chat(question, i);
    }
    if (i < 50) await inlineAnswer(deps, query('', i));
  }
  const timings: Record<string, { inline: Timing; chat: Timing }> = {};
  for (const question of QUESTIONS) {
    const samples = { inline: [] as number[], chat: [] as number[] };
    for (let i = 0; i < runs; i++) {
      samples.inline.push(await timeAsync(() => inline(question, i)));
      samples.chat.push(await timeAsync(() => chat(question, i)));
    }
    timings[question] = { inline: summarize(samples.inline), chat: summarize(samples.chat) };
  }
  const empty: number[] = [];
  for (let i = 0; i < runs / 4; i++) empty.push(await timeAsync(() => inlineAnswer(deps, query('', i))));
  const inlineP99 = timings['latest cec']!.inline.p99Ms;
  return {
    name: 'inline',
    what: `Telegram inline answer in process (query → answerInlineQuery payload: parse, invoke, Telegram HTML within one message) beside the chat answer of the same question, ${runs.toLocaleString('en-CA')} alternated runs each, English and French alternated; ratio = p99 of the inline "latest cec" in ms`,
    timings,
    emptyQuery: summarize(empty),
    inlineOverChatMedian: round(timings['latest cec']!.inline.medianMs / timings['latest cec']!.chat.medianMs, 3),
    ratio: round(inlineP99, 3),
    goal: 'p99 ≤ 1 ms',
    met: inlineP99 <= 1,
  };
}
