/**
 * The local mailbox redirect: an SMTP listener that does what SES inbound does in production. It
 * stores the raw message in the raw-mail bucket (with SES's verdict headers prepended) and then
 * delivers the S3 ObjectCreated notification to ingest-email, so any mail client can send an enquiry.
 *
 * Verdicts: SES checks SPF, DKIM and DMARC against DNS; this door listens on 127.0.0.1 only and has
 * no DNS to ask, so it writes the verdict it is told to (`authentication`, from `SMTP_DOOR_AUTH`):
 * `pass` (the default) vouches for every sender, as SES does for the council's own Exchange;
 * `fail` rehearses mail whose sender could not be verified. Scan verdicts are always PASS.
 */
import { randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { SMTPServer } from 'smtp-server';
import { receiptHeaderBlock, type StandInAuthentication } from '../shared/intake/receipt-verdicts';

export interface SmtpDoorOptions {
  readonly port: number;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly maxBytes: number;
  /** SPF/DKIM/DMARC verdict written on every message (default `pass`). */
  readonly authentication?: StandInAuthentication;
  /** Delivers the S3 notification (ingest-email). Errors are logged, the mail stays stored. */
  readonly deliver: (event: S3Event) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

/** The S3 notification AWS sends when the SES S3 action writes an object. */
export function s3ObjectCreatedEvent(bucket: string, key: string, size: number): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-2',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:ses' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'raw-mail-inbound',
          bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeURIComponent(key), size, eTag: '', sequencer: Date.now().toString(16) },
        },
      },
    ],
  };
}

/**
 * SES stores mail up to 40 MB, but the S3 emulator takes request bodies only up to 11 MiB: larger
 * mail goes up as a multipart upload (what S3 itself recommends above 100 MB), so a parent's 15 MB
 * scan is stored instead of being refused with a temporary failure the sender retries forever.
 */
const PART_BYTES = 8 * 1024 * 1024;

async function storeRawMail(s3: S3Client, bucket: string, key: string, raw: Buffer): Promise<void> {
  const object = { Bucket: bucket, Key: key };
  if (raw.length <= PART_BYTES) {
    await s3.send(new PutObjectCommand({ ...object, Body: raw, ContentType: 'message/rfc822' }));
    return;
  }
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ ...object, ContentType: 'message/rfc822' }),
  );
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0; start < raw.length; start += PART_BYTES) {
      const PartNumber = parts.length + 1;
      const body = raw.subarray(start, start + PART_BYTES);
      const { ETag } = await s3.send(new UploadPartCommand({ ...object, UploadId, PartNumber, Body: body }));
      parts.push({ ETag: ETag ?? '', PartNumber });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({ ...object, UploadId, MultipartUpload: { Parts: parts } }),
    );
  } catch (error) {
    await s3.send(new AbortMultipartUploadCommand({ ...object, UploadId })).catch(() => undefined);
    throw error;
  }
}

export async function startSmtpDoor(
  options: SmtpDoorOptions,
): Promise<{ stop(): Promise<void>; idle(): Promise<void> }> {
  // Deliveries still running, so callers can wait until every accepted mail reached ingest.
  const inFlight = new Set<Promise<void>>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: options.maxBytes,
    banner: 'SEND Hub local mailbox',
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let received = 0;
      // Past the limit the rest is read and dropped: the message is refused, never held in memory.
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || received > options.maxBytes) {
          callback(Object.assign(new Error('message exceeds the size limit'), { responseCode: 552 }));
          return;
        }
        const recipients = session.envelope.rcptTo.map((address) => address.address);
        const receipt = receiptHeaderBlock({
          authentication: options.authentication ?? 'pass',
          recipients: recipients.length,
          at: new Date(),
          by: 'local-smtp-door',
        });
        const raw = Buffer.concat([Buffer.from(receipt), ...chunks]);
        const key = `${options.prefix}${randomUUID()}`;
        storeRawMail(options.s3, options.bucket, key, raw)
          .then(() => {
            callback(null, `queued as ${key}`);
            // Like S3 notifications, delivery is asynchronous to the sender.
            const delivery = options
              .deliver(s3ObjectCreatedEvent(options.bucket, key, raw.length))
              .catch((error: unknown) => options.onError?.(error))
              .finally(() => inFlight.delete(delivery));
            inFlight.add(delivery);
          })
          .catch((error: unknown) => {
            options.onError?.(error);
            callback(Object.assign(new Error('temporary storage failure, try again'), { responseCode: 451 }));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} (SMTP) is already in use: set SMTP_PORT to another port`)
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  server.on('error', (error) => options.onError?.(error));
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
