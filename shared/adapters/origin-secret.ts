/**
 * The front door's origin secret, read from Secrets Manager: the value CloudFront adds to every
 * request it forwards to the HTTP API (`x-origin-verify`), so the API can tell requests that came
 * through the WAF from ones sent straight to its `execute-api` address. Both the current and the
 * previous version are accepted, so a rotation (docs/deploy.md) never refuses a request while
 * CloudFront is being updated. Values are cached per container and read again after `maxAgeMs`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from '../domain/zod';
import { type OriginSecrets, throughFrontDoorOnly } from '../http/origin-verification';
import { secretsManagerClient } from './aws-clients';
import { parseEnvironment } from './function-environment';

/** Version stages accepted: the one CloudFront sends after a rotation, and the one before it. */
const ACCEPTED_STAGES = ['AWSCURRENT', 'AWSPREVIOUS'] as const;

export class SecretsManagerOriginSecrets implements OriginSecrets {
  private cached: { values: readonly string[]; readAt: number } | null = null;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly maxAgeMs = 5 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The accepted values, read again when older than `maxAgeMs` (or `maxAgeMs` given). */
  async values(maxAgeMs: number = this.maxAgeMs): Promise<readonly string[]> {
    const now = this.clock();
    if (this.cached !== null && now - this.cached.readAt < maxAgeMs) return this.cached.values;
    const values: string[] = [];
    for (const stage of ACCEPTED_STAGES) {
      try {
        const { SecretString } = await this.client.send(
          new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage }),
        );
        if (SecretString !== undefined && SecretString !== '') values.push(SecretString);
      } catch (error) {
        // A secret never rotated has no previous version.
        if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) continue;
        throw error;
      }
    }
    this.cached = { values, readAt: now };
    return values;
  }
}

/** Set by the stack on the functions behind the HTTP API; unset locally (no CloudFront there). */
export const OriginCheckEnvironment = z.object({
  ORIGIN_SECRET_ARN: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
          'must be a Secrets Manager secret ARN',
        ),
      ),
  ),
});

/**
 * The entry point's front-door check: refuses requests without CloudFront's header when the stage
 * set `ORIGIN_SECRET_ARN` (every deployed stage), nothing at all when it is unset (the local stack).
 * @throws EnvironmentError when the variable is set but not an ARN.
 */
export function frontDoorCheck(
  env: Record<string, string | undefined>,
  functionName: string,
  logger: Pick<Logger, 'warn'>,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const { ORIGIN_SECRET_ARN: secretId } = parseEnvironment(OriginCheckEnvironment, env, functionName);
  // middy takes only middlewares with a hook: this one lets everything through.
  if (secretId === undefined) return { before: () => undefined };
  return throughFrontDoorOnly(
    () => new SecretsManagerOriginSecrets(secretsManagerClient(), secretId),
    () => logger.warn('request refused: not through the front door', { refused: 1 }),
  );
}
