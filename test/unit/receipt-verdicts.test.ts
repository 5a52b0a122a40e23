import { describe, expect, it } from 'vitest';
import { decideReceivedAt } from '../../shared/domain/received-time';
import {
  hasReceiptHeaders,
  readReceiptVerdicts,
  receiptHeaderBlock,
  senderAuthenticated,
} from '../../shared/intake/receipt-verdicts';

function stored(...headerLines: string[]): Buffer {
  return Buffer.from(`${headerLines.join('\r\n')}\r\nFrom: a@example.org\r\nSubject: x\r\n\r\nbody\r\n`);
}

describe('SES receipt verdicts read from the stored message', () => {
  it('reads spam, virus, SPF, DKIM and DMARC as SES wrote them', () => {
    const verdicts = readReceiptVerdicts(
      stored(
        'Return-Path: <a@example.org>',
        'X-SES-Spam-Verdict: PASS',
        'X-SES-Virus-Verdict: PASS',
        'Received-SPF: pass (spfCheck: ok) client-ip=192.0.2.1;',
        'Authentication-Results: amazonses.com;',
        ' spf=pass (spfCheck: ok) smtp.mailfrom=example.org;',
        ' dkim=pass header.i=@example.org; dmarc=pass header.from=example.org;',
      ),
    );
    expect(verdicts).toEqual({ spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' });
    expect(senderAuthenticated(verdicts)).toBe(true);
  });

  it('lets no sender-written PASS hide an SES FAIL, above or below it', () => {
    expect(readReceiptVerdicts(stored('X-SES-Spam-Verdict: FAIL', 'X-SES-Spam-Verdict: PASS')).spam).toBe(
      'FAIL',
    );
    expect(readReceiptVerdicts(stored('X-SES-Virus-Verdict: PASS', 'X-SES-Virus-Verdict: FAIL')).virus).toBe(
      'FAIL',
    );
  });

  it('takes authentication only from the topmost Authentication-Results, and only when SES wrote it', () => {
    const senderFirst = readReceiptVerdicts(
      stored(
        'Authentication-Results: mx.example.org; dmarc=pass',
        'Authentication-Results: amazonses.com; dmarc=pass',
      ),
    );
    expect(senderFirst.dmarc).toBeNull();
    const forgedBelow = readReceiptVerdicts(
      stored(
        'Authentication-Results: amazonses.com; spf=pass; dkim=none; dmarc=fail',
        'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
      ),
    );
    expect(forgedBelow).toMatchObject({ spf: 'PASS', dkim: 'GRAY', dmarc: 'FAIL' });
    expect(senderAuthenticated(forgedBelow)).toBe(false);
  });

  it('has no verdicts for a message SES never saw', () => {
    const verdicts = readReceiptVerdicts(stored('Date: Mon, 30 Nov 2026 10:00:00 +0000'));
    expect(verdicts).toEqual({ spam: null, virus: null, spf: null, dkim: null, dmarc: null });
    expect(senderAuthenticated(verdicts)).toBe(false);
  });

  it('writes, for stand-ins of SES, a block the same reader understands', () => {
    const block = receiptHeaderBlock({ authentication: 'fail', recipients: 2, at: new Date(0), by: 'door' });
    const raw = Buffer.concat([Buffer.from(block), stored()]);
    expect(hasReceiptHeaders(raw)).toBe(true);
    expect(hasReceiptHeaders(stored())).toBe(false);
    expect(readReceiptVerdicts(raw)).toEqual({
      spam: 'PASS',
      virus: 'PASS',
      spf: 'FAIL',
      dkim: 'FAIL',
      dmarc: 'FAIL',
    });
  });
});

describe('decideReceivedAt', () => {
  const arrivedAt = '2026-11-30T10:00:00.000Z';
  it.each([
    ['a future date, vouched or not', '2027-01-01T00:00:00Z', true, arrivedAt, 'future'],
    ['an unvouched earlier date', '2026-11-20T10:00:00Z', false, arrivedAt, 'not-vouched'],
    ['a vouched date within the limit', '2026-11-20T10:00:00Z', true, '2026-11-20T10:00:00.000Z', null],
    ['a vouched date past the limit', '2026-10-20T10:00:00Z', true, arrivedAt, 'too-old'],
    ['a date within the skew tolerance', '2026-11-30T10:03:00Z', false, arrivedAt, null],
  ])('%s', (_, claimed, vouched, receivedAt, reason) => {
    const decision = decideReceivedAt({ claimed, arrivedAt, vouched });
    expect(decision.receivedAt).toBe(receivedAt);
    expect(decision.distrusted?.reason ?? null).toBe(reason);
  });
});
