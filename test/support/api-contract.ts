/**
 * Holds real answers of the staff API to the contract: a success answer's body must be exactly
 * what `functions/api/responses.ts` (the table the OpenAPI document is generated from) says for
 * its operation and status: no missing or mistyped field, and no field the contract does not list.
 */
import * as z from 'zod';
import { RESPONSE_BODIES } from '../../functions/api/responses';
import { matchRoute, type OperationId } from '../../functions/api/routes';

/** Operations whose success answers have been checked in this test file. */
export const checkedOperations = new Set<OperationId>();

/** Checks one answer; error answers (4xx, 5xx) and unknown routes are left to the tests. */
export function expectContract(method: string, path: string, status: number, body: unknown): void {
  if (status < 200 || status > 299) return;
  const match = matchRoute(method, path);
  if (match.kind !== 'found') return;
  const operationId = match.route.operationId;
  const bodies: Readonly<Record<number, z.core.$ZodType>> = RESPONSE_BODIES[operationId];
  const schema = bodies[status];
  if (schema === undefined)
    throw new Error(`${operationId} answered ${status}, which the contract does not list`);
  expectBody(schema, body, `${operationId} ${status}`);
  checkedOperations.add(operationId);
}

/** `body` is exactly an instance of `schema`: it parses, and parsing drops and adds nothing. */
export function expectBody(schema: z.core.$ZodType, body: unknown, what: string): void {
  const result = z.safeParse(schema, body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${what}: the answer does not fit its schema: ${problems.slice(0, 5).join('; ')}`);
  }
  if (JSON.stringify(sortKeys(result.data)) !== JSON.stringify(sortKeys(body))) {
    throw new Error(`${what}: the answer has fields its schema does not list (or lacks defaulted ones)`);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
