/** Whether a DynamoDB write was refused by its condition (the expected outcome of an idempotent put). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
