import { z } from 'zod';

/**
 * The raw feed as IRCC serves it: every value a string (docs/FORMAT.md). Unknown keys are tolerated;
 * keys the bot can do without may be missing. The schema checks and does not transform (trimming
 * is normalization's job): that keeps validating 400 rounds cheap.
 */

const text = z.string().optional();
const required = (pattern: RegExp, message: string) => z.string().regex(pattern, message);

export const POOL_KEYS = [
  'dd1', 'dd2', 'dd3', 'dd4', 'dd5', 'dd6', 'dd7', 'dd8', 'dd9',
  'dd10', 'dd11', 'dd12', 'dd13', 'dd14', 'dd15', 'dd16', 'dd17', 'dd18',
] as const;

export const rawRoundSchema = z.looseObject({
  drawNumber: required(/^\s*\d+[a-z]?\s*$/i, 'expected a round number such as "293" or "91a"'),
  drawDate: z.iso.date('expected a date as YYYY-MM-DD'),
  drawName: required(/\S/, 'the round type is empty'),
  drawSize: required(/^\s*(\d{1,3}(,\d{3})+|\d*[1-9]\d*)\s*$/, 'expected a number of invitations such as "4,500"'),
  drawCRS: required(/^\s*(1[01]\d\d|1200|\d{1,3})\s*$/, 'expected a CRS score (a whole number, at most 1,200)'),
  drawText2: text,
  drawDateTime: text,
  drawCutOff: text,
  drawDistributionAsOn: text,
  drawNumberURL: text,
  mitext: text,
  DrawText1: text,
  ...(Object.fromEntries(POOL_KEYS.map((key) => [key, text])) as Record<(typeof POOL_KEYS)[number], typeof text>),
});

export type RawRound = z.infer<typeof rawRoundSchema>;

export const rawFeedSchema = z.looseObject({
  rounds: z.array(rawRoundSchema).min(1, 'the feed holds no rounds'),
}).superRefine((feed, ctx) => {
  const seen = new Set<string>();
  feed.rounds.forEach((round, index) => {
    const number = round.drawNumber.trim().toLowerCase();
    if (seen.has(number)) ctx.addIssue({ code: 'custom', path: ['rounds', index, 'drawNumber'], message: `round #${round.drawNumber} appears twice` });
    seen.add(number);
  });
});

export type RawFeed = z.infer<typeof rawFeedSchema>;
