/**
 * Who should get a new enquiry when its team hands work out automatically. Pure: the roster as read
 * (its open counts may lag a moment; the cap itself is enforced by the conditional write).
 */
import type { Caseworker } from '../domain/enquiry';
import type { Topic } from '../domain/taxonomy';

/**
 * Caseworkers who may take an enquiry on `topic`, best first: active, taking the topic (no topics
 * listed = any topic), below their cap; most headroom (cap − open count) first, then by id so the
 * order is stable.
 */
export function assignmentCandidates(roster: readonly Caseworker[], topic: Topic): Caseworker[] {
  return roster
    .filter(
      (caseworker) =>
        caseworker.active &&
        (caseworker.topics.length === 0 || caseworker.topics.includes(topic)) &&
        caseworker.openCount < caseworker.cap,
    )
    .sort((a, b) => b.cap - b.openCount - (a.cap - a.openCount) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
