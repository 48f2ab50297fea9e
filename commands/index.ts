import type { CommandDefinition } from '../src/chat/command.ts';
import about from './about.ts';
import clb from './clb.ts';
import crs from './crs.ts';
import cutoffs from './cutoffs.ts';
import eligible from './eligible.ts';
import help from './help.ts';
import history from './history.ts';
import latest from './latest.ts';
import next from './next.ts';
import pool from './pool.ts';
import ptime from './ptime.ts';
import score from './score.ts';
import subscribe from './subscribe.ts';
import subscriptions from './subscriptions.ts';
import trend from './trend.ts';
import unsubscribe from './unsubscribe.ts';

/** Every chat command, in the order /help lists them. */
export const commands: CommandDefinition[] = [latest, cutoffs, eligible, history, pool, trend, score, next, crs, clb, ptime, subscribe, unsubscribe, subscriptions, help, about];
