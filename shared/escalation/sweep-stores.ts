/**
 * The DynamoDB side of a sweep, built in one place for everything that runs one against a table
 * (the escalator Lambda and `send-hub escalate`), so a new chore reaches both at once.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAvailabilityStore } from '../adapters/availability-store';
import { CaseworkerRepository } from '../adapters/caseworker-repository';
import { DynamoClaimTimerStore } from '../adapters/claim-timer-store';
import { DynamoDigestPacingStore } from '../adapters/digest-pacing-store';
import { EnquiryRepository } from '../adapters/enquiry-repository';
import { DynamoStatutoryStore } from '../adapters/statutory-store';
import type { HubConfig } from '../config/hub-config';
import { DynamoReportMarkers } from '../reporting/report-stores';
import { DynamoDutyAlertStore } from '../safeguarding/duty-alert-store';
import { tableCaseworkerDirectory } from './caseworker-directory';
import { DynamoEscalationStore } from './escalation-store';
import type { SweepDeps } from './run-sweep';

/** Every store a full sweep uses, over one table. */
export function dynamoSweepStores(
  documents: DynamoDBDocumentClient,
  tableName: string,
  config: HubConfig,
): Pick<
  SweepDeps,
  'enquiries' | 'dutyAlerts' | 'store' | 'statutory' | 'caseworkers' | 'workload' | 'pacing'
> {
  const enquiries = new EnquiryRepository(documents, tableName);
  const roster = new CaseworkerRepository(documents, tableName);
  return {
    enquiries,
    dutyAlerts: { store: new DynamoDutyAlertStore(documents, tableName), enquiries },
    store: new DynamoEscalationStore(documents, tableName),
    statutory: new DynamoStatutoryStore(documents, tableName),
    pacing: new DynamoDigestPacingStore(documents, tableName),
    caseworkers: tableCaseworkerDirectory(roster, config),
    workload: {
      timers: new DynamoClaimTimerStore(documents, tableName),
      availability: new DynamoAvailabilityStore(documents, tableName),
      enquiries,
      roster,
      markers: new DynamoReportMarkers(documents, tableName),
    },
  };
}
