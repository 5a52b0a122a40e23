/** What a production stage must get right, checked at synth. */
import { describe, expect, it } from 'vitest';
import { checkProductionStage, isLocalUrl, SES_RECEIVING_REGIONS } from '../../infra/production-checks';
import { parseStageParams, STAGES, type StageParams } from '../../infra/stages';

const ready: StageParams = parseStageParams({
  ...STAGES.prod,
  account: '222222222222',
  web: {
    allowedCountries: ['GB'],
    customDomain: 'send-hub.kent.example.gov.uk',
    certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/0b0d8f5e-1c1e-4a57-9a2e-3c1d1f1a2b3c',
  },
  api: { customDomain: 'api.send-hub.kent.example.gov.uk' },
  auth: {
    domainPrefix: 'kent-send-hub',
    customDomain: 'sign-in.send-hub.kent.example.gov.uk',
    certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/0b0d8f5e-1c1e-4a57-9a2e-3c1d1f1a2b3c',
  },
  mail: { ...STAGES.prod?.mail, domainVerified: true },
});
const dev: StageParams = parseStageParams({ ...STAGES.dev, account: '111111111111' });
const hub = { hub: { webBaseUrl: 'http://127.0.0.1:3000' } } as Parameters<typeof checkProductionStage>[1];

describe('the stage parameters of the sign-in domain', () => {
  it('take a custom sign-in domain only with its certificate', () => {
    expect(() =>
      parseStageParams({
        ...STAGES.prod,
        auth: { domainPrefix: 'kent-send-hub', customDomain: 'sign-in.kent.gov.uk' },
      }),
    ).toThrow(/auth\.certificateArn/);
  });
});

describe('a production stage', () => {
  it('passes when it has its own account, domains, an alarm address and a mail-receiving region', () => {
    expect(checkProductionStage(ready, hub, [dev])).toEqual({ errors: [], warnings: [] });
  });

  it('refuses to share an AWS account with development, or to leave its account open', () => {
    const shared = checkProductionStage({ ...ready, account: '111111111111' }, hub, [dev]);
    expect(shared.errors.join()).toMatch(/prod and dev use the same AWS account/);
    const open = checkProductionStage({ ...ready, account: undefined }, hub, [dev]);
    expect(open.errors.join()).toMatch(/^account: a production stage names its AWS account/);
  });

  it('refuses a region where SES does not receive mail', () => {
    expect(SES_RECEIVING_REGIONS).toContain('eu-west-2');
    const paris = checkProductionStage({ ...ready, region: 'eu-west-3' }, hub, [dev]);
    expect(paris.errors.join()).toMatch(/region eu-west-3 does not receive email/);
    // Development may try such a region, with a warning.
    const devParis = checkProductionStage({ ...dev, region: 'eu-west-3' }, hub, []);
    expect(devParis.errors).toEqual([]);
    expect(devParis.warnings.join()).toMatch(/does not receive email/);
  });

  it("refuses links to a developer's machine and development sign-in origins", () => {
    const local = checkProductionStage(
      { ...ready, web: { allowedCountries: ['GB'], extraCallbackOrigins: ['http://localhost:3000'] } },
      hub,
      [dev],
    );
    expect(local.errors.join('\n')).toMatch(
      /hub\.webBaseUrl in config\/hub\.json is http:\/\/127\.0\.0\.1:3000/,
    );
    expect(local.errors.join('\n')).toMatch(/web\.extraCallbackOrigins: http:\/\/localhost:3000/);
    expect(local.errors.join('\n')).toMatch(/web\.customDomain/);
  });

  it("needs the council's domains for the page and the API, and someone to hear the alarms", () => {
    const bare = checkProductionStage(
      { ...ready, api: {}, auth: { domainPrefix: 'kent-send-hub' }, alarmEmail: undefined },
      hub,
      [dev],
    );
    expect(bare.errors.join('\n')).toMatch(/api\.customDomain/);
    expect(bare.errors.join('\n')).toMatch(/auth\.customDomain and auth\.certificateArn/);
    expect(bare.errors.join('\n')).toMatch(/alarmEmail/);
  });

  it('refuses an inbound mail domain that is also the page, API or sign-in name (MX beside a CNAME)', () => {
    expect(ready.mail.inboundAddress.split('@')[1]).toBe('send-hub-mail.kent.example.gov.uk');
    const onPage = (address: string) =>
      checkProductionStage({ ...ready, mail: { ...ready.mail, inboundAddress: address } }, hub, [dev]);
    expect(onPage('enquiries@send-hub.kent.example.gov.uk').errors.join('\n')).toMatch(
      /mail\.inboundAddress: its domain send-hub\.kent\.example\.gov\.uk is also web\.customDomain/,
    );
    expect(onPage('enquiries@API.send-hub.kent.example.gov.uk').errors.join('\n')).toMatch(
      /is also api\.customDomain/,
    );
    expect(onPage('enquiries@sign-in.send-hub.kent.example.gov.uk').errors.join('\n')).toMatch(
      /is also auth\.customDomain/,
    );
    // A development stage hears of it as a warning.
    const devClash = checkProductionStage(
      { ...dev, web: { ...dev.web, customDomain: 'send-hub-dev-mail.kent.example.gov.uk' } },
      hub,
      [],
    );
    expect(devClash.errors).toEqual([]);
    expect(devClash.warnings.join()).toMatch(/mail\.inboundAddress/);
  });

  it('warns, without stopping the first deploy, while SES has not verified the domain', () => {
    const first = checkProductionStage({ ...ready, mail: { ...ready.mail, domainVerified: false } }, hub, [
      dev,
    ]);
    expect(first.errors).toEqual([]);
    expect(first.warnings.join()).toMatch(/mail\.domainVerified/);
  });

  it('knows local addresses when it sees them', () => {
    for (const url of [
      'http://127.0.0.1:3000',
      'http://localhost',
      'https://10.1.2.3',
      'https://hub.local',
      'not a url',
    ]) {
      expect(isLocalUrl(url), url).toBe(true);
    }
    expect(isLocalUrl('https://send-hub.kent.gov.uk')).toBe(false);
  });
});
