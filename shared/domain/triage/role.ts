/**
 * Role of the enquirer: clues from the sender's domain (`.sch.uk`, `nhs.net`, `parliament.uk`, the
 * council's own), display name ("(Cllr)"), sign-off block ("SENCO", "Social Worker", "Office of ...
 * MP") and own words ("my son", "I'm 17", "I am his grandmother, not his carer") are weighed. Only
 * the enquirer's own words count: a constituent's message below an MP's letter says "my son", but
 * the MP's office is the enquirer. A phone log's `caller.role` is trusted unless the summary
 * decisively says otherwise.
 */
import { byChannel } from '../channels';
import type { IntakeMessage } from '../intake-message';
import { type Channel, ROLES, type Role } from '../taxonomy';
import type { CompiledRules } from './compiled-rules';
import { matchCue, occursIn, snippet } from './cue-matching';
import type { Sentence } from './prepared-text';

/** Whether the enquirer's address says who they are (a school's domain): mail has a sender's; a call's address was typed by us. */
const SENDER_DOMAIN_TELLS: Readonly<Record<Channel, boolean>> = { email: true, phone: false };

export interface RoleDecision {
  readonly role: Role;
  readonly reason: string;
}

type Scope = 'text' | 'signature' | 'name' | 'phone' | 'email';

interface ScopedText {
  readonly scope: Scope;
  readonly text: string;
  readonly factor: number;
}

/** Tie-break: the rarer, more specific role wins a tie. */
const TIE_ORDER: readonly Role[] = [
  'elected-member',
  'professional',
  'school',
  'young-person',
  'other',
  'parent',
];

function domainOf(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  return at < 0 ? null : email.slice(at + 1).toLowerCase();
}

function domainMatches(domain: string, suffix: string): boolean {
  const bare = suffix.replace(/^[.@]/, '');
  return domain === bare || domain.endsWith(`.${bare}`);
}

function scopedTexts(intake: IntakeMessage, sentences: readonly Sentence[]): ScopedText[] {
  const texts: ScopedText[] = [];
  for (const sentence of sentences) {
    if (sentence.source === 'school') continue;
    if (sentence.signature && sentence.segment === 0) {
      texts.push({ scope: 'signature', text: sentence.text, factor: 1 });
      continue;
    }
    // The enquirer's own words: above any forwarded message; their own quoted earlier words count half.
    const own = sentence.segment === 0 && !sentence.quoted;
    if (!own && !sentence.quoted) continue;
    const factor = own ? 1 : 0.5;
    texts.push({ scope: 'text', text: sentence.text, factor });
    texts.push({ scope: intake.channel, text: sentence.text, factor });
  }
  if (intake.requester.name) texts.push({ scope: 'name', text: intake.requester.name, factor: 1 });
  return texts;
}

/** Decides who the enquirer is. `found`: the needles the message contains, or null to check every cue. */
export function decideRole(
  intake: IntakeMessage,
  sentences: readonly Sentence[],
  rules: CompiledRules,
  context: { readonly councilDomains: readonly string[]; readonly hubAddresses: readonly string[] },
  found: ReadonlySet<string> | null = null,
): RoleDecision {
  const settings = rules.file.roles;
  const scores = new Map<Role, number>(ROLES.map((role) => [role, 0]));
  const evidence = new Map<Role, Array<{ weight: number; text: string }>>(ROLES.map((role) => [role, []]));
  const add = (role: Role, weight: number, text: string): void => {
    scores.set(role, (scores.get(role) ?? 0) + weight);
    evidence.get(role)?.push({ weight, text });
  };

  const address = intake.requester.email?.toLowerCase() ?? null;
  // The hub's own mailbox is never an enquirer: its domain says nothing about who wrote.
  const fromHub = address !== null && context.hubAddresses.some((hub) => hub.toLowerCase() === address);
  const domain = SENDER_DOMAIN_TELLS[intake.channel] && !fromHub ? domainOf(address) : null;
  if (domain !== null) {
    const rule = settings.domains.find((entry) => domainMatches(domain, entry.suffix));
    if (rule) add(rule.role, rule.weight, `sender domain ${rule.suffix}`);
    else if (context.councilDomains.some((council) => domainMatches(domain, council))) {
      add(settings.councilDomain.role, settings.councilDomain.weight, 'writes from a council address');
    }
  }

  const texts = scopedTexts(intake, sentences);
  const joined = [...new Set(texts.map((scoped) => scoped.text))].join('\n\u0000\n');
  for (const cue of rules.roleCues) {
    if (!occursIn(cue, joined, found)) continue;
    let best: { weight: number; text: string } | null = null;
    for (const scoped of texts) {
      if (!cue.where.has(scoped.scope)) continue;
      const [match] = matchCue(cue, scoped.text, rules.language, {
        negationWindow: cue.negatable ? 4 : 0,
        hypotheticalSilences: false,
      });
      if (!match) continue;
      const weight = cue.weight * scoped.factor;
      if (best === null || weight > best.weight) {
        const where =
          scoped.scope === 'signature' ? 'signs as' : scoped.scope === 'name' ? 'name shows' : 'says';
        best = { weight, text: `${where} "${snippet(scoped.text, match.index, match.text.length, 40)}"` };
      }
    }
    if (best) add(cue.role, best.weight, best.text);
  }

  const ranked = [...scores.entries()]
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1] || TIE_ORDER.indexOf(a[0]) - TIE_ORDER.indexOf(b[0]));
  const describe = (role: Role): string =>
    (evidence.get(role) ?? [])
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 2)
      .map((entry) => entry.text)
      .join('; ');

  const top = ranked[0];
  const logged = byChannel(intake, { email: () => null, phone: (call) => call.callerRole });
  if (logged !== null) {
    if (top && top[0] !== logged && top[1] >= settings.decisiveWeight && (scores.get(logged) ?? 0) === 0) {
      return { role: top[0], reason: `role: ${top[0]} (${describe(top[0])}; the call log said ${logged})` };
    }
    return { role: logged, reason: `role: ${logged} (the call log says so)` };
  }
  if (!top) {
    return {
      role: settings.fallback,
      reason: `role: ${settings.fallback} (no other clue; the usual enquirer)`,
    };
  }
  return { role: top[0], reason: `role: ${top[0]} (${describe(top[0])})` };
}
