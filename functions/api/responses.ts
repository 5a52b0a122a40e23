/**
 * What every operation of the staff API answers on success, by status: the use cases' own zod
 * schemas. The OpenAPI document is generated from this table (`openapi.ts`), the route groups are
 * typed by it (an operation's body must fit its schema), and the integration tests check real
 * answers against it.
 */

import {
  AddedStaff,
  AvailabilityList,
  AvailabilitySet,
  EnquiryDetail,
  EnquiryPage,
  EnquiryView,
  Me,
  RemovedStaff,
  RespondResult,
  TeamDashboard,
} from '../../shared/casework/response-schemas';
import { StaffMember } from '../../shared/casework/staff';
import { Caseworker } from '../../shared/domain/enquiry';
import * as z from '../../shared/domain/zod';
import {
  CallReference,
  ChildRecord,
  PublicEnquiryStatus,
  SearchAnswer,
} from '../../shared/finding/response-schemas';
import { BoardReport } from '../../shared/reporting/response-schemas';
import {
  EnquiryStatutory,
  StatutoryProcessView,
  TeamStatutory,
} from '../../shared/statutory/response-schemas';
import type { OperationId } from './routes';

export const CaseworkerList = z.object({ caseworkers: z.array(Caseworker) });
export const StaffList = z.object({
  staff: z.array(StaffMember).check(z.describe('Current members of staff, by staff id.')),
});

export const RESPONSE_BODIES = {
  listQueue: { 200: EnquiryPage },
  listCaseload: { 200: EnquiryPage },
  getEnquiry: { 200: EnquiryDetail },
  claimEnquiry: { 200: EnquiryView },
  releaseEnquiry: { 200: EnquiryView },
  respondToEnquiry: { 200: RespondResult },
  addNote: { 201: EnquiryView },
  resolveEnquiry: { 200: EnquiryView },
  resendAcknowledgement: { 200: EnquiryView },
  reopenEnquiry: { 200: EnquiryView },
  reassignEnquiry: { 200: EnquiryView },
  transferEnquiry: { 200: EnquiryView },
  correctTriage: { 200: EnquiryView },
  acknowledgeSafeguardingAlert: { 200: EnquiryView },
  getStatutoryProcesses: { 200: EnquiryStatutory },
  startStatutoryProcess: { 201: StatutoryProcessView },
  recordStatutoryMilestone: { 200: StatutoryProcessView },
  addStatutoryException: { 201: StatutoryProcessView },
  getTeamStatutory: { 200: TeamStatutory },
  getDashboard: { 200: TeamDashboard },
  getReport: { 200: BoardReport },
  listCaseworkers: { 200: CaseworkerList },
  putCaseworker: { 200: Caseworker },
  listAvailability: { 200: AvailabilityList },
  setAvailability: { 200: AvailabilitySet },
  listStaff: { 200: StaffList },
  addStaff: { 200: AddedStaff, 201: AddedStaff },
  removeStaff: { 200: RemovedStaff },
  getMe: { 200: Me },
  searchEnquiries: { 200: SearchAnswer },
  getChildRecord: { 200: ChildRecord },
  linkChild: { 200: EnquiryView },
  correctDetails: { 200: EnquiryView },
  getCallReference: { 200: CallReference, 202: CallReference },
  checkStatus: { 200: PublicEnquiryStatus },
} as const satisfies Record<OperationId, Readonly<Record<number, z.core.$ZodType>>>;

type BodySchema<Id extends OperationId> = (typeof RESPONSE_BODIES)[Id][keyof (typeof RESPONSE_BODIES)[Id]];

/** The body an operation answers with (any of its success statuses). */
export type ResponseBody<Id extends OperationId> = z.input<BodySchema<Id> & z.core.$ZodType>;
