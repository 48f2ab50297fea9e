import { z } from 'zod';

/** Published invitation plans by round type (seeds/plans.json): what a year's rounds were meant to be. */
export const plansSeedSchema = z.object({
  about: z.object({ source: z.string(), licence: z.string() }).loose(),
  plans: z.array(z.object({
    year: z.number().int(),
    shares: z.array(z.object({ category: z.string(), share: z.number().min(0).max(1), note: z.string().nullable() })),
  })),
});

export type PlansSeed = z.infer<typeof plansSeedSchema>;
export type Plan = PlansSeed['plans'][number];
