/**
 * The environments of the two ingest functions (email and phone), parsed once per container with
 * `parseEnvironment` (`function-environment.ts`). Apart from it so that the functions that never
 * ingest build none of these schemas and bundle none of the resource definitions they default from.
 */

import * as z from '../domain/zod';
import { RESOURCES } from './resource-definitions';

// Loose on purpose: emulators hand out queue URLs such as `http://sqs.eu-west-2.127.0.0.1:4566/...`
// whose host no strict URL parser accepts, yet SQS clients use them fine.
const Url = z.string().check(z.regex(/^https?:\/\/[^\s/]+(?:\/\S*)?$/, 'must be an http(s) URL'));
const PositiveInt = z.pipe(z.coerce.number(), z.int()).check(z.positive());

export const IngestEmailEnvironment = z.object({
  INTAKE_QUEUE_URL: Url,
  RAW_MAIL_BUCKET: z.string().check(z.minLength(3)).check(z.maxLength(63)),
  INBOUND_PREFIX: z._default(z.string(), RESOURCES.buckets.rawMail.inboundPrefix),
  MAX_MAIL_BYTES: z._default(PositiveInt, RESOURCES.limits.maxMailBytes),
  /** SQS takes 256 KiB by default; a queue raised to 1 MiB can say so here. */
  MAX_QUEUE_MESSAGE_BYTES: z._default(PositiveInt.check(z.lte(1024 * 1024)), 256 * 1024),
  /** Emulator endpoints (the local stack); unset in AWS. */
  AWS_ENDPOINT_URL_SQS: z.optional(Url),
  AWS_ENDPOINT_URL_S3: z.optional(Url),
});
export type IngestEmailEnvironment = z.infer<typeof IngestEmailEnvironment>;

export const IngestPhoneEnvironment = z.object({
  INTAKE_QUEUE_URL: Url,
  /** Read only for the staff links (`LOGIN#<sub>`): who logged the call. */
  TABLE_NAME: z.string().check(z.minLength(3)).check(z.maxLength(255)),
  MAX_PHONE_LOG_BODY_BYTES: z._default(PositiveInt, 1024 * 1024),
  MAX_PHONE_LOG_ENTRIES: z._default(PositiveInt.check(z.lte(10_000)), 500),
  AWS_ENDPOINT_URL_SQS: z.optional(Url),
});
export type IngestPhoneEnvironment = z.infer<typeof IngestPhoneEnvironment>;
