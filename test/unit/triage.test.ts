import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import { TriageResult } from '../../shared/domain/taxonomy';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email, phone } from '../support/triage-fixtures';

const rules = defaultTriageRules();
const run = (intake: IntakeMessage) => triage(intake, rules, CONTEXT);

describe('topic: the main ask decides', () => {
  it.each([
    [
      'assessment',
      'Our nursery thinks Maisie may need more help than they can give. How do I ask the council to carry out an EHC needs assessment, and can I request it myself as her parent?',
    ],
    [
      'annual-review',
      "Ryan's annual review was in January and the school sent the paperwork in. What happens next, and when should I expect the proposed amendments to his plan?",
    ],
    [
      'placement',
      'We would like Oliver to move from his mainstream primary to a special school. What is the process for asking for a change of placement, and which schools would be consulted?',
    ],
    [
      'transport',
      "Poppy's taxi driver has changed three times this term and the new passenger assistant didn't know about her needs. Who do I speak to about her school transport?",
    ],
    [
      'tribunal',
      'We received the final plan last week and want to appeal section F to the SEND Tribunal. Do we need a mediation certificate before we register the appeal?',
    ],
    [
      'complaint',
      "I wish to make a formal complaint about how my son's case has been handled over the last year. Please tell me who will investigate it.",
    ],
    [
      'health',
      'Ella has been on the waiting list for an ADHD assessment with the community paediatric team for 14 months. Can her EHCP say anything about this, and is the speech and language therapy in section F something the NHS has to provide?',
    ],
    [
      'funding',
      "The school says they have used their notional SEN budget and need top-up funding for Alfie's 1:1. How long does a high needs funding application take?",
    ],
    [
      'attendance',
      'Since the autumn Harvey has been on a part-time timetable, 9 till 11 each day. He still goes in every morning. Is the school allowed to keep him on reduced hours for this long?',
    ],
    [
      'general',
      'Do you have a list of holiday clubs and short breaks for disabled children over the summer, or a parent support group I could join?',
    ],
  ])('files "%s" under its topic', (topic, body) => {
    expect(run(email(body)).topic).toBe(topic);
  });

  it('lets the ask outweigh a side question ("Also, ...")', () => {
    const body = [
      'We have just moved here and my daughter has no school place yet. Please can you tell me which schools you will consult and when she can start?',
      '',
      'Also, will she be able to get a taxi once she has a school? She went by minibus before.',
    ].join('\n');
    expect(run(email(body)).topic).toBe('placement');
  });

  it('does not file a threatened complaint as a complaint', () => {
    const result = run(
      email("I'd like to request an assessment for my son. I'll complain if I have to, but hopefully not!"),
    );
    expect(result.topic).toBe('assessment');
    expect(result.priority).toBe('normal');
  });

  it('does not take a narrative "we asked for" as the ask', () => {
    const body =
      "I received the final EHCP on 2 January. It still names the mainstream school and not the specialist school we asked for. I'd like to appeal. What's the deadline, and do I have to go to mediation first?";
    expect(run(email(body)).topic).toBe('tribunal');
  });

  it('ignores a complaint that is explicitly not being made', () => {
    const body =
      "I'm not making a complaint, I just want to know who provides the occupational therapy in my son's plan now that the NHS has discharged him.";
    expect(run(email(body)).topic).toBe('health');
  });

  it('falls back to general when nothing matches', () => {
    expect(run(email('Hello, is this the right address? Thanks')).topic).toBe('general');
  });
});

describe("call handlers' shorthand in phone logs", () => {
  it.each([
    [
      'attendance',
      'urgent',
      'Mum rang - Y9 son had FTE 3 days last wk, now another FTE from today. Wants emergency AR.',
    ],
    [
      'funding',
      'normal',
      'Dad asking how to set up a DP for PA hours agreed at panel. Explained PB process.',
    ],
    [
      'transport',
      'normal',
      'Mum asking re HTST for Sept, son moving to special school. Gave application link.',
    ],
    ['health', 'normal', 'Mum wants to know who provides SALT in sect F now NHS SLT has discharged him.'],
    [
      'health',
      'urgent',
      'Mum upset. Daughter (Y11) took 20 paracetamol at the weekend, was in hospital. On CAMHS list.',
    ],
  ])('reads a %s call (%s)', (topic, priority, summary) => {
    const result = run(phone(summary));
    expect(result.topic).toBe(topic);
    expect(result.priority).toBe(priority);
    expect(result.role).toBe('parent');
  });
});

