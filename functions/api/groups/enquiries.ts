/**
 * Route group: one enquiry. `GET /enquiries/{id}` and the actions on it (claim, release, respond,
 * notes, resolve, reopen, reassign). Bodies are validated here; the use cases decide the rest.
 */

import { acknowledgeSafeguardingAlert, correctTriage } from '../../../shared/casework/correct-triage';
import {
  addNote,
  claimEnquiry,
  getEnquiryDetail,
  reassignEnquiry,
  releaseEnquiry,
  reopenEnquiry,
  resolveEnquiry,
} from '../../../shared/casework/enquiry-actions';
import { resendAcknowledgement } from '../../../shared/casework/resend-acknowledgement';
import { respondToEnquiry } from '../../../shared/casework/respond-to-enquiry';
import { transferEnquiry } from '../../../shared/casework/transfer-enquiry';
import { recordAccess } from '../../../shared/finding/finding-context';
import { tellEnquirerPickedUp } from '../../../shared/finding/picked-up';
import { parseBody } from '../request';
import { type Call, type CaseworkApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import {
  CorrectionBody,
  NoteBody,
  OptionalVersionBody,
  ReassignBody,
  ReopenBody,
  ResolveBody,
  RespondBody,
  TransferBody,
} from '../schemas/casework';

function enquiryId(call: Call): string {
  return (call.params.id ?? '').toUpperCase();
}

export function enquiriesHandler(deps: CaseworkApiDeps): HttpHandler {
  return routeGroup(deps, {
    getEnquiry: async (call) => {
      const detail = await getEnquiryDetail(deps, caller(call), enquiryId(call));
      await recordAccess(deps, caller(call), 'open-enquiry', null, [detail.enquiry.id]);
      return { body: detail };
    },
    claimEnquiry: async (call) => {
      const body = parseBody(call.event, OptionalVersionBody);
      const claimed = await claimEnquiry(deps, caller(call), enquiryId(call), body.expectedVersion);
      return { body: await tellEnquirerPickedUp(deps, caller(call), claimed) };
    },
    releaseEnquiry: async (call) => {
      const body = parseBody(call.event, OptionalVersionBody);
      return { body: await releaseEnquiry(deps, caller(call), enquiryId(call), body.expectedVersion) };
    },
    respondToEnquiry: async (call) => {
      const body = parseBody(call.event, RespondBody);
      const result = await respondToEnquiry(deps, caller(call), enquiryId(call), body);
      if (result.firstResponse) {
        const { team, priority, firstResponseWorkingMinutes } = result.enquiry;
        deps.metrics?.firstResponse({ team, priority }, firstResponseWorkingMinutes ?? 0);
      }
      return { body: result };
    },
    addNote: async (call) => {
      const body = parseBody(call.event, NoteBody);
      return { status: 201, body: await addNote(deps, caller(call), enquiryId(call), body) };
    },
    resolveEnquiry: async (call) => {
      const body = parseBody(call.event, ResolveBody);
      return { body: await resolveEnquiry(deps, caller(call), enquiryId(call), body) };
    },
    resendAcknowledgement: async (call) => {
      const body = parseBody(call.event, OptionalVersionBody);
      return { body: await resendAcknowledgement(deps, caller(call), enquiryId(call), body) };
    },
    reopenEnquiry: async (call) => {
      const body = parseBody(call.event, ReopenBody);
      return { body: await reopenEnquiry(deps, caller(call), enquiryId(call), body) };
    },
    reassignEnquiry: async (call) => {
      const body = parseBody(call.event, ReassignBody);
      const assigned = await reassignEnquiry(deps, caller(call), enquiryId(call), body);
      return { body: await tellEnquirerPickedUp(deps, caller(call), assigned) };
    },
    transferEnquiry: async (call) => {
      const body = parseBody(call.event, TransferBody);
      return { body: await transferEnquiry(deps, caller(call), enquiryId(call), body) };
    },
    correctTriage: async (call) => {
      const body = parseBody(call.event, CorrectionBody);
      return { body: await correctTriage(deps, caller(call), enquiryId(call), body) };
    },
    acknowledgeSafeguardingAlert: async (call) => ({
      body: await acknowledgeSafeguardingAlert(deps, caller(call), enquiryId(call)),
    }),
  });
}
