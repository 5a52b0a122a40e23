/**
 * The DynamoDB side of a sweep, built in one place for everything that runs one against a table
 * (the escalator Lambda and `send-hub escalate`), so a new chore reaches both at once.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HubConfig } from '../config/hub-config';
import { tableCaseworkerDirectory } from '../escalation/caseworker-directory';
import type { SweepDeps } from '../sweep/run-sweep';
import { DynamoAvailabilityStore } from './availability-store';
import { CaseworkerRepository } from './caseworker-repository';
import { DynamoClaimTimerStore } from './claim-timer-store';
import { DynamoDigestPacingStore } from './digest-pacing-store';
import { DynamoDutyAlertStore } from './duty-alert-store';
import { EnquiryRepository } from './enquiry-repository';
import { DynamoEscalationStore } from './escalation-store';
import { DynamoReportMarkers } from './report-stores';
import { DynamoStatutoryStore } from './statutory-store';

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
