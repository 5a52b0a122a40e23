/**
 * How a contact's body is kept on its item. DynamoDB bills a write per started KB of the item, and
 * a contact item is written once and read only with its enquiry's timeline: a body longer than a
 * few lines is stored brotli-compressed (`bodyZ`, binary; about a third of the size for English
 * text), a short one as it is (`body`). Reading accepts either, so items written before keep
 * being read as they are. Only this module knows the stored form.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/** Bodies up to this many bytes are kept as text: compressing them saves too little to matter. */
export const PLAIN_BODY_MAX_BYTES = 200;

/** Attribute holding a compressed body (instead of `body`). */
export const COMPRESSED_BODY_ATTRIBUTE = 'bodyZ';

/**
 * The attributes of a contact item as stored: `body` as it is when short or when compressing
 * would not make it smaller, else `bodyZ` in its place.
 */
export function storedContactBody<T extends { body: string }>(
  contact: T,
): Omit<T, 'body'> & { body?: string; bodyZ?: Uint8Array } {
  const text = Buffer.from(contact.body, 'utf8');
  if (text.byteLength <= PLAIN_BODY_MAX_BYTES) return contact;
  // Quality 5: most of the size saving of 11 at a small fraction of its CPU time, for a few KB.
  const packed = brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: text.byteLength,
    },
  });
  if (packed.byteLength >= text.byteLength) return contact;
  const { body: _plain, ...rest } = contact;
  return { ...rest, [COMPRESSED_BODY_ATTRIBUTE]: new Uint8Array(packed) };
}

/** A stored contact item with its body as text again (`body`), whichever form it was kept in. */
export function readContactBody(item: Record<string, unknown>): Record<string, unknown> {
  const packed = item[COMPRESSED_BODY_ATTRIBUTE];
  if (!(packed instanceof Uint8Array)) return item;
  const { [COMPRESSED_BODY_ATTRIBUTE]: _packed, ...rest } = item;
  return { ...rest, body: brotliDecompressSync(packed).toString('utf8') };
}
