/**
 * The whole local stack (one per file), driven through its public doors, for what only the whole
 * system can show: the HTTP front refuses every route to callers without a valid token or the right
 * role, enquirers' text comes back from the API as data, the same mail through the SMTP door twice
 * is one enquiry, and — over everything this file makes the system do, at DEBUG level with metrics
 * on — no log line or metric carries an enquirer's name, address, phone number or words.
 *
 * Already proven elsewhere (not repeated): 401 without claims, ID tokens, call handlers' 403 and
 * another team's enquiry answered like a missing one, at the handler (api.test.ts); the local
 * sign-in refusing expired and forged tokens (local-glue.test.ts); the page showing hostile text
 * as text (web.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../../functions/api/routes';
import { LocalAuth, loadSigningKey } from '../../../local/local-auth';
import { dynamoDocumentClient } from '../../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../../shared/adapters/enquiry-repository';
import { type Harness, plainEmail, startHarness, waitFor } from '../../support/local-stack-harness';

/** Everything written to stdout/stderr, any console method, or the stack's own log. */
const written: string[] = [];
const savedEnv = { ...process.env };
let hub: Harness;

function capture(chunk: unknown): void {
  written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
}

beforeAll(async () => {
  // As much logging as the handlers can produce: every level, and the EMF metric lines.
  Object.assign(process.env, {
    LOG_LEVEL: 'DEBUG',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      capture(chunk);
      return true;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => capture(args.map(String).join(' ')));
  }
  hub = await startHarness({ log: capture });
}, 180_000);

afterAll(async () => {
  await hub?.stack.stop();
  vi.restoreAllMocks();
  process.env = savedEnv;
});

function samplePath(path: string): string {
  return path
    .replace('{id}', path.startsWith('/caseworkers') ? 'cw-north-1' : 'SEND-222222')
    .replace('{processId}', 'ehc-assessment-20260302');
}

const PROTECTED = [
  // Public routes (the parents' status page) answer without a token by design.
  ...ROUTES.filter((route) => (route.access as unknown) !== 'public').map((route) => ({
    method: route.method as string,
    path: samplePath(route.path),
  })),
  { method: 'POST', path: '/phone-logs' },
];

