/**
 * The router's storage contract, as one suite run against every implementation: the in-memory fake
 * the router's unit tests use (test/unit/router-store-contract.test.ts) and the DynamoDB repository
 * on DynamoDB Local (test/integration/router-store-contract.test.ts). A fake that drifts from the
 * repository fails here, not silently in the tests that trust it.
 */
import { describe, expect, it } from 'vitest';
import {
  applyAssign,
  applyContact,
  applyNote,
  applyResolve,
  type Caseworker,
  type Enquiry,
} from '../../shared/domain/enquiry';
import {
  CaseloadFullError,
  CaseworkerNotFoundError,
  DuplicateIntakeError,
  EnquiryNotFoundError,
  ReferenceTakenError,
  VersionConflictError,
} from '../../shared/domain/errors';
import type { RouterEnquiryStore } from '../../shared/routing/ports';
import type { Roster } from '../../shared/workload/ports';
import {
  openTestEnquiry,
  plusMinutes,
  testContact,
  testReference,
  wallClockPolicy,
} from './enquiry-fixtures';

/** The enquiry an intake was recorded on, through the router's one first read. */
async function recordedOn(enquiries: RouterEnquiryStore, intakeId: string): Promise<string | null> {
  return (await enquiries.lookupIntake({ intakeId })).recordedOn;
}

/** Which Message-IDs point at an enquiry, through the same first read (for an unseen intake). */
async function messagesOf(enquiries: RouterEnquiryStore, messageIds: readonly string[]) {
  return (await enquiries.lookupIntake({ intakeId: `contract-${messageIds.length}-unseen`, messageIds }))
    .messages;
}

/** One implementation of the router's ports, with the arrangement steps the suite needs. */
export interface RouterStoreSubject {
  readonly enquiries: RouterEnquiryStore;
  readonly roster: Roster;
  /** Stores a caseworker profile with nothing held. */
  putCaseworker(profile: Omit<Caseworker, 'openCount'>): Promise<void>;
  /** Marks an address as one we never write to (bounced, complained). */
  markDoNotReply(email: string): Promise<void>;
}

let sequence = 0;

/** Addresses, numbers and ids unique to one test, so a shared table needs no clean-up. */
function unique(): { email: string; phone: string; intakeId: string; team: string } {
  sequence += 1;
  const tag = `${process.pid}-${Date.now().toString(36)}-${sequence}`;
  return {
    email: `Contract.${tag}@Example.org`,
    phone: `+4477009${String(sequence).padStart(5, '0')}`,
    intakeId: `email:contract-${tag}@example.org`,
    team: `team-${tag}`,
  };
}

