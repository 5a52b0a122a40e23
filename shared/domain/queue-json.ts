/**
 * The text of a message on the intake queue, apart from the intake message's schemas: the queue
 * adapter needs only this, so a function that queues calls (ingest-phone) does not build the
 * email intake's schemas at cold start. Re-exported by `intake-message.ts`.
 */

/**
 * Characters an SQS message body may not carry raw: U+FFFE and U+FFFF (SQS refuses them), and
 * the surrogate pairs of characters beyond U+FFFF (emoji), which SQS accepts but its local
 * emulator refuses. JSON.stringify already escapes control characters and lone surrogates.
 */
const NOT_FOR_SQS = /[\uD800-\uDFFF\uFFFE\uFFFF]/g;

/**
 * The JSON text of a value as it travels on the intake queue: ordinary JSON (`JSON.parse` reads
 * it back unchanged) with the characters above written as `\uXXXX` escapes, so a message with
 * an emoji or a stray U+FFFF in it can always be queued. Measure queue sizes with this text.
 */
export function toQueueJson(value: unknown): string {
  return JSON.stringify(value).replace(
    NOT_FOR_SQS,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
