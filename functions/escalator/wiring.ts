/**
 * The escalator's wiring: the ladder's stores on the table (due enquiries, steps and outbox,
 * digest pacing, who is away), the mailer with the SES configuration set (so digests have their
 * bounces and complaints reach ses-feedback), and the wall clock for leases. Only what the ladder
 * runs: the other chores are functions of their own.
 */
import { DynamoAvailabilityStore } from '../../shared/adapters/availability-store';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { DynamoDigestPacingStore } from '../../shared/adapters/digest-pacing-store';
import { EnquiryReader } from '../../shared/adapters/enquiry-reader';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import type { EscalationSweepDeps } from '../../shared/sweep/escalation-sweep';
import { type SweepWiring, sweepMailer } from '../scheduled-sweep';

/** Everything the ladder needs but its id and its stop signal (one per invocation). */
export function escalatorDeps(wiring: SweepWiring): Omit<EscalationSweepDeps, 'sweepId' | 'shouldStop'> {
  const { config, documents, tableName } = wiring;
  return {
    config,
    enquiries: new EnquiryReader(documents, tableName),
    store: new DynamoEscalationStore(documents, tableName),
    caseworkers: tableCaseworkerDirectory(new CaseworkerRepository(documents, tableName), config),
    pacing: new DynamoDigestPacingStore(documents, tableName),
    availability: new DynamoAvailabilityStore(documents, tableName),
    mailer: sweepMailer('escalator', wiring),
    clock: () => new Date(),
    timeouts: FUNCTION_TIMEOUTS,
  };
}
