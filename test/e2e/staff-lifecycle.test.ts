/**
 * Staff lifecycle on the local stack, whose user pool stand-in issues tokens exactly as Cognito
 * does (`sub` = `username` = a UUID, never the staff id): an administrator adds a caseworker in one
 * step (the CLI, then the API and the page), the invitation arrives through SES with a temporary
 * password, the new caseworker signs in with their email address and works their team's queue
 * under their staff id, and removing them as a leaver locks them out at once and puts their work
 * back in the queue.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossOriginStackAndBrowser, signedInTab } from '../support/browser';
import { type Harness, sendEnquiry, waitFor } from '../support/local-stack-harness';

const run = promisify(execFile);

const setup = crossOriginStackAndBrowser();
let hub: Harness;
let browser: Browser;
beforeAll(() => {
  hub = setup.hub();
  browser = setup.browser();
});

/** Runs `send-hub staff ...` against the harness's local stack; returns its JSON output. */
async function staffCli<T>(...args: string[]): Promise<T> {
  const { urls } = hub.stack;
  const { stdout } = await run('node_modules/.bin/tsx', [
    'cli/main.ts',
    'staff',
    ...args,
    '--json',
    '--endpoint-dynamodb',
    urls.dynamodb,
    ...(args[0] === 'list' ? [] : ['--endpoint-cognito', urls.cognito]),
  ]);
  return JSON.parse(stdout) as T;
}

/** The temporary password in the invitation SES delivered to `email`. */
async function invitationPassword(email: string): Promise<string> {
  const invitation = await waitFor(
    async () =>
      (await hub.outbox()).find(
        (sent) => sent.destination.to.includes(email) && /account/i.test(sent.subject),
      ),
    `the invitation to ${email}`,
  );
  const password = /temporary password: (\S+)/.exec(invitation.body.text ?? '')?.[1];
  if (password === undefined) throw new Error('the invitation carries no temporary password');
  expect(invitation.from).toContain('send.hub@kent.example.gov.uk');
  return password;
}

