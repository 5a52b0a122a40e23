/**
 * SES's receipt verdicts, read from the raw message as the SES S3 action stores it. SES prepends
 * its own headers above everything the sender wrote (`X-SES-Spam-Verdict`, `X-SES-Virus-Verdict`,
 * `Authentication-Results: amazonses.com; spf=…; dkim=…; dmarc=…`), so the topmost of each is
 * SES's and anything lower was written by the sender. A sender can therefore add a `PASS` of their
 * own but never hide SES's `FAIL`: the topmost value counts, and any `FAIL` anywhere is a `FAIL`.
 *
 * The local SMTP door and `send-hub triage` stand in for SES and write the same block
 * (`receiptHeaderBlock`), so one reader serves production, the local stack and the CLI.
 */

/** A verdict as SES writes it. */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface ReceiptVerdicts {
  readonly spam: SesVerdict | null;
  readonly virus: SesVerdict | null;
  readonly spf: SesVerdict | null;
  readonly dkim: SesVerdict | null;
  readonly dmarc: SesVerdict | null;
}

/** The authserv-id SES writes in its `Authentication-Results` header. */
export const SES_AUTHSERV_ID = 'amazonses.com';

/** Headers are read from at most this many bytes of the message start (SES's block is tiny). */
const HEAD_LIMIT = 256 * 1024;

const VERDICTS = new Set<string>(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']);

export interface HeaderField {
  /** Lower case. */
  readonly name: string;
  /** Unfolded, trimmed. */
  readonly value: string;
}

/** The top-level header fields of a raw message, in order, read without parsing the body. */
export function topLevelHeaders(raw: Buffer): HeaderField[] {
  const head = raw.subarray(0, Math.min(raw.length, HEAD_LIMIT)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** The value of the topmost header of that name, or null. */
export function rawHeaderValue(raw: Buffer, name: string): string | null {
  const wanted = name.toLowerCase();
  return topLevelHeaders(raw).find((field) => field.name === wanted)?.value ?? null;
}

function asVerdict(value: string): SesVerdict | null {
  const upper = value.trim().toUpperCase();
  return VERDICTS.has(upper) ? (upper as SesVerdict) : null;
}

/** Topmost value, unless any of them says FAIL. */
function strictest(values: readonly (SesVerdict | null)[]): SesVerdict | null {
  if (values.includes('FAIL')) return 'FAIL';
  return values.find((value) => value !== null) ?? null;
}

/** RFC 8601 result words as SES's verdict words. */
function resultVerdict(result: string): SesVerdict {
  switch (result.toLowerCase()) {
    case 'pass':
      return 'PASS';
    case 'fail':
    case 'softfail':
    case 'hardfail':
      return 'FAIL';
    case 'temperror':
    case 'permerror':
      return 'PROCESSING_FAILED';
    default:
      return 'GRAY';
  }
}

type Method = 'spf' | 'dkim' | 'dmarc';

/** `amazonses.com; spf=pass (…) …; dkim=pass header.i=…; dmarc=pass header.from=…` → results per method. */
function authenticationResults(value: string): { authservId: string; results: Map<Method, SesVerdict[]> } {
  const [authservId = '', ...rest] = value.split(';');
  const results = new Map<Method, SesVerdict[]>();
  for (const part of rest) {
    const match = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const method = match[1].toLowerCase() as Method;
    results.set(method, [...(results.get(method) ?? []), resultVerdict(match[2])]);
  }
  return { authservId: authservId.trim().toLowerCase(), results };
}

/**
 * SES's verdicts for a stored message. Spam and virus: the topmost `X-SES-*-Verdict`, or FAIL if
 * any says so. SPF, DKIM, DMARC: from the topmost `Authentication-Results` when SES wrote it
 * (authserv-id `amazonses.com`), FAIL when any `amazonses.com` result below says fail; a message
 * whose topmost `Authentication-Results` is not SES's has no authentication verdicts at all.
 */
export function readReceiptVerdicts(raw: Buffer): ReceiptVerdicts {
  const fields = topLevelHeaders(raw);
  const values = (name: string) =>
    fields.filter((field) => field.name === name).map((field) => asVerdict(field.value));
  const authentication = fields
    .filter((field) => field.name === 'authentication-results')
    .map((field) => authenticationResults(field.value));
  const top = authentication[0];
  const sesResults = top?.authservId === SES_AUTHSERV_ID ? top.results : new Map<Method, SesVerdict[]>();
  const method = (name: Method): SesVerdict | null => {
    const anyFail = authentication.some(
      (header) => header.authservId === SES_AUTHSERV_ID && header.results.get(name)?.includes('FAIL'),
    );
    if (anyFail) return 'FAIL';
    const own = sesResults.get(name) ?? [];
    if (own.length === 0) return null;
    return own.includes('PASS') ? 'PASS' : (own[0] ?? null);
  };
  return {
    spam: strictest(values('x-ses-spam-verdict')),
    virus: strictest(values('x-ses-virus-verdict')),
    spf: method('spf'),
    dkim: method('dkim'),
    dmarc: method('dmarc'),
  };
}

/** True when SES found the sender authentic on every count: SPF, DKIM and DMARC all PASS. */
export function senderAuthenticated(verdicts: ReceiptVerdicts): boolean {
  return verdicts.spf === 'PASS' && verdicts.dkim === 'PASS' && verdicts.dmarc === 'PASS';
}

/** True when the message already carries the block SES (or a stand-in for it) prepends. */
export function hasReceiptHeaders(raw: Buffer): boolean {
  const first = topLevelHeaders(raw).slice(0, 12);
  return first.some((field) => field.name === 'x-ses-receipt' || field.name === 'x-ses-spam-verdict');
}

/** How a stand-in for SES judges mail it cannot check against DNS. */
export type StandInAuthentication = 'pass' | 'fail';

/**
 * The header block SES prepends, for stand-ins (the local SMTP door, `send-hub triage`): scan
 * verdicts PASS (nothing is scanned locally) and SPF/DKIM/DMARC as `authentication` says.
 */
export function receiptHeaderBlock(options: {
  readonly authentication: StandInAuthentication;
  readonly recipients: number;
  readonly at: Date;
  readonly by: string;
}): string {
  const result = options.authentication;
  return [
    `Received: from ${options.by} by send-hub.local; ${options.at.toUTCString()}`,
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    `Authentication-Results: ${SES_AUTHSERV_ID}; spf=${result} (stand-in: ${options.by}); dkim=${result}; dmarc=${result};`,
    `X-SES-Receipt: local; recipients=${options.recipients}`,
    '',
  ].join('\r\n');
}

/**
 * A message file as SES would have stored it: one that carries no SES receipt block gets the block
 * a stand-in writes (offline triage, fixtures), so its sender is judged as the local stack would.
 */
export function asStoredByStandIn(
  raw: Buffer,
  options: { readonly authentication: StandInAuthentication; readonly at: Date; readonly by: string },
): Buffer {
  if (hasReceiptHeaders(raw)) return raw;
  return Buffer.concat([Buffer.from(receiptHeaderBlock({ ...options, recipients: 1 })), raw]);
}
