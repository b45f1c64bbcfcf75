import { ARTWORK_KINDS, CREDIT_ROLES } from '@marquee/read-models';
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date')
  .nullable();
const shortText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .transform((v) => (v ? v : null));

export const episodeInputSchema = z.object({
  number: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000, 'must be at most 100000'),
  absoluteNumber: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000').nullish(),
  name: shortText(500).optional(),
  overview: shortText(20_000).optional(),
  airDate: isoDate.optional(),
  runtime: z.number().int('must be whole minutes').min(1, 'must be at least 1 minute').max(10_000, 'must be at most 10000 minutes').nullish(),
});

export const seasonInputSchema = z.object({
  number: z.number().int('must be a whole number').min(0, 'must not be negative (0 holds specials)').max(10_000, 'must be at most 10000'),
  name: shortText(500).optional(),
  overview: shortText(20_000).optional(),
  airDate: isoDate.optional(),
  episodes: z
    .array(episodeInputSchema)
    .max(10_000, 'must have at most 10000 episodes')
    .optional()
    .superRefine((episodes, ctx) => {
      const seen = new Set<number>();
      for (const [i, e] of (episodes ?? []).entries()) {
        if (seen.has(e.number)) ctx.addIssue({ code: 'custom', path: [i, 'number'], message: `repeats episode ${e.number}` });
        seen.add(e.number);
      }
    }),
});

export const seasonsInputSchema = z
  .array(seasonInputSchema)
  .min(1, 'must have at least one season')
  .max(1_000, 'must have at most 1000 seasons')
  .superRefine((seasons, ctx) => {
    const seen = new Set<number>();
    for (const [i, s] of seasons.entries()) {
      if (seen.has(s.number)) ctx.addIssue({ code: 'custom', path: [i, 'number'], message: `repeats season ${s.number}` });
      seen.add(s.number);
    }
  });

export const externalIdsSchema = z
  .array(
    z.object({
      provider: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'must be a lower-case provider name such as tmdb or imdb'),
      value: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    }),
  )
  .max(100, 'must have at most 100 ids')
  .transform((ids) => [...new Map(ids.map((x) => [`${x.provider}:${x.value}`, x])).values()]);

export type SeasonInput = z.input<typeof seasonInputSchema>;

export const artworkInputSchema = z
  .array(
    z
      .object({
        kind: z.enum(ARTWORK_KINDS, { error: `must be one of ${ARTWORK_KINDS.join(', ')}` }),
        seasonNumber: z.number().int('must be a whole number').min(0, 'must not be negative').nullish(),
        url: z
          .string()
          .max(2_000, 'must be at most 2000 characters')
          .refine((u) => {
            try {
              return ['http:', 'https:'].includes(new URL(u).protocol);
            } catch {
              return false;
            }
          }, 'must be an http(s) URL'),
        width: z.number().int('must be whole pixels').min(1, 'must be positive').max(100_000, 'must be at most 100000').nullish(),
        height: z.number().int('must be whole pixels').min(1, 'must be positive').max(100_000, 'must be at most 100000').nullish(),
        language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code').nullish(),
        score: z.number().finite('must be a number').min(0, 'must not be negative').nullish(),
        provider: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'must be a lower-case provider name').nullish(),
      })
      .superRefine((a, ctx) => {
        if ((a.kind === 'SEASON_POSTER') !== (a.seasonNumber != null)) {
          ctx.addIssue({ code: 'custom', path: ['seasonNumber'], message: 'is required for SEASON_POSTER and only for it' });
        }
      }),
  )
  .min(1, 'must have at least one item')
  .max(500, 'must have at most 500 items');

export const creditsInputSchema = z
  .array(
    z.object({
      personId: z.string().min(1, 'must not be empty'),
      role: z.enum(CREDIT_ROLES, { error: `must be one of ${CREDIT_ROLES.join(', ')}` }),
      character: shortText(500).optional(),
      order: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000, 'must be at most 100000').nullish(),
    }),
  )
  .max(5_000, 'must have at most 5000 credits');

export const personInputSchema = z.object({
  name: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters')),
  originalName: shortText(500).optional(),
  birthDate: isoDate.optional(),
  deathDate: isoDate.optional(),
  biography: shortText(50_000).optional(),
});