describe('priority: urgent signals', () => {
  it.each([
    [
      'self-harm',
      'My daughter told her teacher she wants to die and has been scratching her arms until they bleed.',
    ],
    [
      'a threat to others',
      'This is not urgent, but last night he threatened to stab his brother with a kitchen knife.',
    ],
    ['running away', 'He ran away from home on Saturday and the police brought him back at 2am.'],
    [
      'a suspension',
      'Jake was given a two-day suspension yesterday for swearing at a teacher. What should I do about his EHCP?',
    ],
    [
      // A threatened exclusion is not urgent (issue 20: readers of real posts judged it normal);
      // test/unit/triage-happening-now.test.ts holds that behaviour beside its near misses.
      'a permanent exclusion decided today',
      'The head has told me Leo has been permanently excluded after another incident.',
    ],
    [
      'no school place',
      'We moved here six weeks ago and my son still has no school place, he is at home with me all day.',
    ],
    [
      'months out of school',
      'Mia has not been in school since half term because of her anxiety and nobody has sent any work.',
    ],
  ])('marks %s urgent with a quoted reason', (_, body) => {
    const result = run(email(body));
    expect(result.priority).toBe('urgent');
    expect(result.reasons.some((reason) => reason.startsWith('urgent:') && reason.includes('"'))).toBe(true);
  });

  it('is not moved by "URGENT" in the subject alone', () => {
    const result = run(
      email('Please could you send me the form for the parental views? Thanks', {
        subject: 'URGENT!!! form',
      }),
    );
    expect(result.priority).toBe('normal');
  });

  it('does not let "not urgent" hide a child at risk', () => {
    const body =
      "I know it's not urgent and I don't want to make a fuss, but he has started cutting himself again.";
    expect(run(email(body)).priority).toBe('urgent');
  });

  it.each([
    'There are no safeguarding concerns and he is not at risk; I only need to know about the bus pass.',
    'She has autism and no sense of danger, so she cannot use a public bus to get to school.',
    'I do not think there is any immediate risk, but his health advice needs updating in section G.',
    'He has never been excluded and is happy at school, I just want to know about the annual review.',
  ])('reads negation and SEND phrases: "%s" is not urgent', (body) => {
    expect(run(email(body)).priority).not.toBe('urgent');
  });

  it('treats a question about exclusion in general as not urgent', () => {
    const body =
      'What happens to an EHCP if a child is permanently excluded? I am trying to understand the rules.';
    const result = run(email(body));
    expect(result.priority).toBe('normal');
    expect(result.topic).toBe('attendance');
  });

  it('counts being sent home every lunchtime as an (informal) exclusion', () => {
    const summary =
      'Mum called - son sent home by school every lunchtime for 3 weeks because there is no TA.';
    expect(run(phone(summary, { callerRole: 'parent' })).priority).toBe('urgent');
  });

  it('does not count an exclusion from years ago or a question about policy', () => {
    const old = 'My son was excluded from nursery two years ago. Does that stay on his record?';
    const policy =
      'Is it correct that a suspension has to be reported to the SEN team? I am a governor checking our policy.';
    expect(run(email(old)).priority).toBe('normal');
    expect(run(email(policy)).priority).toBe('normal');
  });

  it('does not count suspended direct payments as a suspension', () => {
    const body =
      'My direct payments have been suspended because of a missing bank statement. How do I get them restarted?';
    const result = run(email(body));
    expect(result.priority).toBe('normal');
    expect(result.topic).toBe('funding');
  });

  it('keeps a part-time timetable while the child attends normal', () => {
    const body =
      "Since January Ruby has been on a part-time timetable and goes in every morning. I'd like to know whether EOTAS could be an option.";
    expect(run(email(body)).priority).toBe('normal');
  });

  it("ignores the hub's own risk-of-harm boilerplate quoted in a reply", () => {
    const body = [
      'Thanks, I have attached the signed form as you asked.',
      '',
      'On Tue, 3 Mar 2026 at 10:02, SEND Enquiries Hub <send.enquiries@kent.example.gov.uk> wrote:',
      '> Your enquiry reference is SEND-ABCDEF.',
      '> If your enquiry concerns a child at immediate risk of harm, please contact the police',
      "> on 999 or Children's Social Care on 01632 960000.",
    ].join('\n');
    const result = run(email(body, { shape: 'reply', enquiryReference: 'SEND-ABCDEF' }));
    expect(result.priority).toBe('normal');
    expect(result.reasons.some((reason) => reason.includes('stock text'))).toBe(true);
  });

  it("does not read a hub colleague's forward note", () => {
    const body = 'Could you tell me how to apply for a personal budget for his respite?';
    const result = run(email(body, { forwardNote: 'Possible self-harm risk? Not sure, please check.' }));
    expect(result.priority).toBe('normal');
  });
});

