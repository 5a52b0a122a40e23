/** The shapes of the API's answers the page uses (the contract is `GET /openapi.json`). */
import type { District, SafeguardingCategory, Topic } from '../../shared/domain/taxonomy';
import type { CallReference } from '../../shared/finding/call-reference';
import type { ChildRecord, ChildRecordEnquiry } from '../../shared/finding/child-record';
import type { SearchAnswer, SearchResult } from '../../shared/finding/search';
import type { PublicEnquiryStatus } from '../../shared/finding/status-page';
import type { BreachForecast } from '../../shared/workload/breach-forecast';

// Finding people and children: the API's own types (type-only imports: nothing reaches the bundle).
export type {
  BreachForecast,
  CallReference,
  ChildRecord,
  ChildRecordEnquiry,
  District,
  PublicEnquiryStatus,
  SafeguardingCategory,
  SearchAnswer,
  SearchResult,
  Topic,
};

/** What an enquiry says about the child (dates `YYYY-MM-DD`, postcodes without spaces). */
export interface ChildFacts {
  name: string | null;
  dateOfBirth: string | null;
  school: string | null;
  postcode: string | null;
}

export type Priority = 'urgent' | 'high' | 'normal';
export type Status = 'open' | 'waiting-on-enquirer' | 'answered' | 'resolved';
export type Role = 'caseworker' | 'manager' | 'callhandler' | 'admin';

export interface Me {
  username: string;
  name: string | null;
  roles: Role[];
  teams: { id: string; name: string }[];
  /** Every team of the hub (where a manager can transfer work to). */
  hubTeams: { id: string; name: string }[];
  caseworker: Caseworker | null;
  /** May open any team's enquiry with a safeguarding concern and pick up its alert. */
  safeguardingResponder: boolean;
  /** The hub calendar's open time around now: the page counts working time with it. */
  calendar: { timeZone: string; workingDayMinutes: number; open: [string, string][] };
}

export interface Caseworker {
  id: string;
  name: string;
  email: string;
  team: string;
  topics: string[];
  cap: number;
  openCount: number;
  active: boolean;
}

/** A member of staff (`GET /staff`). */
export interface StaffMember {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  teams: string[];
  active: boolean;
  addedAt: string;
}

export interface EnquirySummary {
  id: string;
  subject: string;
  priority: Priority;
  topic: Topic;
  role: string;
  district: District;
  team: string;
  status: Status;
  channel: 'email' | 'phone';
  requesterName: string | null;
  receivedAt: string;
  responseDueAt: string;
  breached: boolean;
  assignee: string | null;
  /** The safeguarding flag in short: a concern stands out and sorts first. */
  safeguarding: { concern: boolean; categories: SafeguardingCategory[]; pickedUp: boolean };
  version: number;
}

export interface Page<T> {
  team?: string;
  items: T[];
  cursor: string | null;
}

