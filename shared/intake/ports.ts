/**
 * What the intake use cases need from the outside world, as small interfaces. The S3 and SQS
 * adapters in `shared/adapters/` implement them; tests may pass emulator-backed or in-memory ones.
 */
import type { IntakeMessage } from '../domain/intake-message';
import type { IntakeFailureReason } from './errors';

/** Where one raw MIME message is stored. */
export interface RawMailRef {
  readonly bucket: string;
  readonly key: string;
}

/** The result of reading a raw message with a size limit. */
export type RawMailRead =
  | { readonly kind: 'found'; readonly body: Buffer }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'missing' };

/** What is written beside a message that could not become an intake message. */
export interface IntakeFailureRecord {
  readonly reason: IntakeFailureReason;
  /** Safe text (never quotes the message). */
  readonly detail: string;
  readonly source: RawMailRef;
  /** ISO instant the failure was recorded. */
  readonly recordedAt: string;
}

/** The raw-mail bucket as ingest-email uses it. */
export interface RawMailStore {
  /** Reads a message, refusing (without downloading) one over `maxBytes`. */
  read(ref: RawMailRef, maxBytes: number): Promise<RawMailRead>;
  /** Copies an infected message aside; returns where it now is. Idempotent. */
  quarantine(ref: RawMailRef, recordedAt: string): Promise<RawMailRef>;
  /** Writes the failure record beside the kept raw message; returns where. Idempotent. */
  recordFailure(record: IntakeFailureRecord): Promise<RawMailRef>;
}

/** The intake queue between the ingest functions and the router. */
export interface IntakeQueue {
  /**
   * Sends one message, delivered no sooner than `delaySeconds` (0-900) from now.
   * @throws on failure (the caller retries).
   */
  send(message: IntakeMessage, options?: { readonly delaySeconds?: number }): Promise<void>;
  /** Sends many (batched by the adapter). @throws when any could not be sent after a retry. */
  sendAll(messages: readonly IntakeMessage[]): Promise<void>;
}
