/**
 * What a production stage must get right before anything is deployed, checked at synth so the
 * mistake is found by the platform team rather than by a parent: the region must receive mail, no
 * address may point at a developer's machine, dev and prod must live in separate AWS accounts, and
 * the public entry points must have the council's own domains (so their TLS policy is ours), and
 * the inbound mail subdomain must be a name of its own (its MX cannot sit beside a CNAME).
 */
import type { HubConfig } from '../shared/config/hub-config';
import { StageConfigError, type StageParams } from './stages';

/**
 * Regions where Amazon SES receives email (the "Email receiving endpoints" table of the AWS
 * General Reference page "Amazon Simple Email Service endpoints and quotas", as it stood on
 * 2026-12-07). AWS adds regions from time to time: add one here once that table lists it.
 */
export const SES_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
];

/** An address on this machine, a private network or the local stack. */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return true;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host === '[::1]' ||
    host === '0.0.0.0' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

export interface ProductionCheck {
  /** Problems that stop the synth (each names the setting to change). */
  readonly errors: string[];
  /** Worth a look, but the deploy may go on (e.g. the first deploy before DNS is in place). */
  readonly warnings: string[];
}

/**
 * Checks a stage against the rules above. Development stages get the region rule as a warning
 * only. `others` are the other stages' parameters (to keep dev and prod apart).
 */
export function checkProductionStage(
  params: StageParams,
  config: Pick<HubConfig, 'hub'> | undefined,
  others: readonly StageParams[],
): ProductionCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const problem = (message: string) => (params.production ? errors : warnings).push(message);

  if (!SES_RECEIVING_REGIONS.includes(params.region)) {
    problem(
      `region ${params.region} does not receive email with Amazon SES (receiving regions: ${SES_RECEIVING_REGIONS.join(', ')}); choose one of them`,
    );
  }
  const clash = inboundDomainClash(params);
  if (clash !== undefined) {
    problem(
      `mail.inboundAddress: its domain ${clash.domain} is also ${clash.field}; the inbound MX record cannot sit beside that name's CNAME in DNS, so put the inbound address on a subdomain of its own (e.g. send-hub-mail.<council domain>)`,
    );
  }
  if (!params.production) return { errors, warnings };

  if (params.account === undefined) {
    errors.push(
      'account: a production stage names its AWS account, so that a deploy with the wrong credentials fails instead of building production somewhere else',
    );
  }
  for (const other of others) {
    if (other.stage === params.stage || other.account === undefined) continue;
    if (other.account === params.account) {
      errors.push(
        `account: ${params.stage} and ${other.stage} use the same AWS account (${other.account}); they must be separate (one active SES receipt rule set and one domain identity per account and region, and children's data apart from development)`,
      );
    }
  }
  if (params.web.customDomain === undefined) {
    errors.push(
      "web.customDomain and web.certificateArn: a production stage serves the staff page on the council's domain (TLS 1.2 2021 policy)",
    );
  }
  if (params.auth.customDomain === undefined) {
    errors.push(
      "auth.customDomain and auth.certificateArn: a production stage's staff sign in on the council's domain, not an amazoncognito.com address",
    );
  }
  if (params.api.customDomain === undefined) {
    errors.push(
      "api.customDomain: a production stage serves the API on the council's domain (TLS 1.2 2021 policy)",
    );
  }
  if (params.alarmEmail === undefined) {
    errors.push('alarmEmail: a production stage tells someone when an alarm fires');
  }
  for (const origin of params.web.extraCallbackOrigins) {
    if (isLocalUrl(origin) || !origin.startsWith('https://')) {
      errors.push(
        `web.extraCallbackOrigins: ${origin} is a development address; production signs in only from its own page`,
      );
    }
  }
  const webBaseUrl = effectiveWebBaseUrl(params, config);
  if (webBaseUrl !== undefined && (isLocalUrl(webBaseUrl) || !webBaseUrl.startsWith('https://'))) {
    errors.push(
      `hub.webBaseUrl in ${params.hubConfigFile} is ${webBaseUrl}: emails would link parents and staff to a development address; set web.customDomain (it is used for links) or an https address`,
    );
  }
  if (!params.mail.domainVerified) {
    warnings.push(
      "mail.domainVerified is false: staff invitations come from Cognito's own sender until SES has verified the domain (docs/deploy.md step 6); set it and deploy again before inviting staff",
    );
  }
  return { errors, warnings };
}

/** The custom domain (page, API or sign-in) that the inbound mail domain collides with, if any. */
export function inboundDomainClash(
  params: StageParams,
): { readonly field: string; readonly domain: string } | undefined {
  const domain = (params.mail.inboundAddress.split('@')[1] ?? '').toLowerCase();
  const names: readonly [string, string | undefined][] = [
    ['web.customDomain', params.web.customDomain],
    ['api.customDomain', params.api.customDomain],
    ['auth.customDomain', params.auth.customDomain],
  ];
  for (const [field, name] of names) {
    if (name !== undefined && name.toLowerCase().replace(/\.$/, '') === domain) return { field, domain };
  }
  return undefined;
}

/** The address emails link to: the staff page's custom domain when there is one, else the configuration's. */
export function effectiveWebBaseUrl(
  params: StageParams,
  config: Pick<HubConfig, 'hub'> | undefined,
): string | undefined {
  if (params.web.customDomain !== undefined) return `https://${params.web.customDomain}`;
  return config?.hub.webBaseUrl;
}

/** @throws StageConfigError listing every error, when there are any. */
export function assertProductionReady(check: ProductionCheck, stage: string): void {
  if (check.errors.length === 0) return;
  throw new StageConfigError(`Stage ${stage} is not ready for production:\n  ${check.errors.join('\n  ')}`);
}
