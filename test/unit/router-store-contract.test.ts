/** The in-memory fake the router's unit tests use keeps the same contract as the DynamoDB repository. */
import { beforeEach } from 'vitest';
import { InMemoryEnquiryStore, InMemoryRoster } from '../support/router-fakes';
import { type RouterStoreSubject, routerStoreContract } from '../support/router-store-contract';

let subject: RouterStoreSubject;
beforeEach(() => {
  const enquiries = new InMemoryEnquiryStore();
  subject = {
    enquiries,
    roster: new InMemoryRoster(enquiries),
    async putCaseworker(profile) {
      enquiries.caseworkers.set(profile.id, { ...profile, openCount: 0 });
    },
    async markDoNotReply(email) {
      enquiries.doNotReply.add(email.trim().toLowerCase());
    },
  };
});

routerStoreContract('the in-memory fake', () => subject);
