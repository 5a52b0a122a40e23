/**
 * Route group: finding people and children. `GET /search`, `GET /children/{id}`, linking an
 * enquiry to a child record and correcting its details, the call handler's reference for a
 * logged call (`GET /phone-logs/{callId}`), and the parents' public status page (`POST /status`).
 */
import * as z from '../../../shared/domain/zod';
import { callReference } from '../../../shared/finding/call-reference';
import {
  ChildLinkBody,
  correctDetails,
  DetailsBody,
  getChildRecord,
  linkChild,
} from '../../../shared/finding/child-record';
import { searchEnquiries } from '../../../shared/finding/search';
import { lookUpStatus, STATUS_NOT_FOUND_BODY, StatusBody } from '../../../shared/finding/status-page';
import { parseBody, parseQuery } from '../request';
import { type Call, caller, type FindingApiDeps, type HttpHandler, routeGroup } from '../route-group';

const SearchQuery = z.object({ q: z.string({ error: 'is required' }) });

function pathId(call: Call, name: string): string {
  return (call.params[name] ?? '').toUpperCase();
}

/**
 * The address a status attempt is counted against: the first `X-Forwarded-For` hop when a CDN
 * (CloudFront) stands in front, else the connection's address.
 */
function clientAddress(call: Call): string {
  const forwarded = call.event.headers?.['x-forwarded-for']?.split(',')[0]?.trim();
  return forwarded !== undefined && forwarded !== '' ? forwarded : call.event.requestContext.http.sourceIp;
}

export function findingHandler(deps: FindingApiDeps): HttpHandler {
  return routeGroup(deps, {
    searchEnquiries: async (call) => {
      const { q } = parseQuery(call.event, SearchQuery);
      return { body: await searchEnquiries(deps, caller(call), q) };
    },
    getChildRecord: async (call) => ({ body: await getChildRecord(deps, caller(call), pathId(call, 'id')) }),
    linkChild: async (call) => {
      const body = parseBody(call.event, ChildLinkBody);
      return { body: await linkChild(deps, caller(call), pathId(call, 'id'), body) };
    },
    correctDetails: async (call) => {
      const body = parseBody(call.event, DetailsBody);
      return { body: await correctDetails(deps, caller(call), pathId(call, 'id'), body) };
    },
    getCallReference: async (call) => {
      const answer = await callReference(deps, caller(call), call.params.callId ?? '');
      return { status: answer.state === 'pending' ? 202 : 200, body: answer };
    },
    checkStatus: async (call) => {
      const body = parseBody(call.event, StatusBody);
      const answer = await lookUpStatus(deps, body, clientAddress(call), deps.clock());
      switch (answer.kind) {
        case 'found':
          return { body: answer.status };
        case 'not-found':
          return { status: 404, body: STATUS_NOT_FOUND_BODY };
        case 'too-many':
          return {
            status: 429,
            body: {
              error: { code: 'too-many-requests', message: 'Too many tries. Wait a minute and try again.' },
            },
            headers: { 'retry-after': String(answer.retryAfterSeconds) },
          };
      }
    },
  });
}
