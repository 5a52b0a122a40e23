/**
 * The safeguarding flag from what triage found. A first, crude reading: the urgent 'harm' group
 * is a risk triage cannot yet place ('unclear-risk'), the 'out-of-education' group a child out of
 * education. The reasons are those groups' own, which quote the enquirer's words.
 */
import { NO_SAFEGUARDING_CONCERN, type Safeguarding, type SafeguardingCategory } from '../taxonomy';
import type { UrgentGroupHit } from './priority';

const CATEGORY_OF_GROUP: Readonly<Record<string, SafeguardingCategory>> = {
  harm: 'unclear-risk',
  'out-of-education': 'out-of-education',
};

/** The safeguarding flag from the urgent rule groups that fired. */
export function decideSafeguarding(urgentGroups: readonly UrgentGroupHit[]): Safeguarding {
  const categories: SafeguardingCategory[] = [];
  const reasons: string[] = [];
  for (const hit of urgentGroups) {
    const category = CATEGORY_OF_GROUP[hit.group];
    if (category === undefined) continue;
    if (!categories.includes(category)) categories.push(category);
    reasons.push(hit.reason);
  }
  return categories.length > 0 ? { concern: true, categories, reasons } : NO_SAFEGUARDING_CONCERN;
}