describe('priority: hearings and deadlines in working days after receipt', () => {
  // Monday 2 March 2026.
  const monday = '2026-03-02T09:30:00Z';

  it('is urgent for a hearing 5 working days after receipt', () => {
    const result = run(
      email('Our tribunal hearing is on Monday 9 March and we have no bundle yet.', { receivedAt: monday }),
    );
    expect(result.priority).toBe('urgent');
    expect(result.reasons[0]).toContain('5 working days');
  });

  it('is not urgent for a hearing 6 working days after receipt', () => {
    const result = run(
      email('Our tribunal hearing is on Tuesday 10 March and we have no bundle yet.', { receivedAt: monday }),
    );
    expect(result.priority).toBe('normal');
    expect(result.topic).toBe('tribunal');
  });

  it('skips bank holidays when counting (Easter 2026)', () => {
    // Thursday 2 April; Good Friday 3 April and Easter Monday 6 April are not working days.
    const result = run(
      email('The deadline to register our appeal is Friday 10 April.', {
        receivedAt: '2026-04-02T11:00:00+01:00',
      }),
    );
    expect(result.priority).toBe('urgent');
    expect(result.reasons[0]).toContain('4 working days');
  });

  it('resolves "next Monday", "tomorrow" and numeric dates against receipt', () => {
    const wednesday = '2026-03-04T15:00:00Z';
    expect(
      run(email('The hearing is next Monday, can someone call me?', { receivedAt: wednesday })).priority,
    ).toBe('urgent');
    expect(
      run(email('Our tribunal hearing is tomorrow and the LA has sent nothing.', { receivedAt: wednesday }))
        .priority,
    ).toBe('urgent');
    expect(run(email('Hearing listed for 6/3 at 10am.', { receivedAt: wednesday })).priority).toBe('urgent');
  });

  it('uses the local date of receipt (a late-evening email in summer time)', () => {
    // 23:30 BST on Thursday 11 June is 22:30 UTC the same day; the hearing a week later is 5 working days.
    const result = run(email('The hearing is on Thursday 18 June.', { receivedAt: '2026-06-11T22:30:00Z' }));
    expect(result.priority).toBe('urgent');
  });

  it('treats a review meeting within 5 working days like a hearing (issue 20), and one weeks away as not', () => {
    const soon = run(
      email('Her annual review is on Thursday, can I send my views before?', { receivedAt: monday }),
    );
    expect(soon.priority).toBe('urgent');
    expect(soon.reasons[0]).toMatch(/^urgent: annual review on Thu .+ working days after receipt/);
    const later = run(
      email('Her annual review is in six weeks, can I send my views before?', { receivedAt: monday }),
    );
    expect(later.priority).toBe('normal');
  });

  it('marks a statutory deadline already missed as high', () => {
    const body =
      'We asked for an assessment in September. The 20 week deadline was 2 March and we still have no draft plan.';
    const result = run(email(body, { receivedAt: '2026-03-20T10:00:00Z' }));
    expect(result.priority).toBe('high');
    expect(result.topic).toBe('assessment');
  });
});

