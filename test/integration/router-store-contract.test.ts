/** The DynamoDB repository, on DynamoDB Local, keeps the contract the router's fake is held to. */
import { beforeAll, inject } from 'vitest';
import { dynamoDocumentClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { freshTable } from '../support/escalation-fixtures';
import { type RouterStoreSubject, routerStoreContract } from '../support/router-store-contract';

const endpoint = inject('dynamoEndpoint');
const documents = dynamoDocumentClient({ endpoint });
let subject: RouterStoreSubject;

beforeAll(async () => {
  const tableName = await freshTable(endpoint, 'router-contract');
  const enquiries = new EnquiryRepository(documents, tableName);
  const caseworkers = new CaseworkerRepository(documents, tableName);
  subject = {
    enquiries,
    roster: caseworkers,
    async putCaseworker(profile) {
      await caseworkers.putCaseworker(profile);
    },
    async markDoNotReply(email) {
      await enquiries.markDoNotReply(email, 'bounce', '2026-11-23T09:00:00.000Z');
    },
  };
});

routerStoreContract('the DynamoDB repository', () => subject);
