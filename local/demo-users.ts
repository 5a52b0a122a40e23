/**
 * Demo users for the local sign-in, derived from the hub configuration so they match its teams
 * and caseworkers. Every password is `demo`; this file is never used in production (Cognito is).
 */
import type { HubConfig } from '../shared/config/hub-config';
import type { DemoUser } from './local-auth';

export const DEMO_PASSWORD = 'demo';

export function demoUsers(config: HubConfig): DemoUser[] {
  const caseworkers = config.caseworkers.map(
    (caseworker): DemoUser => ({
      username: caseworker.id,
      password: DEMO_PASSWORD,
      name: caseworker.name,
      email: caseworker.email,
      groups: ['caseworker', `team:${caseworker.team}`],
    }),
  );
  const managers = config.teams.map(
    (team): DemoUser => ({
      username: `manager-${team.id}`,
      password: DEMO_PASSWORD,
      name: `Manager, ${team.name}`,
      email: team.managerEmail,
      groups: ['manager', `team:${team.id}`],
    }),
  );
  const allTeams = config.teams.map((team) => `team:${team.id}`);
  // The safeguarding duty and out-of-hours contacts sign in with the email on their list and hold no
  // role: they open an alert's link and pick it up (a contact who is already a demo user is skipped).
  const taken = new Set([...caseworkers, ...managers].map((user) => user.email.toLowerCase()));
  const duty = (
    [
      ['duty', config.safeguarding.dutyContacts],
      ['ooh', config.safeguarding.outOfHours],
    ] as const
  ).flatMap(([prefix, contacts]) =>
    contacts.flatMap((contact, index): DemoUser[] =>
      taken.has(contact.email.toLowerCase())
        ? []
        : [
            {
              username: `${prefix}-${index + 1}`,
              password: DEMO_PASSWORD,
              name: contact.name,
              email: contact.email,
              groups: [],
            },
          ],
    ),
  );
  return [
    ...caseworkers,
    ...managers,
    ...duty,
    {
      username: 'head-of-service',
      password: DEMO_PASSWORD,
      name: 'Head of SEND service',
      email: config.teams[0]?.headOfServiceEmail ?? 'head@example.org',
      groups: ['manager', ...allTeams],
    },
    {
      username: 'callhandler',
      password: DEMO_PASSWORD,
      name: 'Hub call handler',
      email: 'callhandler@example.org',
      groups: ['callhandler'],
    },
    {
      username: 'admin',
      password: DEMO_PASSWORD,
      name: 'Hub administrator',
      email: 'admin@example.org',
      groups: ['admin', ...allTeams],
    },
  ];
}
