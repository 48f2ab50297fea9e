import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { askConsole } from './adapters/console/input.ts';
import { renderConsoleReply } from './adapters/console/render.ts';
import { PlatformLost, StartupError } from './chat/adapter.ts';
import { openApp, type App } from './app.ts';
import { CategoryListError, loadCategoryLists, readCategoryLists } from './store/category-lists.ts';
import { formatListChanges, formatListsInForce } from './render/cli-categories.ts';
import { formatDrawRow, formatStatus, formatSyncOutcome, statusReport, syncOutcomeJson } from './render/cli-text.ts';
import { formatOutlook, outlookJson } from './render/cli-outlook.ts';
import { nextRoundReport } from './core/outlook/index.ts';
import { formatProcessingTimesSync, processingTimesFailure, processingTimesReport, processingTimesSyncJson, type ProcessingTimesSyncResult } from './render/cli-processing-times.ts';
import { ConfigError, databasePassword, loadConfig, type Config } from './config.ts';
import { diffCategoryLists } from './core/category-diff.ts';
import { FeedError } from './core/feed/normalize.ts';
import type { Locale } from './i18n/locales.ts';
import { localeFrom, messages } from './i18n/locales.ts';
import { dateIn } from './i18n/format.ts';
import { refreshOnStart } from './scheduler/refresh-on-start.ts';
import { SEEDS_DIR } from './store/seeds.ts';
import { createLogger, guardStderr, registerSecret, scrubSecrets, type Logger } from './log.ts';
import { StoreConnectError, StoreDatabaseError, StoreFileError, StoreIntegrityError, StoreLockedError, StoreSchemaError, StoreWriteError } from './store/errors.ts';
import { drawsFile } from './store/lowdb/schema.ts';

/** The bin: `start` runs the bot; the other commands are one-shot tools for operators. */

const USAGE = `usage: npm run cli -- <command> [options]
  start [--lang en|fr] [--offline]   run the bot (console chat when no token is set)
        [--drop-pending|--assume-sent]  when an outbox file was lost: forget the posts pending, or
                                     count them as delivered (the start says which, if ever needed)
  ask "<question>" [--lang en|fr]    print one answer, e.g. ask "/eligible 21231"
      [--offline]                    (pictures are written to PNG files; the answer gives their paths)
                                     the console chat and ask check IRCC for newer rounds first when
                                     the data is over an hour old (at most 3 s); --offline skips it
  sync [--feed URL|PATH] [--json]    fetch the feed once and store new and edited rounds, then
       [--processing-times URL|PATH] IRCC's processing times (PROCESSING_TIMES_URL)
       [--drop-pending|--assume-sent] (as for start)
       [--no-seed]                   on a first run, start from an empty history, not the shipped one
  draws [--json]                     print every stored round
  status [--json]                    last poll, last new round, pending posts, disabled subscriptions,
                                     how old the processing times are and the last one refused
  outlook [--as-of YYYY-MM-DD]       when the next round of each type may come, as /next says it, with
          [--json]                   each type's backtest; only rounds dated before --as-of (default today)
  store copy --from DIR|URL --to DIR|URL [--json]
                                     move a bot between a data folder (lowdb) and PostgreSQL, either
                                     way: rounds, subscriptions, posts pending, processing times;
                                     safe to run twice
  categories                         which category lists are in force, from which file
  categories check FILE              validate a lists file and print what it would change`;

interface Runtime {
  config: Config;
  log: Logger;
}

const lang = { lang: { type: 'string' } } as const;
const answering = { ...lang, offline: { type: 'boolean', default: false } } as const;
/** The operator's word when one outbox file was lost (lowdb/outbox.ts says when it is needed). */
const recoveryFlags = { 'drop-pending': { type: 'boolean', default: false }, 'assume-sent': { type: 'boolean', default: false } } as const;
const recoveryOf = (values: { 'drop-pending': boolean; 'assume-sent': boolean }) => ({ dropPending: values['drop-pending'], assumeSent: values['assume-sent'] });

/** --lang, else the environment's locale (LC_ALL, LC_MESSAGES, LANG). */
function chosenLocale(flag: string | undefined): Locale {
  return localeFrom(flag ?? process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG);
}

async function withApp<T>(runtime: Runtime, options: Parameters<typeof openApp>[2], use: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp(runtime.config, runtime.log, options);
  try {
    return await use(app);
  } finally {
    await app.store.close();
  }
}

/**
 * For `ask`: the app with newer rounds brought in first when the data is over an hour old
 * (refresh-on-start.ts). That needs the data folder for writing; when a running bot holds it,
 * the bot polls the feed itself, and the answer comes from what it stored.
 */