async function signIn(login: string, password: string): Promise<{ status: number; token: string }> {
  const response = await fetch(`${hub.stack.urls.http}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login, password }),
  });
  const body = (await response.json()) as { accessToken?: string };
  return { status: response.status, token: body.accessToken ?? '' };
}

async function api<T>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub.stack.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

interface Me {
  username: string;
  roles: string[];
  caseworker: { id: string; team: string } | null;
}

describe('a caseworker joins and leaves', () => {
  const email = 'sam.joiner@kent.example.gov.uk';
  const addSam = [
    'add',
    '--email',
    email,
    '--name',
    'Sam Joiner',
    '--role',
    'caseworker',
    '--team',
    'east',
    '--id',
    'cw-east-9',
  ];
  let token = '';

  it('is added in one step from the command line and invited by email with a temporary password', async () => {
    const added = await staffCli<{
      invited: boolean;
      member: { id: string; sub: string };
      caseworker: { team: string };
    }>(...addSam);
    expect(added.invited).toBe(true);
    expect(added.member.id).toBe('cw-east-9');
    expect(added.caseworker.team).toBe('east');

    const password = await invitationPassword(email);
    const signedIn = await signIn(email, password);
    expect(signedIn.status).toBe(200);
    token = signedIn.token;
    // The token is Cognito's shape: username and sub are the same UUID, not the staff id.
    const claims = claimsOf(token);
    expect(claims.username).toBe(added.member.sub);
    expect(claims.sub).toBe(added.member.sub);
    expect(claims.token_use).toBe('access');
    expect(claims['cognito:groups']).toEqual(['caseworker', 'team:east']);

    const me = await api<Me>(token, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('cw-east-9');
    expect(me.body.caseworker).toMatchObject({ id: 'cw-east-9', team: 'east' });
  });

  it('adding again changes nothing and sends no second invitation', async () => {
    const again = await staffCli<{ invited: boolean }>(...addSam);
    expect(again.invited).toBe(false);
    const invitations = (await hub.outbox()).filter((sent) => sent.destination.to.includes(email));
    expect(invitations).toHaveLength(1);
    const list = await staffCli<{ staff: { id: string }[] }>('list');
    expect(list.staff.filter((member) => member.id === 'cw-east-9')).toHaveLength(1);
  });

  it('works the team queue under the staff id, and claims land on the roster', async () => {
    await sendEnquiry(hub, {
      from: 'joiner.parent@example.org',
      name: 'Alex Parent',
      subject: 'Annual review paperwork',
      text: 'Which forms do we need for the annual review? We live in Margate, CT9 1AA.',
      messageId: `staff-lifecycle-${Date.now()}@example.org`,
    });
    const queue = await api<{ items: { id: string }[] }>(token, 'GET', '/queue?team=east');
    expect(queue.status).toBe(200);
    const first = queue.body.items[0];
    if (first === undefined) throw new Error('the east queue is empty');
    const claimed = await api<{ enquiry: { assignee: string } }>(
      token,
      'POST',
      `/enquiries/${first.id}/claim`,
    );
    expect(claimed.status).toBe(200);
    expect(claimed.body.enquiry.assignee).toBe('cw-east-9');
  });

  it('is removed as a leaver: the remaining token is refused at once and the work goes back to the queue', async () => {
    const caseload = await api<{ items: { id: string }[] }>(token, 'GET', '/caseload');
    const held = caseload.body.items.map((item) => item.id);
    expect(held.length).toBeGreaterThan(0);

    const admin = await hub.as('admin');
    const removed = await admin<{ released: string[] }>('DELETE', '/staff/cw-east-9');
    expect(removed.status).toBe(200);
    expect(removed.body.released.sort()).toEqual(held.sort());

    // The access token has not expired, and still the API refuses it.
    const after = await api<{ error: { code: string } }>(token, 'GET', '/queue?team=east');
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('not-staff');
    // Their sign-in is gone.
    expect((await signIn(email, 'anything')).status).toBe(401);
    const manager = await hub.as('manager-east');
    const queue = await manager<{ items: { id: string }[] }>('GET', '/queue?team=east');
    for (const id of held) expect(queue.body.items.map((item) => item.id)).toContain(id);
    const list = await staffCli<{ staff: { id: string }[] }>('list');
    expect(list.staff.map((member) => member.id)).not.toContain('cw-east-9');
  });
});

describe('the API refuses sign-ins that are not members of staff', () => {
  it('answers 403 to a valid Cognito token whose sub is linked to nobody', async () => {
    const stranger = await hub.stack.auth.issue({
      username: 'nobody',
      groups: ['admin'],
      sub: crypto.randomUUID(),
    });
    const answer = await api<{ error: { code: string } }>(stranger, 'GET', '/staff');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('not-staff');
  });

  it('lets only administrators add staff, naming a bad field', async () => {
    const caseworker = await hub.as('cw-east-1');
    expect(
      (await caseworker('POST', '/staff', { email: 'x@kent.example.gov.uk', name: 'X', roles: ['admin'] }))
        .status,
    ).toBe(403);
    const admin = await hub.as('admin');
    const bad = await admin<{ error: { fields: { path: string }[] } }>('POST', '/staff', {
      email: 'y@kent.example.gov.uk',
      name: 'Y',
      roles: ['caseworker'],
      teams: ['atlantis'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field) => field.path)).toContain('teams[0]');
  });
});

describe('the Staff screen', () => {
  it('lets an administrator add a manager and remove them again', async () => {
    const { page } = await signedInTab(browser, hub.stack.urls.http, 'admin');
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();

    await page.locator('#staff-email').fill('pat.manager@kent.example.gov.uk');
    await page.locator('#staff-name').fill('Pat Manager');
    await page.locator('#staff-role').selectOption('manager');
    await page.locator('#staff-team').fill('west');
    await page.getByRole('button', { name: 'Add member of staff' }).click();
    await page.getByText('Pat Manager has been added as pat-manager').waitFor();
    await page.locator('tr[data-staff="pat-manager"]').waitFor();
    await invitationPassword('pat.manager@kent.example.gov.uk');

    await page.getByRole('button', { name: 'Remove Pat Manager' }).click();
    await page.getByRole('button', { name: 'Yes, remove Pat Manager' }).click();
    await page.getByText('Pat Manager has been removed').waitFor();
    expect(await page.locator('tr[data-staff="pat-manager"]').count()).toBe(0);
    await page.context().close();
  });
});
