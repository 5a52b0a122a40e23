/**
 * Email addresses as the hub compares and stores them. The one normaliser every part uses (the hub's
 * own addresses, do-not-reply lists, key prefixes, staff logins): it lives in the domain because
 * triage and people matching need it and the domain imports nothing outside itself; the mail module
 * (`shared/mail/`) builds on it. Pure.
 */

/** An address as stored and compared: trimmed, lower case. No check that it is an address. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}

/** True when both are the same non-empty address, whatever their case and surrounding space. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const key = addressKey(a);
  return key !== '' && key === addressKey(b);
}

/** The domain of an address, lower case (`Sam@Kent.Example.gov.uk` → `kent.example.gov.uk`). */
export function addressDomain(address: string): string {
  const key = addressKey(address);
  return key.slice(key.lastIndexOf('@') + 1);
}

/** True when an address is in one of `domains` (each lower case, no `@`) or a subdomain of one. */
export function inDomains(address: string, domains: readonly string[]): boolean {
  const domain = addressDomain(address);
  return domains.some((entry) => domain === entry || domain.endsWith(`.${entry}`));
}
