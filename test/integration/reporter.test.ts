/**
 * The weekly reporter against DynamoDB Local, fauxqs S3 and the SES emulator: the CSV lands in
 * the bucket and the email goes out once, even when the schedule fires twice.
 */

import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { makeReporterHandler, type ReporterHandlerDeps } from '../../functions/reporter/handler';
import { dynamoDocumentClient, s3Client, sesClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { SesMailer } from '../../shared/adapters/mailer';
import { DynamoReportMarkers, S3ReportFiles } from '../../shared/adapters/report-stores';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { applyResponse } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import type { Mailer } from '../../shared/mail/outgoing-email';
import { reportRecipients } from '../../shared/reporting/report-summary';
import { runEscalationSweep } from '../../shared/sweep/run-sweep';
import { freshTable, plus, seedOpenEnquiries, sentTo, taggedHubConfig } from '../support/escalation-fixtures';

const dynamoEndpoint = inject('dynamoEndpoint');
const sesEndpoint = inject('sesEndpoint');
const s3 = s3Client({ endpoint: inject('fauxqsEndpoint') });
const sesMailer = new SesMailer(sesClient({ endpoint: sesEndpoint }));
const silent = new Logger({ serviceName: 'reporter-test', logLevel: 'SILENT' });
/** Monday 30 November 2026, 07:00 in London: the schedule reports 23-29 November. */
const FIRED = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-30T07:00:00Z' };
const CSV_KEY = 'reports/weekly/2026-11-23_2026-11-29.csv';

async function reportingHub(name: string) {
  const tag = `${name}${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const config = taggedHubConfig(tag);
  const tableName = await freshTable(dynamoEndpoint, name);
  const bucket = `${name}-${process.pid}-${Date.now()}`.toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
  const enquiries = new EnquiryRepository(documents, tableName);
  const caseworkers = new CaseworkerRepository(documents, tableName);
  for (const caseworker of config.caseworkers)
    await caseworkers.putCaseworker({ ...caseworker, active: true });
  const escalations = new DynamoEscalationStore(documents, tableName);
  const deps = (mailer: Mailer = sesMailer): ReporterHandlerDeps => ({
    config,
    source: { enquiries, caseworkers, escalations },
    files: new S3ReportFiles(s3, bucket),
    markers: new DynamoReportMarkers(documents, tableName),
    mailer,
    clock: () => new Date(),
    timeouts: FUNCTION_TIMEOUTS,
    prefix: 'reports/',
    logger: silent,
  });
  return { tag, config, bucket, enquiries, caseworkers, escalations, deps };
}

async function readCsv(bucket: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: CSV_KEY }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}

describe('weekly reporter (DynamoDB Local + fauxqs S3 + SES emulator)', () => {
  it('writes the CSV and emails the managers once when the schedule fires twice', async () => {
    const h = await reportingHub('report');
    const since = Math.floor(Date.now() / 1000) - 1;
    const policy = hubServiceLevels(h.config);
    // The week: 8 urgent enquiries on Monday morning (6 East, 2 North, 2 of them by phone) ...
    const week = await seedOpenEnquiries(
      h.enquiries,
      h.config,
      Array.from({ length: 8 }, (_, i) => ({
        receivedAt: plus('2026-11-23T09:00:00.000Z', 10 * i),
        team: i < 6 ? 'east' : 'north',
        channel: i % 4 === 3 ? ('phone' as const) : ('email' as const),
      })),
    );
    // ... one from the week before (backlog only) ...
    await seedOpenEnquiries(h.enquiries, h.config, [
      { receivedAt: '2026-11-18T10:00:00.000Z', team: 'west' },
    ]);
    // ... the escalator runs at 13:00: warnings (12:00+10i) for i <= 6, the breach (13:00+10i) of i = 0,
    // and the whole ladder of last week's enquiry, whose steps fell due before this week ...
    await runEscalationSweep(
      {
        config: h.config,
        enquiries: h.enquiries,
        store: h.escalations,
        caseworkers: tableCaseworkerDirectory(h.caseworkers, h.config),
        mailer: sesMailer,
        clock: () => new Date(),
        timeouts: FUNCTION_TIMEOUTS,
        sweepId: randomUUID(),
      },
      '2026-11-23T13:00:00.000Z',
    );
    // ... and 3 are answered: 1 and 2 working hours in (on time), one the next day (late).
    const answers = ['2026-11-23T10:00:00Z', '2026-11-23T11:10:00Z', '2026-11-24T10:00:00Z'];
    for (const [i, at] of answers.entries()) {
      await h.enquiries.modify(week[i]?.id ?? '', (current) =>
        applyResponse(current, at, 'cw-east-1', policy),
      );
    }

    const handler = makeReporterHandler(h.deps());
    const fired = await Promise.all([
      handler(FIRED, { awsRequestId: randomUUID() }),
      handler(FIRED, { awsRequestId: randomUUID() }),
    ]);
    const again = await handler(FIRED, { awsRequestId: randomUUID() });

    // The second finds the first one's claim (in progress, or sent if it was very quick): one email either way.
    expect(fired.filter((result) => result.status === 'sent')).toHaveLength(1);
    expect(again.status).toBe('already-sent');
    const mail = (await sentTo(sesEndpoint, h.tag, since)).filter((email) =>
      email.subject.includes('weekly report'),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('SEND Hub weekly report: 2026-11-23 to 2026-11-29');
    // The emulator shows several recipients as one comma-separated string.
    const to = (mail[0]?.destination.to ?? [])
      .flatMap((line) => line.split(','))
      .map((a) => a.trim().toLowerCase());
    expect(to.sort()).toEqual(reportRecipients(h.config));
    expect(mail[0]?.body.text).toContain('Enquiries received: 8 (email 6, phone 2).');
    // On time 2, late 1, overdue unanswered 5 (urgent, due 13:00-14:10 Monday).
    expect(mail[0]?.body.text).toContain('First responses within the service level: 25% (2 of 8)');

    const csv = (await readCsv(h.bucket)).split('\r\n');
    expect(csv[0]).toBe('period_from,period_to,section,dimension,category,label,measure,value');
    expect(csv).toContain('2026-11-23,2026-11-29,received,all,all,,enquiries,8');
    expect(csv).toContain('2026-11-23,2026-11-29,received,team,east,East Kent SEND team,enquiries,6');
    expect(csv).toContain('2026-11-23,2026-11-29,first-response,all,all,,within-window-percent,25');
    expect(csv).toContain('2026-11-23,2026-11-29,escalations,step,warning,,steps,7');
    expect(csv).toContain('2026-11-23,2026-11-29,escalations,step,head-of-service,,steps,0');
    expect(csv).toContain('2026-11-23,2026-11-29,breaches,all,all,,enquiries,1');
    // Backlog at the report instant: 5 unanswered + 1 from the week before; answered ones stay open until resolved.
    expect(csv).toContain('2026-11-23,2026-11-29,backlog,all,all,,enquiries,9');
    expect(csv).toContain('2026-11-23,2026-11-29,backlog,team,west,West Kent SEND team,enquiries,1');
  });

  it('sends on the retry when the first attempt could not email, and only once', async () => {
    const h = await reportingHub('reportretry');
    const since = Math.floor(Date.now() / 1000) - 1;
    const failing: Mailer = {
      async send() {
        throw Object.assign(new Error('SES is unavailable'), { name: 'ServiceUnavailable' });
      },
    };
    await expect(makeReporterHandler(h.deps(failing))(FIRED, { awsRequestId: randomUUID() })).rejects.toThrow(
      'SES is unavailable',
    );
    const retried = await makeReporterHandler(h.deps())(FIRED, { awsRequestId: randomUUID() });
    expect(retried.status).toBe('sent');
    const mail = (await sentTo(sesEndpoint, h.tag, since)).filter((email) =>
      email.subject.includes('weekly report'),
    );
    expect(mail).toHaveLength(1);
    expect(await readCsv(h.bucket)).toContain('received,all,all,,enquiries,0');
  });
});
