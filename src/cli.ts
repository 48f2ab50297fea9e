import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.ts';
import { FeedError } from './core/feed/normalize.ts';
import { createSync } from './core/sync.ts';
import { createLogger, registerSecret, scrubSecrets, type Logger } from './log.ts';
import { loadSeeds } from './seeds.ts';
import { StoreFileError, StoreLockedError } from './store/errors.ts';
import { Store } from './store/store.ts';
import { formatDrawRow, formatSyncOutcome } from './cli-format.ts';

/** The bin: `start` runs the bot; the other commands are one-shot tools for operators. */

const USAGE = `usage: npm run cli -- <command> [options]
  sync [--feed URL|PATH] [--json]   fetch the feed once and store new and edited rounds
       [--no-seed]                  on a first run, start from an empty history, not the shipped one
  draws [--json]                     print every stored round`;

interface Runtime {
  config: Config;
  log: Logger;
}

async function openStore({ config, log }: Runtime, readOnly: boolean, { seed = true } = {}): Promise<Store> {
  const seeds = loadSeeds();
  const history = seed ? { file: seeds.snapshotPath, draws: seeds.snapshotDraws } : { file: '(none: --no-seed)', draws: () => [] };
  const store = await Store.open(config.DATA_DIR, { seed: history, readOnly });
  log.debug({ dataDir: config.DATA_DIR, draws: store.draws.length }, 'store open');
  return store;
}

const commands: Record<string, (runtime: Runtime, args: string[]) => Promise<void>> = {
  async sync(runtime, args) {
    const { values } = parseArgs({ args, options: { feed: { type: 'string' }, json: { type: 'boolean', default: false }, 'no-seed': { type: 'boolean', default: false } } });
    const source = values.feed ?? runtime.config.FEED_URL;
    const store = await openStore(runtime, false, { seed: !values['no-seed'] });
    try {
      const seeds = loadSeeds();
      const outcome = await createSync({ store, catalog: seeds.categories, log: runtime.log })(source);
      console.log(values.json ? JSON.stringify(outcomeJson(outcome, store)) : formatSyncOutcome(outcome, store.draws));
    } finally {
      await store.close();
    }
  },

  async draws(runtime, args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const store = await openStore(runtime, true);
    if (values.json) console.log(JSON.stringify(store.draws, null, 1));
    else for (const draw of store.draws) console.log(formatDrawRow(draw));
  },
};

function outcomeJson(outcome: Awaited<ReturnType<ReturnType<typeof createSync>>>, store: Store) {
  const added = outcome.status === 'merged' ? outcome.added.map((draw) => draw.number) : [];
  const edited = outcome.status === 'merged' ? outcome.edited.map((edit) => ({ number: edit.after.number, fields: edit.fields })) : [];
  return { status: outcome.status, new: added.length, edited: edited.length, addedRounds: added, editedRounds: edited, stored: store.draws.length };
}

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `unknown command "${name}"\n${USAGE}` : USAGE);
    return 2;
  }
  let log: Logger | undefined;
  try {
    const config = loadConfig();
    registerSecret(config.DISCORD_TOKEN);
    registerSecret(config.TELEGRAM_BOT_TOKEN);
    log = createLogger(config.LOG_LEVEL);
    await command({ config, log }, args);
    return 0;
  } catch (error) {
    const known = error instanceof FeedError || error instanceof StoreFileError || error instanceof StoreLockedError || (error as Error).name === 'ConfigError';
    console.error(scrubSecrets(`${name} failed: ${known ? (error as Error).message : String((error as Error).stack ?? error)}`));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
