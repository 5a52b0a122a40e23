/**
 * Requests must come through the front door. In a deployed stage CloudFront (with the WAF web ACL)
 * adds a secret header to every request it forwards to the HTTP API; the HTTP API's own
 * `execute-api` address stays reachable on the internet, so a request without the header skipped
 * the WAF and is refused here with a 403, before any work. The one check for every function behind
 * the API; the local stack has no CloudFront and does not use it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from './responses';

/** The header CloudFront adds (API Gateway hands header names over in lower case). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** Where the accepted header values come from (Secrets Manager in AWS). */
export interface OriginSecrets {
  /** Accepted values, from a cache no older than `maxAgeMs` (the source's own default if omitted). */
  values(maxAgeMs?: number): Promise<readonly string[]>;
}

/** After a mismatch, the secret is read again if the cached copy is older than this (a rotation). */
const REREAD_AFTER_MISMATCH_MS = 60_000;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time: digests have one length, so the compare never leaks where a guess differs. */
export function matchesOriginSecret(presented: string | undefined, accepted: readonly string[]): boolean {
  if (presented === undefined || presented === '') return false;
  const candidate = digest(presented);
  let match = false;
  for (const value of accepted) match = timingSafeEqual(candidate, digest(value)) || match;
  return match;
}

function presentedValue(event: APIGatewayProxyEventV2): string | undefined {
  const headers = event.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === ORIGIN_VERIFY_HEADER) return value;
  }
  return undefined;
}

/** The answer to a request that did not come through the front door. */
export function notThroughFrontDoor(): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(403, {
    error: { code: 'forbidden', message: "requests must come through the hub's API address" },
  });
}

/**
 * middy middleware refusing (403) every request without the front door's header. `secrets` is
 * built on first use (once per container); `onRefused` hears of each refusal (a log line, counts only).
 */
export function throughFrontDoorOnly(
  secrets: () => OriginSecrets,
  onRefused: () => void = () => undefined,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  let source: OriginSecrets | undefined;
  return {
    before: async (request) => {
      source ??= secrets();
      const presented = presentedValue(request.event);
      if (matchesOriginSecret(presented, await source.values())) return undefined;
      // Just rotated? Read the secret again (at most once a minute), then decide.
      if (
        presented !== undefined &&
        matchesOriginSecret(presented, await source.values(REREAD_AFTER_MISMATCH_MS))
      ) {
        return undefined;
      }
      onRefused();
      return notThroughFrontDoor();
    },
  };
}
