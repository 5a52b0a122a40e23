import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import {
  type AwsCall,
  type AwsCallWatch,
  dynamoDocumentClient,
  onAwsCall,
  onAwsCallWatching,
} from '../../shared/adapters/aws-clients';
import { freshTable } from '../support/escalation-fixtures';

describe('AWS call hook (used by the benchmark to count billed requests)', () => {
  it('reports each DynamoDB call with the capacity it consumed, only while someone listens', async () => {
    const endpoint = inject('dynamoEndpoint');
    const table = await freshTable(endpoint, 'aws-call-hook');
    const client = dynamoDocumentClient({ endpoint });
    const calls: AwsCall[] = [];
    const stop = onAwsCall((call) => calls.push(call));
    await client.send(new PutCommand({ TableName: table, Item: { PK: 'A', SK: 'B', note: 'x' } }));
    stop();
    await client.send(new PutCommand({ TableName: table, Item: { PK: 'A', SK: 'C' } }));

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ service: 'dynamodb', command: 'PutItemCommand', error: undefined });
    const output = calls[0]?.output as { ConsumedCapacity?: { CapacityUnits?: number } };
    expect(output.ConsumedCapacity?.CapacityUnits).toBeGreaterThan(0);
  });

  it('asks DynamoDB for no consumed capacity while only listeners that count no units listen', async () => {
    const endpoint = inject('dynamoEndpoint');
    const table = await freshTable(endpoint, 'aws-call-hook-light');
    const client = dynamoDocumentClient({ endpoint });
    const watches: (AwsCallWatch | null)[] = [];
    const stopWatching = onAwsCallWatching((watch) => watches.push(watch));
    const light: AwsCall[] = [];
    const stopLight = onAwsCall((call) => light.push(call), { consumedCapacity: false });
    await client.send(new PutCommand({ TableName: table, Item: { PK: 'L', SK: '1' } }));
    const stopFull = onAwsCall(() => undefined);
    await client.send(new PutCommand({ TableName: table, Item: { PK: 'L', SK: '2' } }));
    stopFull();
    stopLight();
    stopWatching();

    expect(light).toHaveLength(2);
    const asked = light.map(
      (call) => (call.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity,
    );
    expect(asked).toEqual([undefined, 'INDEXES']);
    expect(
      (light[0]?.output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity,
    ).toBeUndefined();
    // Function threads hear each change of what is needed, and the end of watching.
    expect(watches).toEqual([
      { consumedCapacity: false },
      { consumedCapacity: true },
      { consumedCapacity: false },
      null,
    ]);
  });
});
