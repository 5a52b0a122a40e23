/**
 * The shapes of the API's answers the page uses: the API's own response schemas' types (the same zod
 * schemas `GET /openapi.json` is generated from). Type-only imports, so no zod reaches the bundle.
 */
import type { StaffRole } from '../../shared/access/principal';
import type { AvailabilityList, PersonAvailability } from '../../shared/casework/availability-actions';
import type {
  EnquiryDetail,
  EnquiryPage,
  EnquirySummary,
  ShownEnquiry,
  TimelineItem,
} from '../../shared/casework/enquiry-views';
import type { StaffMember } from '../../shared/casework/staff';
import type { TeamDashboard } from '../../shared/casework/team-dashboard';
import type { Me } from '../../shared/casework/who-am-i';
import type {
  Caseworker,
  CorrectableLabel,
  DutyAlert,
  EnquirySafeguarding,
  EnquiryStatus,
} from '../../shared/domain/enquiry';
import type { Requester } from '../../shared/domain/intake-message';
import type { ChildFacts } from '../../shared/domain/people';
import type { MilestoneView } from '../../shared/domain/statutory/statutory-clocks';
import type { District, Priority, SafeguardingCategory, Topic } from '../../shared/domain/taxonomy';
import type { TriageAccuracy } from '../../shared/domain/triage-accuracy';
import type { CallReference } from '../../shared/finding/call-reference';
import type { ChildRecord, ChildRecordEnquiry } from '../../shared/finding/child-record';
import type { SearchAnswer, SearchResult } from '../../shared/finding/search';
import type { PublicEnquiryStatus } from '../../shared/finding/status-page';
import type { BoardReport } from '../../shared/reporting/board-report';
import type { FigureComparison } from '../../shared/reporting/improvement-report';
import type {
  EnquiryStatutory,
  StatutoryProcessView,
  TeamStatutory,
} from '../../shared/statutory/statutory-casework';
import type { BreachForecast } from '../../shared/workload/breach-forecast';

export type {
  AvailabilityList,
  BoardReport,
  BreachForecast,
  CallReference,
  Caseworker,
  ChildFacts,
  ChildRecord,
  ChildRecordEnquiry,
  CorrectableLabel,
  District,
  DutyAlert,
  EnquiryDetail,
  EnquirySafeguarding,
  EnquiryStatutory,
  EnquirySummary,
  FigureComparison,
  Me,
  MilestoneView,
  PersonAvailability,
  Priority,
  PublicEnquiryStatus,
  Requester,
  SafeguardingCategory,
  SearchAnswer,
  SearchResult,
  StaffMember,
  StatutoryProcessView,
  TeamStatutory,
  TimelineItem,
  Topic,
  TriageAccuracy,
};

/** The enquiry as `GET /enquiries/{id}` and every change answer it. */
export type Enquiry = ShownEnquiry;
export type Dashboard = TeamDashboard;
export type Status = EnquiryStatus;
export type Role = StaffRole;
/** One page of a work list (the page only lists enquiries). */
export type Page<T extends EnquirySummary = EnquirySummary> = Omit<EnquiryPage, 'items'> & { items: T[] };