describe('priority: high signals', () => {
  it('is high for repeat contact about an unanswered matter', () => {
    const body = "This is the third time I have emailed about Sophie's bus pass and nobody has replied.";
    expect(run(email(body)).priority).toBe('high');
  });

  it('is high for a complaint, and urgent still wins over it', () => {
    expect(run(email('I want to make a formal complaint about my caseworker.')).priority).toBe('high');
    const body =
      'I want to make a formal complaint: my son was permanently excluded on Friday and nobody told you.';
    expect(run(email(body)).priority).toBe('urgent');
  });

  it('is high for an MP and for a councillor writing from the council domain', () => {
    const mp = email(
      "I am writing on behalf of my constituent about her son's transport.\n\nYours sincerely,\n\nJo Bloggs\nOffice of Alex Example MP",
      {
        from: 'jo.bloggs@parliament.uk',
      },
    );
    const councillor = email(
      "A resident in my division has asked me to chase her son's needs assessment.\n\nKind regards,\n\nCllr Pat Example\nCounty Councillor for Dartford",
      { from: 'pat.example@kent.example.gov.uk', name: 'Example, Pat (Cllr)' },
    );
    for (const intake of [mp, councillor]) {
      const result = run(intake);
      expect(result.role).toBe('elected-member');
      expect(result.priority).toBe('high');
    }
  });

  it('does not treat "who chases the NHS?" or "no call back needed" as repeat contact', () => {
    expect(run(email('Who chases the NHS when the therapy in the plan is not delivered?')).priority).toBe(
      'normal',
    );
    expect(
      run(phone('Mum asked for the Local Offer link. Sent by email, no call back needed.')).priority,
    ).toBe('normal');
  });
});

describe('role', () => {
  it.each([
    ['parent', email('Please can you send me the transport application form?')],
    [
      'parent',
      email(
        "I'm emailing from my work account on my lunch break, but this is about my own son, not a pupil here.\n\nKind regards,\nJo Smith\nSENCO\nOak Vale Primary School",
        {
          from: 'j.smith@oakvale.kent.sch.uk',
        },
      ),
    ],
    [
      'parent',
      email(
        "I am Noah's grandmother and I have a special guardianship order; he lives with me. What support can we get?",
      ),
    ],
    ['parent', email("We are Leo's foster carers and need to know who his caseworker is.")],
    ['other', email("I'm worried about my grandson. His mum doesn't know I'm writing. I am not his carer.")],
    [
      'young-person',
      email(
        "Hi, I'm 19 and at college. My EHCP finishes next summer, can it carry on if I do another course?",
      ),
    ],
    [
      'school',
      email(
        'We have a Year 4 pupil whose plan needs updating.\n\nMany thanks,\n\nChris Dean\nSENDCo\nOaktree Academy',
        {
          from: 'c.dean@oaktreeacademy.example.org',
        },
      ),
    ],
    [
      'professional',
      email(
        'I am the speech and language therapist for Kai and want to share my updated advice.\n\nRegards,\nRobin Hale\nSpeech and Language Therapist',
        {
          from: 'robin.hale@nhs.net',
        },
      ),
    ],
    [
      'professional',
      email(
        'I am an adviser with the SEND Information, Advice and Support service and am supporting Mrs Khan with her consent.',
      ),
    ],
    [
      'professional',
      email(
        'I am the allocated social worker for Tia, who is open to us on a Child in Need plan.\n\nThanks,\nMo Patel\nSocial Worker',
        {
          from: 'mo.patel@kent.example.gov.uk',
        },
      ),
    ],
  ])('recognises a %s', (role, intake) => {
    expect(run(intake).role).toBe(role);
  });

  it('takes the role from the call log, and from the summary when the log has none', () => {
    expect(run(phone('SENCO called about a pupil.', { callerRole: 'school' })).role).toBe('school');
    expect(run(phone('Dad rang about the taxi to school.')).role).toBe('parent');
    expect(
      run(phone('Nan called; she is not the carer, Leo lives with mum. Wanted holiday club info.')).role,
    ).toBe('other');
  });

  it('says why', () => {
    const result = run(phone('Dad rang about the taxi to school.'));
    expect(result.reasons.some((reason) => reason.startsWith('role: parent'))).toBe(true);
  });
});

