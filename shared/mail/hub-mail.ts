/**
 * The hub's own side of every email: its addresses (the mailbox people write to, the From address
 * and the Reply-To address), the From header, and the Message-IDs of the mail it sends. Every
 * template in `shared/mail/` and every check "is this one of ours?" goes through here, so a new
 * address or a change to the From line is one edit. Pure.
 */
import { createHash } from 'node:crypto';
import type { HubConfig } from '../config/hub-config';
import { addressDomain, addressKey, inDomains } from '../domain/email-address';

/** The hub's own addresses, lower case: the mailbox, the From address and the Reply-To address. */
export function hubAddresses(config: HubConfig): string[] {
  return [
    ...new Set(
      [config.hub.mailbox, config.hub.fromAddress, config.acknowledgement.replyToAddress].map(addressKey),
    ),
  ];
}

/** True when an address is one of the hub's own (mail from it never opens an enquiry or gets a reply). */
export function isHubAddress(config: HubConfig, address: string): boolean {
  return hubAddresses(config).includes(addressKey(address));
}

/** True when an address belongs to the council (staff, councillors): `hub.councilDomains` or a subdomain. */
export function isCouncilAddress(config: HubConfig, address: string): boolean {
  return inDomains(address, config.hub.councilDomains);
}

/**
 * True when an address must never receive an acknowledgement: the hub's own addresses (no mail
 * loops) and `acknowledgement.doNotReply` entries (an address, or a domain and its subdomains).
 */
export function isDoNotReplyAddress(config: HubConfig, address: string): boolean {
  if (isHubAddress(config, address)) return true;
  const key = addressKey(address);
  const domain = addressDomain(key);
  return config.acknowledgement.doNotReply.some((entry) =>
    entry.includes('@') ? entry === key : domain === entry || domain.endsWith(`.${entry}`),
  );
}

/** The domain of the hub's own mail (from `hub.fromAddress`): our Message-IDs live under it. */
export function hubMailDomain(config: HubConfig): string {
  return addressDomain(config.hub.fromAddress);
}

/**
 * The From header of all the hub's mail: the hub's name as a quoted display name (quotes and
 * backslashes dropped, so a name can never break out of the quotes) and its From address.
 */
export function fromHeader(config: HubConfig): string {
  return `"${config.hub.name.replace(/["\\]/g, '')}" <${config.hub.fromAddress}>`;
}

/**
 * A Message-ID of the hub's own mail: `<local@domain>` under the From address's domain. The local
 * part names what the email is (`ack.SEND-7K3M9Q`), so a retried send has the same id and a reply
 * threads back.
 */
export function hubMessageId(config: HubConfig, local: string): string {
  return `<${local}@${hubMailDomain(config)}>`;
}

/** A short stable hex digest of some parts, for Message-IDs of mail made from many facts. */
export function messageIdDigest(parts: readonly string[], length: number): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, length);
}

/**
 * Strips the angle brackets and spaces of a Message-ID (`<abc@host>` and `abc@host` are the same
 * id): how replies are matched to the mail they answer.
 */
export function normaliseMessageId(messageId: string): string {
  return messageId.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}
