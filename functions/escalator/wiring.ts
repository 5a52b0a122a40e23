/**
 * The escalator's wiring, built in one place for the Lambda and for `send-hub escalate`: the
 * sweep's stores on the table, the mailer with the SES configuration set (so digests sent from
 * either have their bounces and complaints reach ses-feedback), and the wall clock for leases.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { pacedSesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { dynamoSweepStores } from '../../shared/adapters/sweep-stores';
import type { HubConfig } from '../../shared/config/hub-config';
import type { SweepDeps } from '../../shared/sweep/run-sweep';

export interface EscalatorWiring {
  readonly config: HubConfig;
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly ses: SESv2Client;
  /** The SES configuration set (bounce and complaint feedback); absent locally. */
  readonly configurationSet: string | undefined;
}

/** Everything a sweep needs but its id and its stop signal (one per invocation). */
export function escalatorDeps(wiring: EscalatorWiring): Omit<SweepDeps, 'sweepId' | 'shouldStop'> {
  return {
    config: wiring.config,
    ...dynamoSweepStores(wiring.documents, wiring.tableName, wiring.config),
    mailer: pacedSesMailer('escalator', wiring.ses, wiring.config.sending, wiring.configurationSet),
    clock: () => new Date(),
    timeouts: FUNCTION_TIMEOUTS,
  };
}
