/**
 * vitest globalSetup for the integration project: starts one of each real emulator on free
 * loopback ports for the whole run and hands their endpoints to tests through `inject()`.
 * Tests isolate themselves by creating their own table/queue/bucket names.
 */
import type { TestProject } from 'vitest/node';
import { type RunningEmulator, startDynamoDbLocal, startFauxqs, startSesLocal } from '../../local/emulators';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    fauxqsEndpoint: string;
    sesEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: RunningEmulator[] = [];
  try {
    const [dynamo, fauxqs, ses] = await Promise.all([startDynamoDbLocal(), startFauxqs(), startSesLocal()]);
    started.push(dynamo, fauxqs, ses);
    project.provide('dynamoEndpoint', dynamo.endpoint);
    project.provide('fauxqsEndpoint', fauxqs.endpoint);
    project.provide('sesEndpoint', ses.endpoint);
  } catch (error) {
    await Promise.all(started.map((emulator) => emulator.stop()));
    throw error;
  }
  return async () => {
    await Promise.all(started.map((emulator) => emulator.stop()));
  };
}
