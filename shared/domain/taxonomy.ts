/** The triage taxonomy fixed in DESIGN.md. Order matters where noted. */
import * as z from './zod';

export const TOPICS = [
  'assessment',
  'annual-review',
  'placement',
  'transport',
  'tribunal',
  'complaint',
  'health',
  'funding',
  'attendance',
  'general',
] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

/** Most urgent first: the index is the priority's rank in queues. */
export const PRIORITIES = ['urgent', 'high', 'normal'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const ROLES = ['parent', 'young-person', 'school', 'professional', 'elected-member', 'other'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const KENT_DISTRICTS = [
  'ashford',
  'canterbury',
  'dartford',
  'dover',
  'folkestone-hythe',
  'gravesham',
  'maidstone',
  'sevenoaks',
  'swale',
  'thanet',
  'tonbridge-malling',
  'tunbridge-wells',
] as const;
export const DISTRICTS = [...KENT_DISTRICTS, 'out-of-area', 'unknown'] as const;
export const District = z.enum(DISTRICTS);
export type District = z.infer<typeof District>;

/** An id written in configuration (a team, a step): lower-case words joined by single hyphens. */
export const ConfigId = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      'must be lower-case letters, digits and single hyphens, e.g. "north"',
    ),
  );

export const CHANNELS = ['email', 'phone'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Queue rank of a priority: 1 is seen first. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

/** The more urgent of two priorities. */
export function maxPriority(a: Priority, b: Priority): Priority {
  return priorityRank(a) <= priorityRank(b) ? a : b;
}

/**
 * Kinds of safeguarding concern, after the statutory guidance (Keeping children safe in education;
 * Working Together to Safeguard Children), plus a child out of education and a risk triage saw but
 * could not place ('unclear-risk'): when unsure, a person looks.
 */
export const SAFEGUARDING_CATEGORIES = [
  'physical-abuse',
  'sexual-abuse',
  'emotional-abuse',
  'neglect',
  'self-harm',
  'child-on-child',
  'exploitation',
  'domestic-abuse',
  'fgm',
  'radicalisation',
  'missing',
  'carer-cannot-cope',
  'out-of-education',
  'unclear-risk',
] as const;
export const SafeguardingCategory = z.enum(SAFEGUARDING_CATEGORIES);
export type SafeguardingCategory = z.infer<typeof SafeguardingCategory>;

/** A safeguarding concern, apart from priority: `reasons` quote the words that raised it. */
export const Safeguarding = z.object({
  concern: z.boolean(),
  categories: z.array(SafeguardingCategory),
  reasons: z.array(z.string()),
});
export type Safeguarding = z.infer<typeof Safeguarding>;

/** No safeguarding concern (shared: never mutate it). */
export const NO_SAFEGUARDING_CONCERN: Safeguarding = { concern: false, categories: [], reasons: [] };

/** What triage says about one contact; `reasons` tell a caseworker why. */
export const TriageResult = z.object({
  topic: Topic,
  priority: Priority,
  role: Role,
  district: District,
  reasons: z.array(z.string()),
  /** A concern always comes with priority 'urgent'. */
  safeguarding: Safeguarding,
});
export type TriageResult = z.infer<typeof TriageResult>;
