/** Triage's proposal of a statutory process: requests and complaints in words, questions left alone. */
import { describe, expect, it } from 'vitest';
import { proposeStatutoryProcess } from '../../shared/domain/statutory/propose-process';

const assessment = { topic: 'assessment' as const, reasons: ['mentions an EHC needs assessment'] };

describe('proposeStatutoryProcess', () => {
  it.each([
    'I am writing to formally request an EHC needs assessment for my son.',
    'We would like to request an education, health and care needs assessment for Sam.',
    'Please accept this as our formal request for a statutory assessment.',
    'I am requesting an EHCNA for my daughter who is 6.',
  ])('offers an EHC needs assessment for "%s"', (text) => {
    expect(proposeStatutoryProcess(assessment, text)).toMatchObject({ process: 'ehc-assessment' });
  });

  it('leaves a question about how to ask for an assessment alone', () => {
    expect(
      proposeStatutoryProcess(assessment, 'How do I ask for an EHC needs assessment for my son?'),
    ).toBeNull();
  });

  it('needs triage to have seen an assessment before offering one', () => {
    expect(
      proposeStatutoryProcess({ topic: 'transport', reasons: [] }, 'I request an EHC needs assessment'),
    ).toBeNull();
  });

  it('offers a complaint when the text says so or triage marked it one', () => {
    expect(
      proposeStatutoryProcess(
        { topic: 'placement', reasons: [] },
        'I wish to make a formal complaint about the delay.',
      ),
    ).toMatchObject({ process: 'complaint', reason: expect.stringContaining('formal complaint') });
    expect(
      proposeStatutoryProcess(
        { topic: 'complaint', reasons: ['says it is a complaint'] },
        'Nobody has called me back.',
      ),
    ).toMatchObject({ process: 'complaint', reason: expect.stringContaining('says it is a complaint') });
  });
});
