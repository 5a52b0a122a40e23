/**
 * The hub's configuration: who the hub is, its business calendar, teams and caseworkers, service
 * levels with their escalation ladders, acknowledgements and repeat-contact rules. Parsed once with
 * zod when loaded; a bad file fails naming the field, e.g.
 * `config/hub.json: teams[2].managerEmail: Invalid email address`. Pure: reading the file is
 * `load-hub-config.ts`'s job.
 */

import { toDotPath } from 'zod/v4/core';
import {
  BusinessCalendarSchema,
  type CalendarJsonInput,
  DEFAULT_TIME_ZONE,
} from '../domain/business-calendar';
import { InternalError } from '../domain/errors';
import { ImprovementSettings } from '../domain/improvement-settings';
import type { ReceivedTimePolicy } from '../domain/received-time';
import {
  ESCALATION_AUDIENCES,
  EscalationAudience,
  EscalationStep,
  escalationStepMinutes,
} from '../domain/service-level';
import { StatutorySettings } from '../domain/statutory/statutory-settings';
import { ConfigId, DISTRICTS, District, Priority, TOPICS, Topic } from '../domain/taxonomy';
import * as z from '../domain/zod';

/** The configuration cannot be used; `field` is the dot path of the first bad field. */
export class HubConfigError extends InternalError {
  constructor(
    message: string,
    readonly field: string | null,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

const DOMAIN_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

const Id = ConfigId;
const Email = z.pipe(
  z.email(),
  z.transform((email) => email.toLowerCase()),
);
const Domain = z
  .string()
  .check(z.trim())
  .check(z.toLowerCase())
  .check(z.regex(DOMAIN_PATTERN, 'must be a domain name, e.g. "example.gov.uk"'));

const HubIdentity = z.strictObject({
  name: z.string().check(z.trim()).check(z.minLength(1)),
  /** The hub mailbox enquirers write to (and that forwards to SES). */
  mailbox: Email,
  /** Staff and councillors write from these; such senders are never the enquirer of a forward. */
  councilDomains: z.array(Domain).check(z.minLength(1)),
  /** From address of the hub's own mail (acknowledgements, escalations, reports). */
  fromAddress: Email,
  /** Base of links in emails, e.g. to an enquiry on the caseworker web page. */
  webBaseUrl: z.pipe(
    z._default(z.url({ protocol: /^https?$/ }), 'http://127.0.0.1:3000'),
    z.transform((url) => url.replace(/\/+$/, '')),
  ),
  /** Told at once about repeat contacts. */
  hubManagerEmail: Email,
});

const Team = z.strictObject({
  id: Id,
  name: z.string().check(z.trim()).check(z.minLength(1)),
  districts: z.array(District),
  managerEmail: Email,
  headOfServiceEmail: Email,
  /** Hand new enquiries straight to a caseworker instead of leaving them in the team queue. */
  autoAssign: z._default(z.boolean(), false),
  /**
   * What happens to a caseworker's open enquiries when they are marked away: back to the team
   * queue, or handed to the colleague named when they are marked away (docs/managers.md).
   */
  whenCaseworkerAway: z._default(z.enum(['return-to-queue', 'hand-to-colleague']), 'return-to-queue'),
});
/** A team as configured: the districts it serves and who to tell. */
export type Team = z.output<typeof Team>;

const Caseworker = z.strictObject({
  id: Id,
  name: z.string().check(z.trim()).check(z.minLength(1)),
  email: Email,
  /** Team id (must be one of `teams`). */
  team: Id,
  /** Topics they take; every topic when absent. */
  topics: z._default(z.array(Topic).check(z.minLength(1)), () => [...TOPICS]),
  /** Most open enquiries they may hold. */
  cap: z._default(z.int().check(z.positive()), 250),
});
/** A caseworker as configured (the roster); not the domain's caseload record. */
export type CaseworkerConfig = z.output<typeof Caseworker>;

export { ESCALATION_AUDIENCES, EscalationAudience, EscalationStep, escalationStepMinutes };

const DEFAULT_LADDER: EscalationStep[] = [
  { id: 'warning', at: { fractionOfWindow: 0.75 }, notify: 'assignee-or-team' },
  { id: 'breach', at: { fractionOfWindow: 1 }, notify: 'team-manager' },
  { id: 'head-of-service', at: { afterBreachMinutes: 480 }, notify: 'head-of-service' },
];

const DEFAULT_FIRST_RESPONSE_MINUTES: Record<Priority, number> = { urgent: 240, high: 960, normal: 2400 };

function serviceLevelPolicy(priority: Priority) {
  return z.prefault(
    z
      .strictObject({
        /** Working minutes from receipt to the first response. */
        firstResponseMinutes: z._default(
          z.number().check(z.positive()),
          DEFAULT_FIRST_RESPONSE_MINUTES[priority],
        ),
        escalation: z._default(z.array(EscalationStep), () => DEFAULT_LADDER.map((step) => ({ ...step }))),
      })
      .check(
        z.superRefine((policy, ctx) => {
          const seen = new Set<string>();
          let previous: { id: string; minutes: number } | null = null;
          policy.escalation.forEach((step, index) => {
            if (seen.has(step.id)) {
              ctx.addIssue({
                code: 'custom',
                path: ['escalation', index, 'id'],
                message: `duplicate step id "${step.id}"`,
              });
            }
            seen.add(step.id);
            const minutes = escalationStepMinutes(policy, step);
            if (previous && minutes <= previous.minutes) {
              ctx.addIssue({
                code: 'custom',
                path: ['escalation', index, 'at'],
                message: `step "${step.id}" comes at ${minutes} working minutes, not after step "${previous.id}" at ${previous.minutes}: list steps in time order`,
              });
            }
            previous = { id: step.id, minutes };
          });
        }),
      ),
    {},
  );
}

const ServiceLevels = z.prefault(
  z.strictObject({
    urgent: serviceLevelPolicy('urgent'),
    high: serviceLevelPolicy('high'),
    normal: serviceLevelPolicy('normal'),
  }),
  {},
);

/** One priority's response window and escalation ladder. */
export type PriorityPolicy = z.output<ReturnType<typeof serviceLevelPolicy>>;

const EmailCheck = z.email();

/** An address (`noreply@example.org`) or a whole domain (`example.org` or `@example.org`). */
const AddressOrDomain = z
  .pipe(
    z.string().check(z.trim()).check(z.toLowerCase()),
    z.transform((entry) => entry.replace(/^@/, '')),
  )
  .check(
    z.refine((entry) => EmailCheck.safeParse(entry).success || DOMAIN_PATTERN.test(entry), {
      message: 'must be an email address or a domain, e.g. "example.org"',
    }),
  );

const Acknowledgement = z.strictObject({
  enabled: z._default(z.boolean(), true),
  /** Reply-To of acknowledgements: a reply must thread back into the hub. */
  replyToAddress: Email,
  /** Senders never acknowledged (besides the hub's own addresses). */
  doNotReply: z._default(z.array(AddressOrDomain), []),
  /** Plain-English "what happens next" paragraph of the acknowledgement. */
  whatHappensNext: z.string().check(z.trim()).check(z.minLength(1)),
});

/**
 * The SES account's maximum sending rate (its quota; SES starts a production account at 14 a
 * second, the sandbox at 1). Acknowledgements, alerts and digests are paced to stay under it, and
 * a throttling answer is waited out and retried, never dead-lettered (docs/performance.md).
 */
const Sending = z.prefault(
  z.strictObject({
    maxPerSecond: z._default(z.number().check(z.positive()).check(z.lte(10_000)), 14),
  }),
  {},
);

const RepeatContact = z.prefault(
  z.strictObject({
    /** The contact count about one open matter at which it is treated as a repeat contact. */
    threshold: z._default(z.int().check(z.gte(2)), 3),
    /** The least priority a repeat contact gets. */
    minimumPriority: z._default(Priority, 'high'),
  }),
  {},
);

const DutyContact = z.strictObject({
  name: z.string().check(z.trim()).check(z.minLength(1)),
  email: Email,
});
/** A person on a duty safeguarding list. */
export type DutyContact = z.output<typeof DutyContact>;

const PhoneText = z.string().check(z.trim()).check(z.minLength(1));

/** Who is told at once about a safeguarding concern, and what an enquirer is told to do now. */
const SafeguardingConfig = z.prefault(
  z.strictObject({
    /** Told in the hub calendar's open hours, first to last (empty: the hub manager). */
    dutyContacts: z._default(z.array(DutyContact), []),
    /** Told outside open hours, first to last (empty: the hub manager). */
    outOfHours: z._default(z.array(DutyContact), []),
    /** Working minutes (hub calendar) a duty contact has to pick an alert up before the next is told. */
    pickupWorkingMinutes: z._default(z.int().check(z.positive()), 30),
    /** Elapsed minutes an out-of-hours contact has before the next is told (on call: the clock never stops). */
    outOfHoursPickupMinutes: z._default(z.int().check(z.positive()), 30),
    /** Numbers in the acknowledgement of an enquiry with a concern; the council confirms them. */
    whatToDoNow: z.prefault(
      z.strictObject({
        hubPhone: z._default(PhoneText, '03000 419994'),
        hubHours: z._default(PhoneText, 'Monday to Friday, 9am to 5pm'),
        emergency: z._default(PhoneText, '999'),
        childrensSocialCare: z._default(PhoneText, '03000 411111'),
        childrensSocialCareOutOfHours: z._default(PhoneText, '03000 419191'),
      }),
      {},
    ),
  }),
  {},
);
/** The parsed `safeguarding` section. */
export type SafeguardingConfig = z.output<typeof SafeguardingConfig>;
const IntakeSettings = z.prefault(
  z.strictObject({
    /**
     * How far before the hub received it an enquiry may be dated: by the Sent line of a forward
     * council staff made (and SES authenticated), or by a call handler's log. Never later than receipt.
     */
    maxBackdateDays: z._default(z.int().check(z.positive()).check(z.lte(366)), 30),
    /** Clock differences up to this are ordinary skew: no timeline note, and a call's time is clamped. */
    clockToleranceMinutes: z._default(z.number().check(z.nonnegative()).check(z.lte(60)), 5),
  }),
  {},
);

const StatusPage = z.prefault(
  z.strictObject({
    /** Where parents reach the status page (the acknowledgement links to `<publicBaseUrl>/status`). */
    publicBaseUrl: z.pipe(
      z._default(z.url({ protocol: /^https?$/ }), 'http://127.0.0.1:3000'),
      z.transform((url) => url.replace(/\/+$/, '')),
    ),
    /** Attempts allowed per reference in a minute (right or wrong) before 429. */
    attemptsPerReferencePerMinute: z._default(z.int().check(z.gte(1)), 20),
    /** Attempts allowed per client (IP address) in a minute before 429. */
    attemptsPerClientPerMinute: z._default(z.int().check(z.gte(1)), 30),
  }),
  {},
);

const ChaserReplies = z.prefault(
  z.strictObject({
    /** A chaser (email or call) gets a short status reply, at most once a day per enquiry. */
    enabled: z._default(z.boolean(), true),
  }),
  {},
);

const PickedUpEmail = z.prefault(
  z.strictObject({
    /** Email the enquirer once when their enquiry is first claimed. */
    enabled: z._default(z.boolean(), true),
    /** Name the caseworker by first name in it (a council's choice). */
    includeCaseworkerFirstName: z._default(z.boolean(), false),
  }),
  {},
);

const AccessAudit = z.prefault(
  z.strictObject({
    /** Days the record of searches and opened records is kept (DynamoDB TTL). */
    retentionDays: z._default(z.int().check(z.gte(1)), 730),
  }),
  {},
);

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A manager's day: claims that expire, digest pacing and the morning summary (docs/managers.md). */
const WorkloadConfig = z.prefault(
  z.strictObject({
    /**
     * Working minutes (hub calendar) a claimed enquiry awaiting a response may go without its
     * holder doing anything (a note, a response, a question to the enquirer) before it goes back to
     * the team queue. 0 keeps claims for ever.
     */
    claimExpiresAfterWorkingMinutes: z._default(z.int().check(z.nonnegative()), 480),
    /**
     * Least minutes between two digests to the same person; new urgent breaches go at once (and
     * take everything waiting with them). Safeguarding duty alerts never wait: they are not digests.
     */
    digestMinutesApart: z._default(z.int().check(z.nonnegative()), 60),
    /** Local time (hub calendar zone) of each team's morning summary, sent on open days only. */
    morningSummaryAt: z._default(
      z.string().check(z.regex(LOCAL_TIME, 'must be a 24-hour time like "08:00"')),
      '08:00',
    ),
    /** Working days of first responses the breach forecast takes the team's pace from. */
    forecastPaceWorkingDays: z._default(z.int().check(z.gte(1)).check(z.lte(60)), 10),
  }),
  {},
);
/** The parsed `workload` section. */
export type WorkloadConfig = z.output<typeof WorkloadConfig>;

/**
 * How long a resolved enquiry is kept. Default six years (2,192 days) after resolution: the
 * "last action + 6 years" rule of local-authority records retention schedules for service
 * enquiries and complaints (the Limitation Act 1980's six years), as docs/retention.md explains,
 * with what was assumed. The council's records manager sets the real figure here.
 */
const RetentionSettings = z.prefault(
  z.strictObject({
    afterResolutionDays: z._default(z.int().check(z.positive()), 2192),
    /** DynamoDB TTL deletes the enquiry item this long after the period if the sweep has not (backstop only). */
    ttlGraceDays: z._default(z.int().check(z.nonnegative()), 30),
    /** Most enquiries one sweep purges (the next sweep takes the rest). */
    sweepBatch: z._default(z.int().check(z.positive()).check(z.lte(10_000)), 500),
  }),
  {},
);

const DEFAULT_CALENDAR: CalendarJsonInput = {
  timeZone: DEFAULT_TIME_ZONE,
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  bankHolidays: 'england-and-wales',
};

/** The hub configuration schema (zod); output is the parsed {@link HubConfig}. */
export const HubConfigSchema = z
  .strictObject({
    hub: HubIdentity,
    calendar: z.prefault(BusinessCalendarSchema, DEFAULT_CALENDAR),
    teams: z.array(Team).check(z.minLength(1)),
    caseworkers: z._default(z.array(Caseworker), []),
    serviceLevels: ServiceLevels,
    acknowledgement: Acknowledgement,
    /** How fast SES lets the hub send (the account's quota). */
    sending: Sending,
    repeatContact: RepeatContact,
    /** The parents' status page (no account): its address and how many tries it allows. */
    statusPage: StatusPage,
    chaserReplies: ChaserReplies,
    pickedUpEmail: PickedUpEmail,
    /** Who searched for what and opened which record. */
    accessAudit: AccessAudit,
    /** Statutory clocks (EHC assessment, annual review, complaints): docs/statutory-clocks.md. */
    statutory: StatutorySettings,
    /** The improvement board's targets and checkpoints for `send-hub report`. */
    improvement: ImprovementSettings,
    safeguarding: SafeguardingConfig,
    intake: IntakeSettings,
    workload: WorkloadConfig,
    retention: RetentionSettings,
  })
  .check(
    z.superRefine((config, ctx) => {
      const teamIds = new Set<string>();
      const servedBy = new Map<District, string>();
      config.teams.forEach((team, teamIndex) => {
        if (teamIds.has(team.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['teams', teamIndex, 'id'],
            message: `duplicate team id "${team.id}"`,
          });
        }
        teamIds.add(team.id);
        team.districts.forEach((district, districtIndex) => {
          const other = servedBy.get(district);
          if (other !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['teams', teamIndex, 'districts', districtIndex],
              message: `${district} is already served by team "${other}": each district belongs to one team`,
            });
          } else {
            servedBy.set(district, team.id);
          }
        });
      });
      const unserved = DISTRICTS.filter((district) => !servedBy.has(district));
      if (unserved.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['teams'],
          message: `no team serves ${unserved.join(', ')}: every district (including out-of-area and unknown) needs one`,
        });
      }
      const caseworkerIds = new Set<string>();
      config.caseworkers.forEach((caseworker, index) => {
        if (caseworkerIds.has(caseworker.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['caseworkers', index, 'id'],
            message: `duplicate caseworker id "${caseworker.id}"`,
          });
        }
        caseworkerIds.add(caseworker.id);
        if (!teamIds.has(caseworker.team)) {
          ctx.addIssue({
            code: 'custom',
            path: ['caseworkers', index, 'team'],
            message: `unknown team "${caseworker.team}" (teams: ${[...teamIds].join(', ')})`,
          });
        }
      });
    }),
  );