export function routerStoreContract(name: string, subject: () => RouterStoreSubject): void {
  describe(`the router's store contract: ${name}`, () => {
    async function create(
      overrides: Parameters<typeof openTestEnquiry>[0] = {},
      ids: { intakeId: string; messageIds?: string[] } = { intakeId: unique().intakeId },
    ): Promise<Enquiry> {
      const { enquiry, events } = openTestEnquiry(overrides);
      return subject().enquiries.createEnquiry({
        enquiry,
        events,
        contact: testContact(enquiry, { intakeId: ids.intakeId }),
        intakeId: ids.intakeId,
        messageIds: ids.messageIds ?? [],
      });
    }

    it('stores a new enquiry at version 1, readable by id and by its intake marker', async () => {
      const { intakeId } = unique();
      const stored = await create({}, { intakeId });
      expect(stored.version).toBe(1);
      const { enquiries } = subject();
      expect(await enquiries.getEnquiry(stored.id)).toEqual(stored);
      expect(await recordedOn(enquiries, intakeId)).toBe(stored.id);
      expect(await enquiries.getEnquiries([stored.id, 'SEND-ZZZZZZ'])).toEqual([stored]);
      expect(await enquiries.getEnquiry('SEND-ZZZZZZ')).toBeNull();
      expect(await recordedOn(enquiries, unique().intakeId)).toBeNull();
    });

    it('refuses a second enquiry from the same intake, and a reference already taken', async () => {
      const { intakeId } = unique();
      const first = await create({}, { intakeId });
      await expect(create({}, { intakeId })).rejects.toThrow(DuplicateIntakeError);
      await expect(create({ id: first.id })).rejects.toThrow(ReferenceTakenError);
      expect((await subject().enquiries.getEnquiry(first.id))?.version).toBe(1);
    });

    it('appends a contact only to the version it read, and threads its Message-IDs', async () => {
      const stored = await create();
      const { enquiries } = subject();
      const at = plusMinutes(stored.receivedAt, 30);
      const contact = testContact(stored, { at, intakeId: unique().intakeId });
      const facts = (id: string) => ({ at, channel: 'email' as const, automated: false, contactId: id });
      const next = applyContact(stored, facts(contact.id), 'router', wallClockPolicy);
      const messageId = `<Thread.${unique().intakeId.slice(6)}>`;
      const appended = await enquiries.appendContact({
        before: stored,
        after: next.enquiry,
        contact,
        events: next.events,
        intakeId: contact.intakeId ?? '',
        messageIds: [messageId],
      });
      expect(appended.version).toBe(2);
      // With or without the angle brackets; the part inside them is kept as written.
      const bare = messageId.slice(1, -1);
      expect(await messagesOf(enquiries, [` ${bare} `, '<nobody@example.org>'])).toEqual([
        { messageId: bare, enquiryId: stored.id },
      ]);
      expect(await messagesOf(enquiries, [messageId.toUpperCase()])).toEqual([]);
      const stale = testContact(stored, { at, intakeId: unique().intakeId });
      await expect(
        enquiries.appendContact({
          before: stored,
          after: applyContact(stored, facts(stale.id), 'router', wallClockPolicy).enquiry,
          contact: stale,
          events: [],
          intakeId: stale.intakeId ?? '',
        }),
      ).rejects.toThrow(VersionConflictError);
      expect((await enquiries.getEnquiry(stored.id))?.version).toBe(2);
      expect(await recordedOn(enquiries, stale.intakeId ?? '')).toBeNull();
    });

    it('finds unresolved enquiries by address (any case) and number, newest first', async () => {
      const { email, phone } = unique();
      const requester = { name: 'Sam Contract', email, phone };
      const older = await create({ requester, receivedAt: '2026-11-23T09:00:00.000Z' });
      const newer = await create({ requester, receivedAt: '2026-11-23T10:00:00.000Z' });
      const resolved = await create({ requester, receivedAt: '2026-11-23T11:00:00.000Z' });
      const { enquiries } = subject();
      await enquiries.modify(resolved.id, (current) =>
        applyResolve(current, plusMinutes(current.receivedAt, 5), 'cw', wallClockPolicy),
      );
      const ids = (found: Enquiry[]) => found.map((enquiry) => enquiry.id);
      expect(ids(await enquiries.findOpenByEmail(email.toLowerCase()))).toEqual([newer.id, older.id]);
      expect(ids(await enquiries.findOpenByEmail(` ${email.toUpperCase()} `))).toEqual([newer.id, older.id]);
      expect(ids(await enquiries.findOpenByPhone(phone))).toEqual([newer.id, older.id]);
      expect(await enquiries.findOpenByEmail(unique().email)).toEqual([]);
    });

    it('finds an enquiry by its search keys', async () => {
      const { email } = unique();
      const stored = await create({ requester: { name: 'Ali Key', email, phone: null } });
      const found = await subject().enquiries.findIdsByFact('email', email.toLowerCase(), 10);
      expect(found).toEqual([stored.id]);
    });

    it('applies a change to the current version, and leaves the enquiry alone when there is none', async () => {
      const stored = await create();
      const { enquiries } = subject();
      const noted = await enquiries.modify(stored.id, (current) =>
        applyNote(current, plusMinutes(current.receivedAt, 2), 'cw', 'rang back'),
      );
      expect(noted).toMatchObject({ changed: true, enquiry: { version: 2 } });
      expect(await enquiries.modify(stored.id, () => null)).toMatchObject({
        changed: false,
        enquiry: { version: 2 },
      });
      await expect(enquiries.modify(testReference(), () => null)).rejects.toThrow(EnquiryNotFoundError);
    });

    it('keeps caseload caps: an unknown caseworker and a full caseload refuse the assignment', async () => {
      const { team } = unique();
      const caseworker = `cw-${team}`;
      const subjectNow = subject();
      await subjectNow.putCaseworker({
        id: caseworker,
        name: 'Cap Tester',
        email: `${caseworker}@kent.example.gov.uk`,
        team,
        topics: [],
        cap: 1,
        active: true,
      });
      const assign = (id: string, to: string) =>
        subjectNow.enquiries.modify(id, (current) =>
          applyAssign(current, to, plusMinutes(current.receivedAt, 3), 'manager'),
        );
      const first = await create({ team });
      const second = await create({ team });
      await assign(first.id, caseworker);
      await expect(assign(second.id, caseworker)).rejects.toThrow(CaseloadFullError);
      await expect(assign(second.id, `${caseworker}-nobody`)).rejects.toThrow(CaseworkerNotFoundError);
      expect((await subjectNow.enquiries.getEnquiry(second.id))?.assignee).toBeNull();
      const roster = await subjectNow.roster.listRoster(team);
      expect(roster.map((member) => [member.id, member.openCount])).toEqual([[caseworker, 1]]);
    });

    it('knows the addresses we never write to', async () => {
      const { email } = unique();
      const { enquiries, markDoNotReply } = subject();
      expect(await enquiries.isDoNotReply(email.toLowerCase())).toBe(false);
      await markDoNotReply(email.toLowerCase());
      expect(await enquiries.isDoNotReply(email.toLowerCase())).toBe(true);
    });
  });
}
