/**
 * How each safeguarding category reads to people: the duty alert, the page's banner and controls,
 * and the report. Plain data with a type-only import, so the staff page can bundle it without zod.
 */
import type { SafeguardingCategory } from './taxonomy';

export const CATEGORY_WORDS: Readonly<Record<SafeguardingCategory, string>> = {
  'physical-abuse': 'physical abuse',
  'sexual-abuse': 'sexual abuse',
  'emotional-abuse': 'emotional abuse',
  neglect: 'neglect',
  'self-harm': 'self-harm or suicidal talk',
  'child-on-child': 'child-on-child abuse',
  exploitation: 'exploitation',
  'domestic-abuse': 'domestic abuse',
  fgm: 'FGM',
  radicalisation: 'radicalisation',
  missing: 'missing or running into danger',
  'carer-cannot-cope': 'a carer who cannot keep the child safe',
  'out-of-education': 'out of education',
  'unclear-risk': 'a risk of harm (kind not yet clear)',
};

/** The categories in the statutory guidance's order (the order of `CATEGORY_WORDS`). */
export const CATEGORY_ORDER = Object.keys(CATEGORY_WORDS) as SafeguardingCategory[];

/** `self-harm or suicidal talk, neglect` for a list of categories. */
export function categoryWords(categories: readonly SafeguardingCategory[]): string {
  return categories.map((category) => CATEGORY_WORDS[category]).join(', ');
}