async function request(
  method: string,
  path: string,
  options: { token?: string; body?: string; contentType?: string } = {},
): Promise<Response> {
  return fetch(`${hub.stack.urls.http}${path}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      'content-type': options.contentType ?? 'application/json',
    },
    body: method === 'GET' ? undefined : (options.body ?? '{}'),
  });
}

function user(username: string) {
  const found = hub.stack.auth.listUsers().find((candidate) => candidate.username === username);
  if (found === undefined) throw new Error(`no demo user ${username}`);
  return found;
}

function repositories() {
  const documents = dynamoDocumentClient({ endpoint: hub.stack.urls.dynamodb });
  return {
    enquiries: new EnquiryRepository(documents, hub.stack.names.table),
    caseworkers: new CaseworkerRepository(documents, hub.stack.names.table),
  };
}

describe('the HTTP front', () => {
  it('answers 401 on every protected route without a token, with an expired one and with a forged one, doing nothing', async () => {
    const caseworker = user('cw-east-1');
    const callHandler = user('callhandler');
    const forger = new LocalAuth(await loadSigningKey(), hub.stack.auth.listUsers());
    const tokens = {
      none: undefined,
      expired: await hub.stack.auth.issue(caseworker, -60),
      forged: await forger.issue(caseworker),
      garbage: 'not.a.jwt',
    };
    const call = JSON.stringify({
      callId: 'REL-E2E-UNAUTHORISED',
      receivedAt: new Date().toISOString(),
      caller: { name: 'Nobody Real', phone: '07700 900111' },
      summary: 'Must never be recorded.',
    });

    for (const route of PROTECTED) {
      for (const [kind, token] of Object.entries(tokens)) {
        const answer = await request(route.method, route.path, {
          ...(token === undefined ? {} : { token }),
          body: route.path === '/phone-logs' ? call : '{}',
        });
        expect(answer.status, `${kind} ${route.method} ${route.path}`).toBe(401);
      }
    }
    // The expired token of a call handler is refused too, and nothing reached the queue.
    const late = await request('POST', '/phone-logs', {
      token: await hub.stack.auth.issue(callHandler, -1),
      body: call,
    });
    expect(late.status).toBe(401);
    await hub.stack.drained();
    expect(await repositories().enquiries.findIntake('phone:REL-E2E-UNAUTHORISED')).toBeNull();
  });

  it('answers 403 to every signed-in role a route does not allow, changing nothing', async () => {
    const byRole: Record<string, string> = {
      caseworker: 'cw-north-1',
      manager: 'manager-north',
      callhandler: 'callhandler',
      admin: 'admin',
    };
    const tokens = Object.fromEntries(
      await Promise.all(
        Object.entries(byRole).map(async ([role, username]) => [
          role,
          await hub.stack.auth.issue(user(username)),
        ]),
      ),
    ) as Record<string, string>;
    const refused: string[] = [];

    for (const route of ROUTES) {
      if (typeof route.access === 'string') continue;
      const allowed: readonly string[] = route.access;
      for (const role of Object.keys(byRole).filter((candidate) => !allowed.includes(candidate))) {
        const answer = await request(route.method, samplePath(route.path), {
          token: tokens[role] ?? '',
          body: JSON.stringify({
            caseworkerId: 'cw-north-2',
            cap: 0,
            name: 'X',
            email: 'x@example.org',
            team: 'north',
          }),
        });
        expect(answer.status, `${role} ${route.method} ${route.path}`).toBe(403);
        refused.push(`${role} ${route.operationId}`);
      }
    }

    // Every role-restricted route was tried with at least one role it refuses.
    const restricted = ROUTES.filter((route) => typeof route.access !== 'string').map(
      (route) => route.operationId,
    );
    expect(new Set(refused.map((entry) => entry.split(' ')[1]))).toEqual(new Set(restricted));
    expect((await repositories().caseworkers.getCaseworker('cw-north-1'))?.cap).not.toBe(0);
    // Logging a call belongs to call handlers and managers only.
    const call = JSON.stringify({
      callId: 'REL-E2E-NOT-A-CALL-HANDLER',
      receivedAt: new Date().toISOString(),
      caller: { name: 'Nobody Real', phone: '07700 900112' },
      summary: 'Must never be recorded.',
    });
    for (const role of ['caseworker', 'admin']) {
      const answer = await request('POST', '/phone-logs', { token: tokens[role] ?? '', body: call });
      expect(answer.status, `${role} POST /phone-logs`).toBe(403);
    }
    await hub.stack.drained();
    expect(await repositories().enquiries.findIntake('phone:REL-E2E-NOT-A-CALL-HANDLER')).toBeNull();
  });
});

describe('what enquirers write', () => {
  it('comes back from the API as JSON text, exactly as written, never as markup', async () => {
    const from = 'evangeline.thistlewood@example.org';
    const subject = '<script>alert("x")</script> Taxi';
    const body =
      'No taxi since Monday. <img src=x onerror=alert(1)> "><svg onload=alert(2)> We live in Margate CT9 2AA.';
    await hub.sendMail(
      plainEmail({
        from: `"Evangeline <b>Thistlewood</b>" <${from}>`,
        subject,
        text: body,
        messageId: `xss.${Date.now()}@mail.example.org`,
      }),
    );
    const ack = await waitFor(
      async () => (await hub.outbox()).find((sent) => sent.destination.to.includes(from)),
      'the acknowledgement',
    );
    const reference = /SEND-[2-9A-HJ-NP-Z]{6}/.exec(ack.subject)?.[0] ?? '';

    const answer = await request('GET', `/enquiries/${reference}`, {
      token: await hub.stack.auth.issue(user('cw-east-1')),
    });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    const detail = (await answer.json()) as {
      enquiry: { subject: string; requester: { name: string } };
      timeline: { kind: string; body?: string }[];
    };
    expect(detail.enquiry.subject).toBe(subject);
    expect(detail.enquiry.requester.name).toBe('Evangeline <b>Thistlewood</b>');
    expect(detail.timeline.find((entry) => entry.kind === 'contact')?.body).toBe(body);
  });

  it('makes one enquiry and one acknowledgement of the same mail redirected to the SMTP door twice', async () => {
    const from = 'octavia.lumley@example.org';
    const raw = plainEmail({
      from: `Octavia Lumley <${from}>`,
      subject: 'Annual review for Leopold',
      text: 'Leopold Lumley had his annual review in June and we have no amended plan. Margate CT9 4QQ.',
      messageId: `octavia.${Date.now()}@mail.example.org`,
    });

    // Two copies at the same instant are proven in test/integration/reliability/duplicate-deliveries;
    // here the mailbox rule fires again a moment later, each copy a new object in the bucket.
    await hub.sendMail(raw);
    await hub.stack.drained();
    await hub.sendMail(raw);
    await hub.stack.drained();

    expect(await repositories().enquiries.findOpenByEmail(from)).toHaveLength(1);
    expect((await hub.outbox()).filter((sent) => sent.destination.to.includes(from))).toHaveLength(1);
  });
});

describe('large mail at the SMTP door', () => {
  it('takes a 15 MB message with a scanned letter attached as one acknowledged enquiry', async () => {
    const from = 'ambrose.fairweather@example.org';
    const scan = Buffer.alloc(11 * 1024 * 1024, 0x5a)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = [
      `From: Ambrose Fairweather <${from}>`,
      'To: send.enquiries@kent.example.gov.uk',
      'Subject: EHC plan letter attached',
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <ambrose.${Date.now()}@mail.example.org>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="scan"',
      '',
      '--scan',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The draft plan for Cosima is attached. We live in Margate CT9 5QQ.',
      '--scan',
      'Content-Type: application/pdf; name="draft-plan.pdf"',
      'Content-Disposition: attachment; filename="draft-plan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      scan,
      '--scan--',
      '',
    ].join('\r\n');
    expect(Buffer.byteLength(raw)).toBeGreaterThan(15 * 1024 * 1024);

    await hub.sendMail(raw);
    await hub.stack.drained();

    const [enquiry, ...others] = await repositories().enquiries.findOpenByEmail(from);
    expect(others).toEqual([]);
    expect(enquiry?.acknowledgedAt).not.toBeNull();
    const timeline = await repositories().enquiries.getTimeline(enquiry?.id ?? '');
    const contact = timeline.find((entry) => entry.kind === 'contact');
    expect(contact?.kind === 'contact' && contact.contact.attachments).toEqual([
      { filename: 'draft-plan.pdf', contentType: 'application/pdf', size: 11 * 1024 * 1024 },
    ]);
  });
});

describe('logs and metrics', () => {
  /** Invented enquirers and what they told the hub; none of it may reach a log line. */
  const people = {
    names: [
      'Ambrose',
      'Fairweather',
      'Cosima',
      'Octavia',
      'Lumley',
      'Leopold',
      'Marigold',
      'Featherstonehaugh',
      'Ottoline',
      'Wickham',
      'Perpetua',
      'Wainscott',
      'Barnabus',
      'Foxglove',
      'Ignatius',
      'Blenkinsop',
      'Wilhelmina',
      'Hollyhock',
      'Cornelius',
      'Pettigrew',
      'Araminta',
      'Rosalind',
      'Crabtree',
      'Peregrine',
      'Horatio',
      'Pumblechook',
      'Evangeline',
      'Thistlewood',
    ],
    emails: [
      'ambrose.fairweather@example.org',
      'octavia.lumley@example.org',
      'marigold.featherstonehaugh@example.org',
      'perpetua.wainscott@example.org',
      'ignatius.blenkinsop@example.com',
      'cornelius.pettigrew@example.net',
      'rosalind.crabtree@example.org',
      'horatio.pumblechook@example.org',
      'evangeline.thistlewood@example.org',
    ],
    /** National significant numbers; every way of writing them is checked. */
    phones: ['7700900417', '7700900526', '7700900733', '7700900864', '7700900975'],
    words: [
      'speech and language therapy',
      'referral was lost',
      'no taxi to',
      'out of school for six weeks',
      'personal budget',
      'chased the therapy referral',
      'CT9 3QQ',
      'CT9 4QQ',
      'CT9 5QQ',
      'amended plan',
      'ME15 6QQ',
      'TN9 1AA',
      '2016-02-29',
      'onerror=alert',
    ],
  };

  function needles(): string[] {
    const phoneForms = people.phones.flatMap((digits) => {
      const [area, rest] = [digits.slice(0, 4), digits.slice(4)];
      return [
        `0${digits}`,
        `0${area} ${rest}`,
        `+44${digits}`,
        `+44 ${area} ${rest}`,
        `${area} ${rest}`,
        digits,
      ];
    });
    return [...people.names, ...people.emails, ...phoneForms, ...people.words];
  }

  it('holds no enquirer name, address, phone number or words after a realistic day through every door', async () => {
    const east = await hub.as('cw-east-1');
    const callHandler = await hub.as('callhandler');
    // Mail: a parent's first message, her out-of-office reply, her reply with the reference, an
    // inline forward by a colleague, and a message in a character set nobody can read.
    await hub.sendMail(
      plainEmail({
        from: 'Marigold Featherstonehaugh <marigold.featherstonehaugh@example.org>',
        subject: 'Speech therapy for Ottoline',
        text: [
          'My daughter Ottoline Featherstonehaugh is waiting for speech and language therapy.',
          'We live at 14 Wickham Lane, Margate CT9 3QQ. Call me on 07700 900417.',
        ].join('\n'),
        messageId: `marigold.${Date.now()}@mail.example.org`,
      }),
    );
    await hub.stack.drained();
    const marigold = await repositories().enquiries.findOpenByEmail('marigold.featherstonehaugh@example.org');
    const reference = marigold[0]?.id ?? '';
    expect(reference).toMatch(/^SEND-/);
    await hub.sendMail(
      [
        'From: Marigold Featherstonehaugh <marigold.featherstonehaugh@example.org>',
        'To: send.enquiries@kent.example.gov.uk',
        `Subject: Automatic reply: [${reference}] We have your enquiry`,
        'Auto-Submitted: auto-replied',
        `Date: ${new Date().toUTCString()}`,
        `Message-ID: <ooo.${Date.now()}@mail.example.org>`,
        '',
        'I am away until Monday. For Ottoline call 07700900417.',
        '',
      ].join('\r\n'),
    );
    await hub.sendMail(
      plainEmail({
        from: 'Marigold Featherstonehaugh <marigold.featherstonehaugh@example.org>',
        subject: `Re: [${reference}] We have your enquiry`,
        text: "Ottoline's school says the referral was lost. My mobile is +44 7700 900417.",
        messageId: `reply.${Date.now()}@mail.example.org`,
      }),
    );
    await hub.sendMail(
      plainEmail({
        from: 'Hub Officer <hub.officer@kent.example.gov.uk>',
        subject: 'FW: Transport for Barnabus',
        text: [
          'Please log this one.',
          '',
          '________________________________',
          'From: Perpetua Wainscott <perpetua.wainscott@example.org>',
          'Sent: 23 November 2026 09:14',
          'To: SEND Enquiries',
          'Subject: Transport for Barnabus',
          '',
          'Barnabus Wainscott has had no taxi to Foxglove Academy in Tonbridge TN9 1AA since Monday.',
          'My number is +447700900526.',
        ].join('\n'),
        messageId: `forward.${Date.now()}@mail.example.org`,
      }),
    );
    await hub.sendMail(
      Buffer.from(
        [
          'From: Horatio Pumblechook <horatio.pumblechook@example.org>',
          'To: send.enquiries@kent.example.gov.uk',
          'Subject: Help',
          `Date: ${new Date().toUTCString()}`,
          'Content-Type: text/plain; charset=x-unheard-of-9',
          'Content-Transfer-Encoding: 8bit',
          '',
          '\xe9\xe8\xff\xfe\x81\x9d'.repeat(40),
          '',
        ].join('\r\n'),
        'latin1',
      ),
    );

    // Calls: one entry as JSON, one CSV export, and one refused entry.
    expect(
      (
        await callHandler('POST', '/phone-logs', {
          // Telephony systems put what they like in a call id, names and numbers included.
          callId: 'REL-E2E-CALL-Blenkinsop-07700900733',
          receivedAt: new Date().toISOString(),
          caller: {
            name: 'Ignatius Blenkinsop',
            phone: '07700 900733',
            email: 'ignatius.blenkinsop@example.com',
            role: 'parent',
          },
          child: {
            name: 'Wilhelmina Blenkinsop',
            dateOfBirth: '2016-02-29',
            school: 'Hollyhock Primary',
            postcode: 'ME15 6QQ',
          },
          summary: 'Mr Blenkinsop says Wilhelmina has been out of school for six weeks after an exclusion.',
          callbackRequested: true,
        })
      ).status,
    ).toBe(200);
    const csv = [
      'callId,receivedAt,caller.name,caller.phone,caller.email,summary',
      `REL-E2E-CSV-Pettigrew,${new Date().toISOString()},Cornelius Pettigrew,+44 7700 900864,cornelius.pettigrew@example.net,"Asked about a personal budget for Araminta"`,
    ].join('\n');
    const csvAnswer = await request('POST', '/phone-logs', {
      token: await hub.stack.auth.issue(user('callhandler')),
      body: csv,
      contentType: 'text/csv',
    });
    expect(csvAnswer.status).toBe(200);
    expect(
      (
        await callHandler('POST', '/phone-logs', {
          callId: 'REL-E2E-CALL-BAD',
          receivedAt: new Date().toISOString(),
          caller: { name: 'Rosalind Crabtree', phone: '0770', email: 'rosalind.crabtree@example.org' },
          summary: 'Rosalind worries about Peregrine and his annual review. Number 07700 900975.',
        })
      ).status,
    ).toBe(400);
    await hub.stack.drained();

    // Casework: claim, answer by email, note, read the dashboard; then the schedules run.
    expect((await east('POST', `/enquiries/${reference}/claim`)).status).toBe(200);
    const detail = await east<{ enquiry: { version: number } }>('GET', `/enquiries/${reference}`);
    expect(
      (
        await east('POST', `/enquiries/${reference}/respond`, {
          text: 'Dear Marigold, we have chased the therapy referral for Ottoline and will call 07700 900417.',
          sendEmail: true,
          expectedVersion: detail.body.enquiry.version,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await east('POST', `/enquiries/${reference}/notes`, {
          text: 'Marigold rang from 07700 900417 again.',
        })
      ).status,
    ).toBe(201);
    expect((await (await hub.as('manager-east'))('GET', '/dashboard?team=east')).status).toBe(200);
    await hub.stack.escalate(new Date(Date.now() + 30 * 86_400_000));
    await hub.stack.report(new Date(Date.now() + 8 * 86_400_000));

    // The day happened: the logs are there, at every level, with metrics...
    const output = written.join('\n');
    expect(output).toContain('intake routed');
    expect(output).toContain('request handled');
    expect(output).toContain('escalation sweep done');
    expect(output).toContain('"_aws"');
    // ...and none of it is about the people.
    const leaks = needles().flatMap((needle) =>
      written
        .filter((line) => line.toLowerCase().includes(needle.toLowerCase()))
        .map((line) => `${needle} in: ${line.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });
});