async function withCheckedApp<T>(runtime: Runtime, { offline, locale }: { offline: boolean; locale: Locale }, use: (app: App) => Promise<T>): Promise<T> {
  if (offline || !runtime.config.CHECK_ON_START) {
    // A folder no command has written yet is seeded on disk once, rather than in memory at every ask.
    const firstUse = !existsSync(join(runtime.config.DATA_DIR, drawsFile.name));
    if (!firstUse) return withApp(runtime, { readOnly: true }, use);
    try {
      return await withApp(runtime, {}, use);
    } catch (error) {
      if (error instanceof StoreLockedError) return withApp(runtime, { readOnly: true }, use);
      throw error;
    }
  }
  let app: App;
  try {
    app = await openApp(runtime.config, runtime.log);
  } catch (error) {
    if (error instanceof StoreLockedError) return withApp(runtime, { readOnly: true }, use);
    throw error;
  }
  try {
    const outcome = await refreshOnStart(app);
    if (outcome.kind === 'failed') console.error(messages(locale).console.refreshFailed(outcome.reason));
    return await use(app);
  } finally {
    await app.store.close();
  }
}

const commands: Record<string, (runtime: Runtime, args: string[]) => Promise<number | void>> = {
  async status(runtime, args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    await withApp(runtime, { readOnly: true }, async ({ store }) => {
      const [{ latest }, times] = await Promise.all([store.processingTimes.latest(), store.processingTimes.status()]);
      const report = await statusReport(store, processingTimesReport(latest, times, dateIn(runtime.config.TZ, new Date())));
      console.log(values.json ? JSON.stringify(report, null, 1) : formatStatus(report));
    });
  },

  async start(runtime, args) {
    const { values } = parseArgs({ args, options: { ...answering, ...recoveryFlags } });
    const locale = chosenLocale(values.lang);
    // Loaded here, not at the top: the schedules and the delivery worker are no concern of the one-shot tools.
    const { startBot } = await import('./start.ts');
    await withApp(runtime, { recovery: recoveryOf(values) }, async (app) => {
      // A data file that cannot be read stops the start, named (processing times are otherwise opened when first asked).
      await app.store.processingTimes.ready();
      // The console chat does not poll: newer rounds first, as for `ask`. A bot on a platform polls at once itself.
      const consoleChat = !app.config.TELEGRAM_BOT_TOKEN && !app.config.DISCORD_TOKEN;
      if (consoleChat && !values.offline && app.config.CHECK_ON_START) {
        const outcome = await refreshOnStart(app);
        if (outcome.kind === 'failed') console.log(messages(locale).console.refreshFailed(outcome.reason));
      }
      await startBot(app, { locale });
    });
  },

  async ask(runtime, args) {
    const { values, positionals } = parseArgs({ args, options: answering, allowPositionals: true });
    if (!positionals.length) throw new UsageError('ask needs a question, e.g. ask "/latest stem"');
    const locale = chosenLocale(values.lang);
    const answer = await withCheckedApp(runtime, { offline: values.offline, locale }, (app) => askConsole(positionals.join(' '), app.answering, locale, runtime.log));
    console.log(renderConsoleReply(answer, { locale }));
    return answer.error ? 1 : 0;
  },

  async sync(runtime, args) {
    const { values } = parseArgs({ args, options: { feed: { type: 'string' }, 'processing-times': { type: 'string' }, json: { type: 'boolean', default: false }, 'no-seed': { type: 'boolean', default: false }, ...recoveryFlags } });
    const source = values.feed ?? runtime.config.FEED_URL;
    return withApp(runtime, { seed: !values['no-seed'], recovery: recoveryOf(values) }, async (app) => {
      const outcome = await app.sync(source);
      // The rounds first, as before: a feed that fails stops here. Then IRCC's processing times, beside them.
      const times = await syncTimes(app, values['processing-times'] ?? runtime.config.PROCESSING_TIMES_URL);
      if (values.json) console.log(JSON.stringify({ ...syncOutcomeJson(outcome, app.store.draws), processingTimes: processingTimesSyncJson(times) }));
      else console.log([formatSyncOutcome(outcome, app.store.draws), formatProcessingTimesSync(times)].filter(Boolean).join('\n'));
      const failure = processingTimesFailure(times);
      if (!failure) return 0;
      console.error(`sync failed: ${failure}`);
      return 1;
    });
  },

  async categories(runtime, args) {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const [action, file, ...rest] = positionals;
    if (action === undefined) {
      console.log(formatListsInForce(loadCategoryLists(runtime.config.DATA_DIR, SEEDS_DIR), dateIn(runtime.config.TZ, new Date())));
      return 0;
    }
    if (action !== 'check' || !file || rest.length) throw new UsageError('expected `categories` or `categories check FILE`');
    // The candidate first: an admin fixing a refused DATA_DIR/categories.json checks that very file.
    const candidate = readCategoryLists(file);
    const inForce = loadCategoryLists(runtime.config.DATA_DIR, SEEDS_DIR);
    console.log(formatListChanges(file, candidate, inForce, diffCategoryLists(inForce.catalog, candidate)));
    return 0;
  },

  async outlook(runtime, args) {
    const { values } = parseArgs({ args, options: { 'as-of': { type: 'string' }, json: { type: 'boolean', default: false } } });
    const asOf = values['as-of'] ?? dateIn(runtime.config.TZ, new Date());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)) || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf) {
      throw new UsageError(`--as-of expects a date as YYYY-MM-DD (got "${asOf}")`);
    }
    await withApp(runtime, { readOnly: true }, async ({ store, seeds }) => {
      const types = seeds.categories.categories.filter((category) => category.kind !== 'other').map((category) => category.id);
      const report = nextRoundReport(store.draws, types, asOf);
      console.log(values.json ? JSON.stringify(outlookJson(report), null, 1) : formatOutlook(report));
    });
  },

  async store(runtime, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } } });
    if (positionals[0] !== 'copy' || positionals.length > 1 || !values.from || !values.to) throw new UsageError('expected `store copy --from DATA_DIR|postgres://… --to DATA_DIR|postgres://…`');
    if (values.from === values.to) throw new UsageError('--from and --to name the same place');
    registerSecret(databasePassword(values.from));
    registerSecret(databasePassword(values.to));
    const { copyStore, formatCopyReport } = await import('./store/copy.ts');
    const report = await copyStore(values.from, values.to, runtime.log);
    console.log(values.json ? JSON.stringify(report) : formatCopyReport(report));
  },

  async draws(runtime, args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    await withApp(runtime, { readOnly: true }, async ({ store }) => {
      if (values.json) console.log(JSON.stringify(store.draws, null, 1));
      else for (const draw of store.draws) console.log(formatDrawRow(draw));
    });
  },
};

