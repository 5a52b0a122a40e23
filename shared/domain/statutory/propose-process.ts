/**
 * Triage's proposal of a statutory process: when an enquiry's text is a request for an EHC needs
 * assessment or a complaint, the caseworker is offered the process to start (they decide; nothing
 * starts by itself). Pure: it reads the triage result (topic and reasons) and the text, and never
 * changes triage.
 *
 * `STATUTORY_PROPOSAL_CUES` is the hook the triage language layer can improve later (lemmas,
 * negation scope): today it is a short list of patterns, written once per meaning.
 */

import type { Topic } from '../taxonomy';
import * as z from '../zod';
import { ProcessKind } from './statutory-clocks';

export const StatutoryProposal = z.object({
  process: ProcessKind,
  /** Why, for the caseworker, quoting the words matched. */
  reason: z.string(),
});
export type StatutoryProposal = z.infer<typeof StatutoryProposal>;

interface Cue {
  readonly process: ProcessKind;
  /** Topics triage must have chosen for the cue to count (empty: any topic). */
  readonly topics: readonly Topic[];
  readonly pattern: RegExp;
  readonly why: string;
}

const ASSESSMENT = String.raw`(?:ehc\s*(?:needs\s*)?assessment|ehcna|education,?\s+health\s+(?:and|&)\s+care\s+(?:needs\s+)?assessment|statutory\s+assessment|assessment\s+for\s+an?\s+ehc\s*p?(?:lan)?|ehc\s*plan\s+assessment)`;

/** The cues, in the order they are tried. Improve these (or replace the function) as triage learns. */
export const STATUTORY_PROPOSAL_CUES: readonly Cue[] = [
  {
    process: 'ehc-assessment',
    topics: ['assessment'],
    pattern: new RegExp(
      String.raw`\b(?:(?:i|we)\s+(?:would\s+like\s+to|wish\s+to|want\s+to|am\s+writing\s+to|are\s+writing\s+to)\s+(?:formally\s+)?(?:request|apply\s+for|ask\s+for)|(?:i|we)\s+(?:formally\s+)?request|(?:this\s+is|please\s+accept\s+this\s+as)\s+(?:a|our|my)\s+(?:formal\s+)?request\s+for|please\s+(?:carry\s+out|start|begin|do)|requesting|applying\s+for)\b[^.?!]{0,60}?${ASSESSMENT}`,
      'i',
    ),
    why: 'a request for an EHC needs assessment',
  },
  {
    process: 'complaint',
    topics: [],
    pattern:
      /\b(?:formal\s+complaint|(?:i|we)\s+(?:would\s+like\s+to|wish\s+to|want\s+to)\s+(?:make\s+a\s+)?complain|make\s+a\s+complaint|stage\s*(?:1|2|one|two)\s+complaint|escalate\s+(?:my|our|this)\s+complaint)\b/i,
    why: 'a complaint',
  },
];

/**
 * The process to offer for an enquiry, or null. A complaint is offered whenever triage chose the
 * complaint topic; otherwise the text must say it in words (a question about how to ask for an
 * assessment is not yet a request).
 */
export function proposeStatutoryProcess(
  triage: { readonly topic: Topic; readonly reasons: readonly string[] },
  text: string,
): StatutoryProposal | null {
  for (const cue of STATUTORY_PROPOSAL_CUES) {
    if (cue.topics.length > 0 && !cue.topics.includes(triage.topic)) continue;
    const match = cue.pattern.exec(text);
    if (match !== null) {
      return { process: cue.process, reason: `The text reads as ${cue.why}: "${match[0].trim()}".` };
    }
  }
  if (triage.topic === 'complaint') {
    const because = triage.reasons.find((reason) => /complain/i.test(reason));
    return {
      process: 'complaint',
      reason: `Triage marked it a complaint${because === undefined ? '' : ` (${because})`}.`,
    };
  }
  return null;
}