describe('district', () => {
  it.each([
    ['swale', 'We live in Sittingbourne (ME10 4XX) and my son needs a new school.'],
    ['out-of-area', 'We live in Chatham and my son goes to a school in Maidstone.'],
    ['tonbridge-malling', 'Our address is 4 Mill Lane, Larkfield ME20 6ZZ.'],
    ['dartford', 'We have just moved to Swanscombe DA10 0ZZ.'],
    ['out-of-area', 'The family live in Sidcup, DA14 6ZZ.'],
    ['folkestone-hythe', 'We live in Dymchurch, TN29 0ZZ.'],
    ['ashford', 'Our home is in Tenterden.'],
    ['sevenoaks', 'We are in Swanley, BR8 8ZZ.'],
    ['thanet', 'We live in Birchington.'],
    ['out-of-area', 'We used to live in Ashford but now live in Hastings.'],
    ['dover', 'We moved to Deal in May and she needs a school.'],
    ['dover', 'The family live in Sandwich and he is in Year 3.'],
    ['ashford', 'He goes to Oakwood Primary in Tenterden.'],
    ['folkestone-hythe', 'We live at 12 Canterbury Road, Folkestone CT19 5ZZ.'],
    ['unknown', "I don't know how to deal with the school any more."],
    ['unknown', 'He will only eat a ham sandwich at lunch.'],
    ['unknown', 'Please can you call me back about his plan?'],
  ])('places it in %s: "%s"', (district, body) => {
    expect(run(email(body)).district).toBe(district);
  });

  it("prefers the child's home over the address of a professional's office", () => {
    const body =
      'I saw Ava in clinic today. Address: 3 Harbour Street, Ramsgate CT11 8ZZ.\n\nRegards,\nDr Lee Grant\nConsultant Paediatrician\nOrchard House, Maidstone ME14 5ZZ';
    expect(run(email(body, { from: 'lee.grant@nhs.net' })).district).toBe('thanet');
  });

  it("ignores a parent's work address in their signature", () => {
    const body =
      'This is about my own daughter. We live in Whitstable.\n\nThanks,\nKim Lowe\n--\nKim Lowe | Office Manager\nBeacon Primary School | High Street, Dover CT16 9ZZ';
    expect(run(email(body, { from: 'k.lowe@beacon.kent.sch.uk' })).district).toBe('canterbury');
  });

  it("uses the phone log's child postcode before towns in the summary", () => {
    const result = run(
      phone('Mum called, the family moved from Gravesend last month.', { postcode: 'CT9 1ZZ' }),
    );
    expect(result.district).toBe('thanet');
    expect(result.reasons.some((reason) => reason.includes('CT9'))).toBe(true);
  });

  it('falls back to the school when nothing else says where the child lives', () => {
    expect(
      run(phone('SENCO asked about top-up funding.', { school: 'Hilltop Academy, Faversham' })).district,
    ).toBe('swale');
  });

  it('does not take a surname for a town', () => {
    expect(run(email('Please send me the form.\n\nThanks,\nJo Ashford')).district).toBe('unknown');
  });
});

describe('triage is total and deterministic', () => {
  const text = fc.string({ maxLength: 400 });
  const anyEmail = fc
    .record({
      body: fc.oneof(
        text,
        fc
          .array(fc.constantFrom('exclu', 'hearing ', '20/4 ', 'ME1', '> ', '\n', 'not ', 'Deal', 'CT14 '), {
            maxLength: 60,
          })
          .map((parts) => parts.join('')),
      ),
      subject: text,
      name: fc.option(text, { nil: null }),
      from: fc.option(fc.emailAddress(), { nil: undefined }),
      receivedAt: fc
        .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString()),
    })
    .map(({ body, subject, name, from, receivedAt }) =>
      email(body, { subject, name, receivedAt, ...(from ? { from } : {}) }),
    );
  const anyPhone = fc
    .record({
      summary: text,
      postcode: fc.option(text, { nil: null }),
      school: fc.option(text, { nil: null }),
    })
    .map(({ summary, postcode, school }) => phone(summary, { postcode, school }));

  it('never throws and always returns a valid result with reasons', () => {
    fc.assert(
      fc.property(fc.oneof(anyEmail, anyPhone), (intake) => {
        const result = run(intake);
        expect(TriageResult.safeParse(result).success).toBe(true);
        expect(result.reasons.length).toBeGreaterThan(0);
        expect(run(intake)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});
