/**
 * Counts the DynamoDB capacity a client consumes: a middleware asks every request for
 * `ReturnConsumedCapacity: 'TOTAL'` and sums what the responses report, split into reads and writes.
 * The escalator logs it per sweep (ids and counts only), and the tests use it to show that a sweep
 * reads what is due, not the table's history.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ConsumedCapacity {
  readUnits: number;
  writeUnits: number;
}

const READ_COMMANDS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'TransactGetItemsCommand',
]);
const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

function unitsOf(reported: unknown): number {
  const entries = Array.isArray(reported) ? reported : [reported];
  let total = 0;
  for (const entry of entries) {
    if (typeof entry === 'object' && entry !== null && 'CapacityUnits' in entry) {
      const units = (entry as { CapacityUnits?: unknown }).CapacityUnits;
      if (typeof units === 'number') total += units;
    }
  }
  return total;
}

/** A running total of consumed capacity on one client; `reset()` starts again from zero. */
export interface CapacityMeter {
  readonly total: Readonly<ConsumedCapacity>;
  reset(): void;
}

/**
 * Adds the counting middleware to `client` (once per client) and returns its meter. Costs nothing
 * extra on AWS: consumed capacity is reported in the same response.
 */
export function meterCapacity(client: DynamoDBDocumentClient): CapacityMeter {
  const total: ConsumedCapacity = { readUnits: 0, writeUnits: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const counted = READ_COMMANDS.has(command) || WRITE_COMMANDS.has(command);
      const input = args.input as Record<string, unknown>;
      if (counted && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (counted) {
        const units = unitsOf((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        if (READ_COMMANDS.has(command)) total.readUnits += units;
        else total.writeUnits += units;
      }
      return result;
    },
    { step: 'initialize', name: 'sendHubCapacityMeter', override: true },
  );
  return {
    total,
    reset() {
      total.readUnits = 0;
      total.writeUnits = 0;
    },
  };
}