/** A processing-times file that cannot be reached is one outcome among others here: the rounds were synced. */
async function syncTimes(app: App, source: string): Promise<ProcessingTimesSyncResult> {
  try {
    return await app.syncProcessingTimes(source);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    const { latest } = await app.store.processingTimes.latest();
    return { status: 'failed', reason: error.message, latest };
  }
}

class UsageError extends Error {}

/**
 * One line for any failure, whatever its type (the project's errors say what to do; a bare I/O
 * error gets its file named): a message over several lines is joined ("invalid configuration: A; B").
 */
function failureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [head = '', ...rest] = message.trim().split(/\s*\n\s*/);
  const line = rest.length ? `${head} ${rest.join('; ')}` : head;
  const { code, path } = error as Partial<NodeJS.ErrnoException>;
  if (code && path && !line.includes(path)) return `${line} (${path})`;
  const expected = [FeedError, CategoryListError, StoreFileError, StoreIntegrityError, StoreWriteError, StoreLockedError, StoreConnectError, StoreSchemaError, StoreDatabaseError, StartupError, PlatformLost, UsageError, ConfigError].some((type) => error instanceof type);
  return expected || code ? line : `${line} (LOG_LEVEL=debug prints the stack)`;
}

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `unknown command "${name}"\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    const config = loadConfig();
    registerSecret(config.DISCORD_TOKEN);
    registerSecret(config.TELEGRAM_BOT_TOKEN);
    registerSecret(databasePassword(config.DATABASE_URL));
    // Libraries' own debug output (DEBUG=telegraf:*) writes to stderr directly: scrub it too.
    guardStderr();
    const log = createLogger(config.LOG_LEVEL);
    return (await command({ config, log }, args)) ?? 0;
  } catch (error) {
    console.error(scrubSecrets(`${name} failed: ${failureLine(error)}`));
    // The stack is for developers who ask for it; operators get the one line above.
    if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') && error instanceof Error && error.stack) console.error(scrubSecrets(error.stack));
    return 1;
  }
}

/**
 * A reader that stops early (`cli draws | head -1`) closes the pipe: that is the reader's choice,
 * not a failure. Writes past that point go nowhere and the command ends as it would have.
 */
let outputFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    outputFailed = true;
    if (stream === process.stdout) console.error(`cannot write the output (${error.code ?? error.message})`);
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = outputFailed ? 1 : code;
// Everything is flushed by now; a socket a library left open must not hold the exit (shutdown ≤ 25 s).
setTimeout(() => process.exit(), 1000).unref();
