/**
 * Triage accuracy as people measure it by correcting it: for a set of enquiries (those received in
 * a period), how many had each label corrected by a person, and what share of the enquiries that
 * is. A label counts once per enquiry however often it was changed (`correctedLabels`). For the
 * safeguarding flag the direction matters most, so it is split: concerns triage missed (a person
 * set one where triage saw none) and concerns a person cleared. Pure.
 */

import { CORRECTABLE_LABELS, CorrectableLabel, type Enquiry } from './enquiry';
import { percentage } from './statistics';
import * as z from './zod';

export const LabelCorrections = z.object({
  label: CorrectableLabel,
  /** Enquiries whose label a person corrected. */
  corrected: z.int(),
  /** corrected / enquiries, one decimal; null when there were no enquiries. */
  correctedPercent: z.nullable(z.number()).check(z.describe('Of the enquiries measured, one decimal.')),
});
export type LabelCorrections = z.infer<typeof LabelCorrections>;

export const TriageAccuracy = z.object({
  /** Enquiries measured (received in the period). */
  enquiries: z.int().check(z.describe('Enquiries measured.')),
  anyCorrected: z.int().check(z.describe('Enquiries with at least one label corrected.')),
  anyCorrectedPercent: z.nullable(z.number()),
  /** One line per label, in `CORRECTABLE_LABELS` order. */
  labels: z.array(LabelCorrections),
  safeguarding: z.object({
    missedByTriage: z.int().check(z.describe('Triage saw no concern; a person set one.')),
    clearedByPerson: z.int().check(z.describe('Triage raised a concern; a person cleared it.')),
  }),
});
export type TriageAccuracy = z.infer<typeof TriageAccuracy>;

type Measured = Pick<Enquiry, 'correctedLabels' | 'triaged' | 'safeguarding'>;

/** The accuracy figures for `enquiries`. */
export function triageAccuracy(enquiries: readonly Measured[]): TriageAccuracy {
  const total = enquiries.length;
  const corrected = (label: CorrectableLabel) =>
    enquiries.filter((enquiry) => enquiry.correctedLabels.includes(label)).length;
  const flagCorrected = enquiries.filter(
    (enquiry) => enquiry.correctedLabels.includes('safeguarding') && enquiry.triaged !== null,
  );
  const anyCorrected = enquiries.filter((enquiry) => enquiry.correctedLabels.length > 0).length;
  return {
    enquiries: total,
    anyCorrected,
    anyCorrectedPercent: percentage(anyCorrected, total),
    labels: CORRECTABLE_LABELS.map((label) => {
      const count = corrected(label);
      return { label, corrected: count, correctedPercent: percentage(count, total) };
    }),
    safeguarding: {
      missedByTriage: flagCorrected.filter(
        (enquiry) => enquiry.triaged?.safeguarding === false && enquiry.safeguarding.concern,
      ).length,
      clearedByPerson: flagCorrected.filter(
        (enquiry) => enquiry.triaged?.safeguarding === true && !enquiry.safeguarding.concern,
      ).length,
    },
  };
}
