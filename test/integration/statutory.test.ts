/**
 * Statutory processes against DynamoDB Local: started on an enquiry, milestones and exceptions
 * recorded under the process version, triage's proposal, the manager's list, and the escalation
 * sweep finding due deadlines through their sparse index and putting each into one digest once.
 */

import { describe, expect, inject, it } from 'vitest';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import type { CaseworkRequest } from '../../shared/casework/casework-context';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { ValidationError } from '../../shared/domain/errors';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import { StatutoryProcessExistsError } from '../../shared/statutory/ports';
import {
  addStatutoryException,
  enquiryStatutory,
  recordStatutoryMilestone,
  startStatutoryProcess,
  teamStatutory,
} from '../../shared/statutory/statutory-casework';
import { runEscalationSweep } from '../../shared/sweep/run-sweep';
import { freshTable, seedOpenEnquiry } from '../support/escalation-fixtures';
import { RecordingMailer } from '../support/router-fakes';

const endpoint = inject('dynamoEndpoint');
const config = defaultHubConfig();

async function setUp(prefix: string) {
  const table = await freshTable(endpoint, prefix);
  const documents = dynamoDocumentClient({ endpoint });
  const enquiries = new EnquiryRepository(documents, table);
  const caseworkers = new CaseworkerRepository(documents, table);
  const statutory = new DynamoStatutoryStore(documents, table);
  const deps = { enquiries, caseworkers, statutory, config };
  return { table, documents, enquiries, caseworkers, statutory, deps };
}

function as(
  username: string,
  roles: ('caseworker' | 'manager')[],
  teams: string[],
  now: string,
): CaseworkRequest {
  return {
    principal: { username, sub: username, name: null, roles: new Set(roles), teams, email: null },
    caseworker: null,
    now,
    requestId: `req-${Math.random()}`,
  };
}

describe('statutory processes in the table', () => {
  it('starts a process once, records milestones and exceptions, and lists the team deadlines', async () => {
    const { deps, enquiries } = await setUp('statutory-casework');
    const enquiry = await seedOpenEnquiry(enquiries, config, {
      receivedAt: '2026-03-02T10:00:00.000Z',
      team: 'south',
      topic: 'assessment',
    });
    const caseworker = as('cw-south-2', ['caseworker'], ['south'], '2026-03-03T09:00:00.000Z');
    const started = await startStatutoryProcess(deps, caseworker, enquiry.id, { process: 'ehc-assessment' });
    expect(started.id).toBe('ehc-assessment-20260302');
    expect(started.schedule.milestones.map((m) => [m.name, m.due])).toEqual([
      ['decision-to-assess', '2026-04-13'],
      ['plan-decision', '2026-06-22'],
      ['final-plan', '2026-07-20'],
    ]);
    await expect(
      startStatutoryProcess(deps, caseworker, enquiry.id, { process: 'ehc-assessment' }),
    ).rejects.toThrow(StatutoryProcessExistsError);

    const away = await addStatutoryException(deps, caseworker, enquiry.id, started.id, {
      from: '2026-03-09',
      to: '2026-04-05',
      kind: 'absent-from-area',
      note: 'family abroad',
    });
    expect(away.schedule.milestones[0]).toMatchObject({
      due: '2026-05-11',
      statutoryDue: '2026-04-13',
      pausedDays: 28,
    });
    await expect(
      addStatutoryException(deps, caseworker, enquiry.id, started.id, {
        from: '2026-03-09',
        to: '2026-03-12',
        kind: 'absent-from-area',
        note: null,
      }),
    ).rejects.toThrow(/at least 4 weeks/);

    const later = as('cw-south-2', ['caseworker'], ['south'], '2026-05-01T09:00:00.000Z');
    await expect(
      recordStatutoryMilestone(deps, later, enquiry.id, started.id, { milestone: 'decision-to-assess' }),
    ).rejects.toThrow(ValidationError);
    const decided = await recordStatutoryMilestone(deps, later, enquiry.id, started.id, {
      milestone: 'decision-to-assess',
      on: '2026-04-30',
      outcome: 'assess',
    });
    expect(decided.schedule.milestones[0]).toMatchObject({ state: 'met', outcome: 'assess' });
    expect(decided.version).toBe(3);

    const listed = await enquiryStatutory(deps, later, enquiry.id);
    expect(listed.processes).toHaveLength(1);
    expect(listed.proposal).toBeNull();

    const manager = as('manager-south', ['manager'], ['south'], '2026-07-15T09:00:00.000Z');
    const team = await teamStatutory(deps, manager, 'south');
    expect(team.running).toBe(1);
    expect(team.dueSoon.map((entry) => entry.milestone.name)).toEqual(['plan-decision']);
    await expect(teamStatutory(deps, manager, 'north')).rejects.toThrow();
  });

  it('proposes an assessment process when the first message asks for one', async () => {
    const { deps, enquiries } = await setUp('statutory-proposal');
    const enquiry = await seedOpenEnquiry(enquiries, config, {
      receivedAt: '2026-03-02T10:00:00.000Z',
      team: 'south',
      topic: 'complaint',
    });
    const view = await enquiryStatutory(
      deps,
      as('cw-south-1', ['caseworker'], ['south'], '2026-03-02T11:00:00Z'),
      enquiry.id,
    );
    expect(view.proposal).toMatchObject({ process: 'complaint', start: '2026-03-02T10:00:00.000Z' });
  });

  it('tells the manager once when a 6-week decision is missed, whatever the number of sweeps', async () => {
    const { deps, enquiries, caseworkers, documents, table, statutory } = await setUp('statutory-sweep');
    const enquiry = await seedOpenEnquiry(enquiries, config, {
      receivedAt: '2026-03-02T10:00:00.000Z',
      team: 'south',
      topic: 'assessment',
    });
    await startStatutoryProcess(
      deps,
      as('cw-south-2', ['caseworker'], ['south'], '2026-03-02T12:00:00Z'),
      enquiry.id,
      {
        process: 'ehc-assessment',
      },
    );
    const mailer = new RecordingMailer();
    const sweep = (now: string, sweepId: string) =>
      runEscalationSweep(
        {
          config,
          enquiries,
          store: new DynamoEscalationStore(documents, table),
          statutory,
          caseworkers: tableCaseworkerDirectory(caseworkers, config),
          mailer,
          clock: () => new Date(),
          timeouts: FUNCTION_TIMEOUTS,
          sweepId,
        },
        now,
      );
    // Weeks later: the 6-week decision (due 13 April) was missed; "due soon" is folded into the miss.
    const first = await sweep('2026-04-20T09:00:00.000Z', 'sweep-1');
    expect(first.statutory).toMatchObject({ due: 1, missed: 1, dueSoon: 0 });
    const again = await sweep('2026-04-20T09:05:00.000Z', 'sweep-2');
    expect(again.statutory).toMatchObject({ due: 0, missed: 0 });
    // The enquiry's own first response is late too: the same digest carries both, in their own sections.
    const toManager = mailer.sent.filter((email) =>
      email.to.includes('send.south.manager@kent.example.gov.uk'),
    );
    const mentions = toManager.filter((email) => email.text.includes('Decision whether to assess'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]?.text.split('Decision whether to assess')).toHaveLength(2);
    expect(mentions[0]?.subject).toContain('statutory deadline');
    expect(mentions[0]?.text).toContain('Statutory deadlines missed');
    expect(mentions[0]?.text).toContain('Decision whether to assess');
    expect(mentions[0]?.text).toContain('Mon 13 Apr 2026');
    expect(mentions[0]?.text).not.toContain('Jo Bloggs');
  });
});
