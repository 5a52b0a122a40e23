/**
 * Triage accuracy as people measure it by correcting it: for a set of enquiries (those received in
 * a period), how many had each label corrected by a person, and what share of the enquiries that
 * is. A label counts once per enquiry however often it was changed (`correctedLabels`). For the
 * safeguarding flag the direction matters most, so it is split: concerns triage missed (a person
 * set one where triage saw none) and concerns a person cleared. Pure.
 */
import { CORRECTABLE_LABELS, type CorrectableLabel, type Enquiry } from './enquiry';
import { percentage } from './statistics';

export interface LabelCorrections {
  readonly label: CorrectableLabel;
  /** Enquiries whose label a person corrected. */
  readonly corrected: number;
  /** corrected / enquiries, one decimal; null when there were no enquiries. */
  readonly correctedPercent: number | null;
}

export interface TriageAccuracy {
  /** Enquiries measured (received in the period). */
  readonly enquiries: number;
  /** Enquiries with at least one label corrected. */
  readonly anyCorrected: number;
  readonly anyCorrectedPercent: number | null;
  /** One line per label, in `CORRECTABLE_LABELS` order. */
  readonly labels: readonly LabelCorrections[];
  readonly safeguarding: {
    /** Triage saw no concern; a person set one. */
    readonly missedByTriage: number;
    /** Triage raised a concern; a person cleared it. */
    readonly clearedByPerson: number;
  };
}

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