/** The parsed hub configuration. */
export type HubConfig = z.output<typeof HubConfigSchema>;
/** The hub configuration as written in `config/hub.json` (defaults not yet applied). */
export type HubConfigInput = z.input<typeof HubConfigSchema>;

/**
 * Validates a hub configuration and applies defaults.
 * @param source where it came from, prefixed to messages (e.g. `config/hub.json`).
 * @throws HubConfigError naming every bad field, e.g. `config/hub.json: teams[2].managerEmail: Invalid email address`.
 */
export function parseHubConfig(json: unknown, source = 'hub configuration'): HubConfig {
  const result = HubConfigSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${toDotPath(issue.path) || '(top level)'}: ${issue.message}`,
    );
    const first = result.error.issues[0];
    throw new HubConfigError(`${source}: ${problems.join('; ')}`, first ? toDotPath(first.path) : null, {
      cause: result.error,
    });
  }
  return result.data;
}

/** The team serving a district (configuration guarantees exactly one). */
export function teamForDistrict(config: HubConfig, district: District): Team {
  const team = config.teams.find((candidate) => candidate.districts.includes(district));
  if (!team) throw new HubConfigError(`no team serves ${district}`, 'teams');
  return team;
}

/** A team by id, or undefined. */
export function teamById(config: HubConfig, teamId: string): Team | undefined {
  return config.teams.find((team) => team.id === teamId);
}

/** The caseworkers of a team, in configuration order. */
export function caseworkersOfTeam(config: HubConfig, teamId: string): CaseworkerConfig[] {
  return config.caseworkers.filter((caseworker) => caseworker.team === teamId);
}

/** The service-level policy (response window and escalation ladder) of a priority. */
export function policyFor(config: HubConfig, priority: Priority): PriorityPolicy {
  return config.serviceLevels[priority];
}

/** Where staff open an enquiry from an email: the web page's enquiry view (hash route). */
export function enquiryLink(config: HubConfig, enquiryId: string): string {
  return `${config.hub.webBaseUrl.replace(/\/+$/, '')}/#/enquiries/${encodeURIComponent(enquiryId)}`;
}

/** How far intake may believe a written date (see `intake` in the configuration). */
export function receivedTimePolicy(config: HubConfig): ReceivedTimePolicy {
  return {
    maxBackdateDays: config.intake.maxBackdateDays,
    toleranceMinutes: config.intake.clockToleranceMinutes,
  };
}

/** The parents' status page, linked from acknowledgements and status replies. */
export function statusPageLink(config: HubConfig): string {
  return `${config.statusPage.publicBaseUrl}/status`;
}

/** The display name of a team (its id when it is not configured). */
export function teamName(config: HubConfig, teamId: string): string {
  return teamById(config, teamId)?.name ?? teamId;
}

/** Retention options of the enquiry repository (the TTL backstop of resolved enquiries). */
export function retentionRepositoryOptions(config: HubConfig): {
  retainAfterResolutionSeconds: number;
  ttlGraceSeconds: number;
} {
  return {
    retainAfterResolutionSeconds: config.retention.afterResolutionDays * 86_400,
    ttlGraceSeconds: config.retention.ttlGraceDays * 86_400,
  };
}