export interface Requester {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface Enquiry extends Omit<EnquirySummary, 'safeguarding'> {
  requester: Requester;
  reasons: string[];
  pausedAt: string | null;
  firstRespondedAt: string | null;
  firstResponseWorkingMinutes: number | null;
  resolvedAt: string | null;
  contactCount: number;
  safeguarding: EnquirySafeguarding;
  /** What triage first said (null on enquiries stored before it was kept). */
  triaged: { priority: Priority; topic: Topic; district: District; safeguarding: boolean } | null;
  correctedLabels: CorrectableLabel[];
  child: ChildFacts;
  /** The child record (`CH-…`) it belongs to, if any. */
  childId: string | null;
  /** `auto`: linked (or not) by the router; `manual`: a caseworker decided. */
  childLink: 'auto' | 'manual';
  knownEmails: string[];
  knownPhones: string[];
  acknowledgedAt: string | null;
  /** Set when the mail service refused the acknowledgement for good (with its reason). */
  acknowledgementFailedAt?: string | null;
  acknowledgementFailure?: string | null;
}

export type CorrectableLabel = 'priority' | 'topic' | 'district' | 'safeguarding';

/** The safeguarding flag on one enquiry; `reasons` quote the enquirer's words (untrusted text). */
export interface EnquirySafeguarding {
  concern: boolean;
  categories: SafeguardingCategory[];
  reasons: string[];
  raisedAt: string | null;
  /** The contact whose words raised it; null when a person set it. */
  raisedByContact: string | null;
  raisedBy: string | null;
  alert: DutyAlert | null;
}

export interface DutyAlert {
  concern: number;
  raisedAt: string;
  told: { list: 'duty' | 'out-of-hours'; index: number; email: string; at: string }[];
  nextAlertAt: string | null;
  pickedUpAt: string | null;
  pickedUpBy: string | null;
  pickedUpHow: 'acknowledged' | 'claimed' | null;
}

export type TimelineItem =
  | {
      kind: 'contact';
      at: string;
      id: string;
      direction: 'inbound' | 'outbound';
      channel: 'email' | 'phone';
      automated: boolean;
      from: Requester | null;
      author: string | null;
      subject: string | null;
      body: string;
      bodyTruncated: boolean;
      attachments: { filename: string | null; contentType: string; size: number }[];
    }
  | {
      kind: 'event';
      at: string;
      type: string;
      actor: string;
      detail: Record<string, string | number | boolean | null | string[]>;
    };

export interface Permissions {
  claim: boolean;
  release: boolean;
  respond: boolean;
  note: boolean;
  resolve: boolean;
  reopen: boolean;
  reassign: boolean;
  transfer: boolean;
  correct: boolean;
  acknowledge: boolean;
  /** Resend an acknowledgement the mail service refused. */
  resendAcknowledgement: boolean;
}

export interface EnquiryDetail {
  enquiry: Enquiry;
  timeline: TimelineItem[];
  permissions: Permissions;
}

export interface Dashboard {
  team: string;
  teamName: string;
  generatedAt: string;
  weekStarting: string;
  figures: {
    open: number;
    awaitingResponse: number;
    waitingOnEnquirer: number;
    unclaimed: number;
    breached: number;
    dueToday: number;
    medianFirstResponseMinutesThisWeek: number | null;
    firstResponsesThisWeek: number;
  };
  responseTimes: {
    priority: Priority;
    windowMinutes: number;
    count: number;
    medianMinutes: number | null;
    p90Minutes: number | null;
    withinWindow: number;
  }[];
  backlogByAge: { label: string; count: number }[];
  breachesPerWeek: { weekStarting: string; count: number }[];
  caseloads: { caseworkerId: string; name: string; openCount: number; cap: number; active: boolean }[];
  triageCorrections: { thisWeek: TriageAccuracy; lastWeeks: TriageAccuracy };
  /** Breaches seen coming (null when the API has no availability data). */
  forecast: BreachForecast | null;
}

/** How often people corrected triage's labels on a set of enquiries. */
export interface TriageAccuracy {
  enquiries: number;
  anyCorrected: number;
  anyCorrectedPercent: number | null;
  labels: { label: CorrectableLabel; corrected: number; correctedPercent: number | null }[];
  safeguarding: { missedByTriage: number; clearedByPerson: number };
}

/** One away period (whole local days). */
export interface AwayPeriod {
  from: string;
  to: string;
  handTo: string | null;
}

/** A person the hub emails, their away dates and deputies (`GET /availability`). */
export interface PersonAvailability {
  email: string;
  name: string;
  roles: string[];
  teams: string[];
  caseworkerId: string | null;
  awayPeriods: AwayPeriod[];
  deputies: string[];
  awayNow: AwayPeriod | null;
  coveredBy: string | null;
  whenAway: 'return-to-queue' | 'hand-to-colleague' | null;
  editable: boolean;
}

export interface AvailabilityList {
  people: PersonAvailability[];
  deputyChoices: { email: string; name: string }[];
}
