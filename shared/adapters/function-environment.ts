/**
 * Settings of the functions, read from the environment once per container with zod: each function
 * parses its own schema with {@link parseEnvironment} (the ingest functions' schemas are in
 * `ingest-environment.ts`, so no other function builds or bundles them). A missing or bad variable
 * fails the cold start loudly, naming the variable (never its value). Who the hub is (its mailbox
 * and council domains) comes from the hub configuration, not from here.
 */

import { InternalError } from '../domain/errors';
import * as z from '../domain/zod';

/** The environment cannot be used; `variables` names the bad ones. */
export class EnvironmentError extends InternalError {
  constructor(
    message: string,
    readonly variables: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/**
 * Parses the environment with a schema.
 * @throws EnvironmentError naming every missing or bad variable.
 */
export function parseEnvironment<Schema extends z.core.$ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
  functionName: string,
): z.output<Schema> {
  const result = z.safeParse(schema, env);
  if (result.success) return result.data;
  const variables = [
    ...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '(environment)'))),
  ];
  throw new EnvironmentError(
    `${functionName}: bad or missing environment variable(s): ${variables.join(', ')}`,
    variables,
    {
      cause: result.error,
    },
  );
}
