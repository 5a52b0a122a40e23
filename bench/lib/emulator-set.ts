/**
 * The local emulators for sections that drive them directly (not through the local stack), with
 * the project's own client factories and table definition. Always stop what you start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningEmulator, startDynamoDbLocal, startFauxqs, startSesLocal } from '../../local/emulators';
import { dynamoDocumentClient, s3Client, sesClient, sqsClient } from '../../shared/adapters/aws-clients';
import { ensureTable } from '../../shared/adapters/create-table';

export interface EmulatorSet {
  readonly dynamo?: RunningEmulator;
  readonly fauxqs?: RunningEmulator;
  readonly ses?: RunningEmulator;
  stop(): Promise<void>;
}

/** Starts the emulators asked for, on free loopback ports, in memory. */
export async function startEmulators(which: {
  dynamo?: boolean;
  fauxqs?: boolean;
  ses?: boolean;
}): Promise<EmulatorSet> {
  const started: RunningEmulator[] = [];
  const stop = async () => {
    await Promise.allSettled(started.map((emulator) => emulator.stop()));
  };
  try {
    const [dynamo, fauxqs, ses] = await Promise.all([
      which.dynamo === true ? startDynamoDbLocal().then(keep) : undefined,
      which.fauxqs === true ? startFauxqs().then(keep) : undefined,
      which.ses === true ? startSesLocal().then(keep) : undefined,
    ]);
    return { dynamo, fauxqs, ses, stop };
  } catch (error) {
    await stop();
    throw error;
  }

  function keep(emulator: RunningEmulator): RunningEmulator {
    started.push(emulator);
    return emulator;
  }
}

export function requireEndpoint(emulator: RunningEmulator | undefined, what: string): string {
  if (emulator === undefined) throw new Error(`${what} emulator was not started`);
  return emulator.endpoint;
}

/** A fresh table built from the shared definition (the product's keys and five indexes). */
export async function createProductTable(endpoint: string, name: string): Promise<void> {
  // The same credentials as the project's clients: DynamoDB Local keeps tables per access key.
  await ensureTable(
    new DynamoDBClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    name,
  );
}

export { dynamoDocumentClient, s3Client, sesClient, sqsClient };
