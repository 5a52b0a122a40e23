/**
 * The raw-mail bucket behind the intake ports: reading what SES stored under `inbound/`, copying
 * infected mail to `quarantine/`, writing failure records under `failed/`, and the "already queued"
 * markers under `intake-sent/`. Every GetObject body is either read to the end or destroyed, or a
 * Lambda can hang on an open socket (aws-sdk-js-v3#3560).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { IntakeFailureRecord, RawMailRead, RawMailRef, RawMailStore } from '../intake/ports';
import { RESOURCES } from './resource-definitions';

/** Prefix of the "already queued" markers in the raw-mail bucket. */
export const SENT_MARKER_PREFIX = RESOURCES.buckets.rawMail.sentMarkerPrefix;

/** Copy sources are `bucket/key` with the key URL-encoded segment by segment. */
function copySource(ref: RawMailRef): string {
  return `${ref.bucket}/${ref.key.split('/').map(encodeURIComponent).join('/')}`;
}

function destroyBody(body: unknown): void {
  if (body !== null && typeof body === 'object' && 'destroy' in body && typeof body.destroy === 'function') {
    (body as Readable).destroy();
  }
}

async function readLimited(body: Readable, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

export interface S3RawMailStoreOptions {
  readonly quarantinePrefix?: string;
  readonly failedPrefix?: string;
}

/** RawMailStore over S3. */
export class S3RawMailStore implements RawMailStore {
  private readonly quarantinePrefix: string;
  private readonly failedPrefix: string;

  constructor(
    private readonly s3: S3Client,
    options: S3RawMailStoreOptions = {},
  ) {
    this.quarantinePrefix = options.quarantinePrefix ?? RESOURCES.buckets.rawMail.quarantinePrefix;
    this.failedPrefix = options.failedPrefix ?? RESOURCES.buckets.rawMail.failedPrefix;
  }

  async read(ref: RawMailRef, maxBytes: number): Promise<RawMailRead> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    } catch (error) {
      // Only a missing object is "missing"; a missing bucket is a fault to retry and alarm on.
      if (error instanceof S3ServiceException && error.name === 'NoSuchKey') return { kind: 'missing' };
      throw error;
    }
    const size = response.ContentLength;
    if (size !== undefined && size > maxBytes) {
      destroyBody(response.Body);
      return { kind: 'too-large', size };
    }
    const body = response.Body as Readable | undefined;
    if (body === undefined) return { kind: 'found', body: Buffer.alloc(0) };
    try {
      const buffer = await readLimited(body, maxBytes);
      return buffer === null
        ? { kind: 'too-large', size: size ?? maxBytes + 1 }
        : { kind: 'found', body: buffer };
    } finally {
      destroyBody(body);
    }
  }

  async quarantine(ref: RawMailRef, recordedAt: string): Promise<RawMailRef> {
    const target = { bucket: ref.bucket, key: `${this.quarantinePrefix}${ref.key}` };
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: target.bucket,
        Key: target.key,
        CopySource: copySource(ref),
        MetadataDirective: 'REPLACE',
        ContentType: 'message/rfc822',
        Metadata: { reason: 'virus', 'source-key': ref.key, 'recorded-at': recordedAt },
      }),
    );
    return target;
  }

  async recordFailure(record: IntakeFailureRecord): Promise<RawMailRef> {
    const target = { bucket: record.source.bucket, key: `${this.failedPrefix}${record.source.key}.json` };
    await this.s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: target.key,
        ContentType: 'application/json',
        Body: JSON.stringify({
          reason: record.reason,
          detail: record.detail,
          sourceBucket: record.source.bucket,
          sourceKey: record.source.key,
          recordedAt: record.recordedAt,
        }),
      }),
    );
    return target;
  }
}

/**
 * Where ingest-email once wrote an intake's "already queued" marker (it no longer does: the
 * router's intake marker makes a second queueing harmless). Kept so the retention purge still
 * removes markers written before.
 */
export function sentMarkerKey(intakeId: string, prefix: string = SENT_MARKER_PREFIX): string {
  return `${prefix}${createHash('sha256').update(intakeId).digest('hex')}.json`;
}
