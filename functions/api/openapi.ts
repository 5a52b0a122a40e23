/**
 * The OpenAPI 3.1 description of the staff API, written as data. `web/build.ts` publishes it as a
 * static file next to the staff page (`/openapi.json`), so reading the contract never invokes a
 * function. Request bodies and query parameters come from the same zod schemas the
 * handlers validate with; a test checks that it describes exactly the routes of `routes.ts` and
 * the HTTP API's routes to other functions (`shared/adapters/api-definition.ts`).
 */

import * as z from 'zod';
import {
  AddedStaff,
  AvailabilityList,
  AvailabilitySet,
  EnquiryDetail,
  EnquiryPage,
  EnquirySummary,
  EnquiryView,
  Me,
  RemovedStaff,
  RespondResult,
  ShownEnquiry,
  TeamDashboard,
  TimelineItem,
} from '../../shared/casework/response-schemas';
import { StaffMember } from '../../shared/casework/staff';
import { Caseworker, EnquirySafeguarding } from '../../shared/domain/enquiry';
import { Requester } from '../../shared/domain/requester';
import { MilestoneView, ProcessSchedule } from '../../shared/domain/statutory/statutory-clocks';
import { TriageAccuracy } from '../../shared/domain/triage-accuracy';
import { ChildLinkBody, DetailsBody } from '../../shared/finding/child-record';
import {
  CallReference,
  ChildRecord,
  PublicEnquiryStatus,
  SearchAnswer,
  SearchResult,
} from '../../shared/finding/response-schemas';
import { StatusBody } from '../../shared/finding/status-page';
import { ErrorBody } from '../../shared/http/responses';
import { PhoneLogResult } from '../../shared/intake/ingest-phone';
import { PhoneLogEntry } from '../../shared/intake/phone-log';
import { ReportPeriod } from '../../shared/reporting/report-period';
import {
  BoardReport,
  FirstResponseStats,
  ImprovementFigures,
  ImprovementReport,
  ResponseTimeReport,
} from '../../shared/reporting/response-schemas';
import {
  EnquiryStatutory,
  StatutoryProcessView,
  TeamDeadline,
  TeamStatutory,
} from '../../shared/statutory/response-schemas';
import { BreachForecast } from '../../shared/workload/breach-forecast';
import { CaseworkerList, RESPONSE_BODIES, StaffList } from './responses';
import type { OperationId } from './routes';
import { CaseworkerBody, NewStaffBody } from './schemas/admin';
import { AvailabilityBody } from './schemas/availability';
import {
  CorrectionBody,
  NoteBody,
  OptionalVersionBody,
  ReassignBody,
  ReopenBody,
  ResolveBody,
  RespondBody,
  TransferBody,
} from './schemas/casework';
import { StartStatutoryBody, StatutoryExceptionBody, StatutoryMilestoneBody } from './schemas/statutory';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a request schema, without its `$schema` line. */
function schemaOf(schema: z.core.$ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const instant: JsonObject = { type: 'string', format: 'date-time' };

const errorResponse = (description: string): JsonObject => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/**
 * The named schemas of `components.schemas`: the response bodies (and the parts several share),
 * under the names clients see. A body in the table that is not named here is written out inline.
 */
const COMPONENTS = z.registry<{ id: string }>();
for (const [schema, id] of [
  [ErrorBody, 'Error'],
  [Requester, 'Requester'],
  [EnquirySummary, 'EnquirySummary'],
  [EnquiryPage, 'EnquiryPage'],
  [ShownEnquiry, 'Enquiry'],
  [EnquirySafeguarding, 'EnquirySafeguarding'],
  [EnquiryView, 'EnquiryResult'],
  [RespondResult, 'RespondResult'],
  [TimelineItem, 'TimelineItem'],
  [EnquiryDetail, 'EnquiryDetail'],
  [TeamDashboard, 'Dashboard'],
  [TriageAccuracy, 'TriageAccuracy'],
  [BreachForecast, 'BreachForecast'],
  [Caseworker, 'Caseworker'],
  [CaseworkerList, 'CaseworkerList'],
  [StaffMember, 'StaffMember'],
  [StaffList, 'StaffList'],
  [AddedStaff, 'AddedStaff'],
  [RemovedStaff, 'RemovedStaff'],
  [AvailabilityList, 'AvailabilityList'],
  [AvailabilitySet, 'AvailabilitySet'],
  [Me, 'Me'],
  [SearchResult, 'SearchResult'],
  [SearchAnswer, 'SearchAnswer'],
  [ChildRecord, 'ChildRecord'],
  [CallReference, 'CallReference'],
  [PhoneLogResult, 'PhoneLogResult'],
  [PublicEnquiryStatus, 'PublicStatus'],
  [MilestoneView, 'Milestone'],
  [ProcessSchedule, 'ProcessSchedule'],
  [StatutoryProcessView, 'StatutoryProcess'],
  [EnquiryStatutory, 'EnquiryStatutory'],
  [TeamDeadline, 'TeamDeadline'],
  [TeamStatutory, 'TeamStatutory'],
  [ReportPeriod, 'ReportPeriod'],
  [FirstResponseStats, 'FirstResponseStats'],
  [ResponseTimeReport, 'ResponseTimeReport'],
  [ImprovementFigures, 'ImprovementFigures'],
  [ImprovementReport, 'ImprovementReport'],
  [BoardReport, 'BoardReport'],
] as const) {
  COMPONENTS.add(schema, { id });
}

/** `components.schemas`, generated from the zod schemas (output shapes: what the API sends). */
function componentSchemas(): JsonObject {
  const { schemas } = z.toJSONSchema(COMPONENTS, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as unknown as { schemas: Record<string, JsonObject> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...rest }]) => [id, rest]),
  );
}

/** A response body: a reference to its component, or the schema inline when it has no name. */
function responseSchema(schema: z.core.$ZodType): JsonObject {
  const named = COMPONENTS.get(schema);
  if (named !== undefined) return ref(named.id);
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

/** Every success answer of an operation, all with one description. */
function successes(operationId: OperationId, description: string): JsonObject {
  return Object.fromEntries(
    Object.entries(RESPONSE_BODIES[operationId]).map(([status, schema]) => [
      status,
      content(description, schema),
    ]),
  );
}

const content = (description: string, schema: z.core.$ZodType): JsonObject => ({
  description,
  content: { 'application/json': { schema: responseSchema(schema) } },
});

/** A success answer of an operation, with the body `RESPONSE_BODIES` gives it for that status. */
function ok<Id extends OperationId>(
  operationId: Id,
  status: keyof (typeof RESPONSE_BODIES)[Id] & number,
  description: string,
): JsonObject {
  const bodies: Readonly<Record<number, z.core.$ZodType>> = RESPONSE_BODIES[operationId];
  const schema = bodies[status];
  if (schema === undefined) throw new Error(`${operationId} answers no ${status}`);
  return content(description, schema);
}

const ENQUIRY_ID: JsonObject = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The enquiry reference, e.g. SEND-7K3M9Q.',
  schema: { type: 'string', pattern: '^SEND-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$' },
};

const PROCESS_ID: JsonObject = {
  name: 'processId',
  in: 'path',
  required: true,
  description: 'The process id, e.g. ehc-assessment-20260302.',
  schema: { type: 'string', pattern: '^[a-z0-9-]+$' },
};

const TEAM_QUERY: JsonObject = {
  name: 'team',
  in: 'query',
  required: false,
  description: 'Team id. Required when you work in more than one team.',
  schema: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
};

const PAGE_QUERY: JsonObject[] = [
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'The `cursor` of the previous page.',
    schema: { type: 'string' },
  },
  {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Items per page, 1 to 100 (default 50).',
    schema: { type: 'integer', minimum: 1, maximum: 100 },
  },
];

const COMMON_ERRORS: JsonObject = {
  '401': errorResponse('No valid access token.'),
  '403': errorResponse('Your role does not allow this, or the team is not yours.'),
};

const ENQUIRY_ERRORS: JsonObject = {
  ...COMMON_ERRORS,
  '404': errorResponse(
    'No such enquiry in your teams. Enquiries of other teams are answered exactly like missing ones.',
  ),
};

const body = (schema: z.core.$ZodType, required = true): JsonObject => ({
  required,
  content: { 'application/json': { schema: schemaOf(schema) } },
});

function action(
  operationId: OperationId,
  summary: string,
  description: string,
  requestBody: JsonObject,
  conflicts: string,
  extra: JsonObject = {},
): JsonObject {
  return {
    post: {
      operationId,
      summary,
      description,
      tags: ['Enquiries'],
      parameters: [ENQUIRY_ID],
      requestBody,
      responses: {
        ...successes(operationId, 'The enquiry after the change.'),
        '400': errorResponse('A field of the body is missing or wrong; `error.fields` names each.'),
        ...ENQUIRY_ERRORS,
        '409': errorResponse(conflicts),
        '415': errorResponse('The body is not JSON.'),
        ...extra,
      },
    },
  };
}

/**
 * The OpenAPI 3.1 document. `apiBaseUrl` is where the API answers (the page's `apiBaseUrl`;
 * `/` when page and API share an origin).
 */
export function openApiDocument(apiBaseUrl = '/'): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'SEND Hub staff API',
      version: '1.0.0',
      description: [
        'The API caseworkers, managers and administrators of the SEND enquiries hub work through.',
        '',
        "Every route but `POST /status` (the parents' status check) needs a Cognito access token with the `send-hub/api` scope",
        '(`Authorization: Bearer ...`). Roles come from the `cognito:groups` claim (`caseworker`, `manager`,',
        '`callhandler`, `admin`) and teams from `team:<id>` groups; a caseworker also works the team on',
        'their caseworker record.',
        '',
        'Team isolation: an enquiry outside your teams is answered 404, exactly like one that does not',
        'exist, so nothing reveals that it exists. Asking a listing for another team by name is 403.',
        '',
        'Changes carry `expectedVersion` (the `version` you last saw): if someone else changed the',
        'enquiry since, the answer is 409 `version-conflict` and nothing is written. Every error is',
        '`{"error": {"code", "message", "fields"?}}`.',
      ].join('\n'),
    },
    servers: [{ url: apiBaseUrl === '' ? '/' : apiBaseUrl }],
    security: [{ cognito: ['send-hub/api'] }],
    tags: [
      { name: 'Work lists', description: "A team's queue and a caseworker's caseload." },
      {
        name: 'Enquiries',
        description:
          'One enquiry: its timeline, and claiming, answering, noting, resolving and correcting it.',
      },
      {
        name: 'Statutory processes',
        description: 'EHC needs assessments, annual reviews and complaints with their legal deadlines.',
      },
      { name: 'Dashboard', description: "A manager's figures and the improvement board's report." },
      { name: 'Roster', description: 'Caseworkers, their teams, topics and caseload caps.' },
      {
        name: 'Staff',
        description:
          'Members of staff: adding someone in one step and removing a leaver everywhere (administrators).',
      },
      { name: 'Availability', description: 'Who is away and who covers for them.' },
      { name: 'Session', description: 'Who is signed in, with which roles and teams.' },
      { name: 'Phone calls', description: 'Logging calls, one at a time or as a CSV export.' },
      {
        name: 'Finding',
        description:
          'Search, child records, linking enquiries to a child, and the reference for a logged call.',
      },
      { name: 'Status page', description: "Parents' status check: public, no account." },
    ],
    paths: {
      '/queue': {
        get: {
          operationId: 'listQueue',
          summary: "A team's queue",
          description:
            'Unclaimed, unresolved enquiries of a team: most urgent first, then soonest due. Caseworkers and managers of the team.',
          tags: ['Work lists'],
          parameters: [TEAM_QUERY, ...PAGE_QUERY],
          responses: {
            '200': ok('listQueue', 200, 'One page of the queue.'),
            '400': errorResponse(
              'Bad parameter (e.g. `team` missing when you work in several teams, bad cursor).',
            ),
            ...COMMON_ERRORS,
          },
        },
      },
      '/caseload': {
        get: {
          operationId: 'listCaseload',
          summary: 'My caseload',
          description: 'Unresolved enquiries you hold: most urgent first, then soonest due.',
          tags: ['Work lists'],
          parameters: PAGE_QUERY,
          responses: {
            '200': ok('listCaseload', 200, 'One page of your caseload.'),
            '400': errorResponse('Bad parameter.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/enquiries/{id}': {
        get: {
          operationId: 'getEnquiry',
          summary: 'An enquiry with its whole timeline',
          description:
            'The enquiry, every contact (emails and calls in, responses out), audit events (claims, escalations, notes...) in time order, and what you may do with it. Caseworkers and managers of its team may open it; an enquiry that has (or had) a safeguarding concern may also be opened by the safeguarding responders (managers of any team, the head of service, anyone on the duty lists by sign-in email), who may pick up its alert and nothing more.',
          tags: ['Enquiries'],
          parameters: [ENQUIRY_ID],
          responses: { '200': ok('getEnquiry', 200, 'The enquiry.'), ...ENQUIRY_ERRORS },
        },
      },
      '/enquiries/{id}/claim': action(
        'claimEnquiry',
        'Claim from the queue',
        'Take an unclaimed enquiry of your team. Exactly one of any number of concurrent claims wins. Caseworkers only.',
        body(OptionalVersionBody, false),
        '`already-claimed` (someone else holds it), `caseload-full` (you are at your cap), `invalid-transition` (resolved) or `version-conflict`.',
      ),
      '/enquiries/{id}/release': action(
        'releaseEnquiry',
        'Put back in the queue',
        'The holder, or a manager of the team, puts the enquiry back in the team queue.',
        body(OptionalVersionBody, false),
        '`not-assignee`, `invalid-transition` (unclaimed or resolved) or `version-conflict`.',
      ),
      '/enquiries/{id}/respond': action(
        'respondToEnquiry',
        'Respond to the enquirer',
        'Records a response (the first stops the first-response clock and records its working minutes) or, with `askEnquirer`, a question that pauses the clock until the enquirer replies. With `sendEmail` it is emailed to the enquirer, threaded to their messages (In-Reply-To/References) with the reference in the subject. Recorded first, then sent: a repeat of the same request gets 409 and sends nothing.',
        body(RespondBody),
        '`version-conflict`, `not-assignee` (claim it first), `invalid-transition` (resolved, or asking while not awaiting a response), `enquirer-unreachable` (their address bounced before).',
        { '502': errorResponse('Recorded, but the email could not be sent (`email-not-sent`).') },
      ),
      '/enquiries/{id}/notes': {
        post: {
          ...(action(
            'addNote',
            'Add an internal note',
            'A note for colleagues on the timeline; the enquirer never sees it.',
            body(NoteBody),
            '`version-conflict` (only when `expectedVersion` is given).',
          ).post as JsonObject),
          responses: {
            '201': ok('addNote', 201, 'The enquiry after the note.'),
            '400': errorResponse('A field of the body is missing or wrong.'),
            ...ENQUIRY_ERRORS,
            '409': errorResponse('`version-conflict` (only when `expectedVersion` is given).'),
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/enquiries/{id}/resolve': action(
        'resolveEnquiry',
        'Resolve',
        'The holder or a manager closes the enquiry; pending escalations stop. A new contact from the enquirer reopens it.',
        body(ResolveBody),
        '`version-conflict`, `not-assignee` or `invalid-transition` (already resolved).',
      ),
      '/enquiries/{id}/acknowledgement': action(
        'resendAcknowledgement',
        'Resend the acknowledgement',
        "When SES refused the acknowledgement for good, the enquiry shows `acknowledgementFailedAt` and `acknowledgementFailure` (SES's reason) and nothing retries it by itself. A caseworker or manager of its team checks the address and sends it again; it is recorded once SES accepts it.",
        body(OptionalVersionBody, false),
        '`invalid-transition` (already acknowledged), `enquirer-unreachable` (the address bounced before) or `version-conflict`.',
        { '502': errorResponse('SES refused it again (`email-not-sent`); the enquiry records why.') },
      ),
      '/enquiries/{id}/reopen': action(
        'reopenEnquiry',
        'Reopen',
        'The holder or a manager reopens an answered or resolved enquiry with a fresh response window.',
        body(ReopenBody),
        '`version-conflict`, `not-assignee` or `invalid-transition` (not answered or resolved).',
      ),
      '/enquiries/{id}/reassign': action(
        'reassignEnquiry',
        'Reassign (managers)',
        "A manager of the enquiry's team gives it to an active caseworker in one of their teams, within that caseworker's cap, with a reason (audited on the `reassigned` event).",
        body(ReassignBody),
        '`caseload-full` (the caseworker is at their cap), `invalid-transition` (resolved) or `version-conflict`.',
      ),
      '/enquiries/{id}/transfer': action(
        'transferEnquiry',
        'Transfer to another team (managers)',
        "A manager of the enquiry's team moves it to another team's queue with a reason. Nobody there holds it yet; its clock (receipt, due time, escalation steps) is kept. Audited as `reassigned` with `fromTeam`, `toTeam`, `reason` and `kind: transfer`; the receiving team's manager gets a line in their next digest.",
        body(TransferBody),
        '`invalid-transition` (resolved) or `version-conflict`.',
      ),
      '/enquiries/{id}/corrections': action(
        'correctTriage',
        'Correct triage',
        "A caseworker or manager of the enquiry's team changes priority, topic, district (which moves it to that district's team, keeping its clock) or the safeguarding flag, with a reason. Each changed label is audited (`corrected`, before and after) and counted in the triage-accuracy measure.",
        body(CorrectionBody),
        '`version-conflict`.',
      ),
      '/enquiries/{id}/safeguarding/acknowledge': action(
        'acknowledgeSafeguardingAlert',
        'Pick up a safeguarding alert ("I\'m dealing with this")',
        "Picks up the enquiry's safeguarding alert: nobody further down the duty list is told. Caseworkers and managers of the enquiry's team may, and so may managers of any team, the head of service and anyone whose sign-in email (the access token's `email` claim) is on the safeguarding duty or out-of-hours list, from the link in the alert. Claiming the enquiry does the same.",
        body(OptionalVersionBody, false),
        '`version-conflict`.',
      ),
      '/enquiries/{id}/statutory': {
        get: {
          operationId: 'getStatutoryProcesses',
          summary: "An enquiry's statutory processes",
          description:
            'Each process (EHC needs assessment, annual review, complaint) with every milestone: due date with and without exceptions, state (not-started, due, paused, missed, met, met-late, not-needed) and a sentence explaining the date; the exceptions recorded; who did what. When none is running, `proposal` is what triage suggests starting (the caseworker decides).',
          tags: ['Statutory processes'],
          parameters: [ENQUIRY_ID],
          responses: { '200': ok('getStatutoryProcesses', 200, 'The processes.'), ...ENQUIRY_ERRORS },
        },
        post: {
          operationId: 'startStatutoryProcess',
          summary: 'Start a statutory process',
          description:
            'Starts the clocks of a process on the enquiry. `start` defaults to when the hub received the enquiry; an annual review needs the date the plan was issued or last reviewed.',
          tags: ['Statutory processes'],
          parameters: [ENQUIRY_ID],
          requestBody: body(StartStatutoryBody),
          responses: {
            '201': ok('startStatutoryProcess', 201, 'The process with its milestones.'),
            '400': errorResponse(
              'A field is missing or wrong (a start in the future, an annual review without a start).',
            ),
            ...ENQUIRY_ERRORS,
            '409': errorResponse('The same process starting that day is already on the enquiry.'),
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/enquiries/{id}/statutory/{processId}/milestones': {
        post: {
          operationId: 'recordStatutoryMilestone',
          summary: 'Record a milestone done',
          description:
            'Records when a milestone was done (default now) and, where it has one, its outcome (e.g. `assess` or `not-assess`). Recording it again corrects it.',
          tags: ['Statutory processes'],
          parameters: [ENQUIRY_ID, PROCESS_ID],
          requestBody: body(StatutoryMilestoneBody),
          responses: {
            '200': ok('recordStatutoryMilestone', 200, 'The process after the change.'),
            '400': errorResponse('Unknown milestone, missing or unknown outcome, a date in the future.'),
            ...ENQUIRY_ERRORS,
            '409': errorResponse('`version-conflict` (only when `expectedVersion` is given).'),
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/enquiries/{id}/statutory/{processId}/exceptions': {
        post: {
          operationId: 'addStatutoryException',
          summary: 'Record an exception to the time limits',
          description:
            'An exception the regulations (or, for complaints, the code) allow, with its dates and reason. The clock stands still on those dates: running deadlines move later, never earlier.',
          tags: ['Statutory processes'],
          parameters: [ENQUIRY_ID, PROCESS_ID],
          requestBody: body(StatutoryExceptionBody),
          responses: {
            '201': ok('addStatutoryException', 201, 'The process after the change.'),
            '400': errorResponse(
              'Dates out of order, a reason the law does not give for this process, or too short a period.',
            ),
            ...ENQUIRY_ERRORS,
            '409': errorResponse('`version-conflict` (only when `expectedVersion` is given).'),
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/statutory': {
        get: {
          operationId: 'getTeamStatutory',
          summary: "A team's statutory deadlines (managers)",
          description:
            'Milestones of the team’s running processes that are missed, due soon or paused by an exception.',
          tags: ['Statutory processes'],
          parameters: [TEAM_QUERY],
          responses: {
            '200': ok('getTeamStatutory', 200, 'The deadlines.'),
            '400': errorResponse('`team` missing when you manage several teams.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/dashboard': {
        get: {
          operationId: 'getDashboard',
          summary: "A team's figures (managers)",
          tags: ['Dashboard'],
          parameters: [TEAM_QUERY],
          responses: {
            '200': ok('getDashboard', 200, 'The figures.'),
            '400': errorResponse('`team` missing when you manage several teams.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/report': {
        get: {
          operationId: 'getReport',
          summary: "The improvement board's report (managers)",
          description:
            'For any period (18 months and more): the response-time figures, and each improvement-board figure (first responses within the window, median and 90th percentile, backlog by age, repeat contact, 20-week EHC compliance, complaint timeliness, safeguarding pick-up) against a baseline period (default: the same length just before), its configured target, and the quarters ending 3, 6, 12 and 18 months in. `csv` holds the same as one tidy table.',
          tags: ['Dashboard'],
          parameters: [
            {
              name: 'from',
              in: 'query',
              required: true,
              description: 'First day, YYYY-MM-DD.',
              schema: { type: 'string', format: 'date' },
            },
            {
              name: 'to',
              in: 'query',
              required: true,
              description: 'Last day, inclusive.',
              schema: { type: 'string', format: 'date' },
            },
            {
              name: 'baselineFrom',
              in: 'query',
              required: false,
              description: 'First day of the baseline.',
              schema: { type: 'string', format: 'date' },
            },
            {
              name: 'baselineTo',
              in: 'query',
              required: false,
              description: 'Last day of the baseline.',
              schema: { type: 'string', format: 'date' },
            },
            {
              name: 'asOf',
              in: 'query',
              required: false,
              description: 'Judge outcomes at this instant (default now).',
              schema: instant,
            },
          ],
          responses: {
            '200': ok('getReport', 200, 'The report, the improvement figures and the CSV.'),
            '400': errorResponse(
              'A date is missing or wrong, `to` before `from`, or a period over ten years.',
            ),
            ...COMMON_ERRORS,
          },
        },
      },
      '/caseworkers': {
        get: {
          operationId: 'listCaseworkers',
          summary: 'The roster',
          description:
            'Caseworkers of a team (or of every team you may see): administrators see all teams, managers their own.',
          tags: ['Roster'],
          parameters: [{ ...TEAM_QUERY, description: 'Team id; omit for every team you may see.' }],
          responses: {
            '200': ok('listCaseworkers', 200, 'The caseworkers.'),
            '400': errorResponse('Unknown team.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/caseworkers/{id}': {
        put: {
          operationId: 'putCaseworker',
          summary: 'Create or update a caseworker (administrators)',
          description:
            'Sets name, email, team, topics, caseload cap and whether they take work. Their open count is kept; a cap below it only stops new work.',
          tags: ['Roster'],
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Caseworker id (also their sign-in name), e.g. cw-north-4.',
              schema: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
            },
          ],
          requestBody: body(CaseworkerBody),
          responses: {
            '200': ok('putCaseworker', 200, 'The caseworker as stored.'),
            '400': errorResponse('A field is missing or wrong, or the team is not one of the hub.'),
            ...COMMON_ERRORS,
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/search': {
        get: {
          operationId: 'searchEnquiries',
          summary: 'Search enquiries',
          description: [
            'Call handlers, caseworkers and managers. `q` is read as a reference (SEND-7K3M9Q), an email address,',
            'a phone number in any format (matched as E.164), a date of birth (2015-04-02, 02/04/2015, 2 April 2015),',
            "a postcode or outward code, or else a name: every word must start a word of the enquirer's or the child's name.",
            'Results (newest first, at most 50) you may open carry `access: "full"`; another team\'s show that the enquiry',
            'exists, where it stands, the people, the child and whom to ask (`askTeam`), never its messages.',
            'Every search is recorded in the access log with what was searched.',
          ].join(' '),
          tags: ['Finding'],
          parameters: [
            {
              name: 'q',
              in: 'query',
              required: true,
              description: 'What to search for.',
              schema: { type: 'string', maxLength: 200 },
            },
          ],
          responses: {
            '200': ok('searchEnquiries', 200, 'What matched.'),
            '400': errorResponse('`q` is missing, empty or too long.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/children/{id}': {
        get: {
          operationId: 'getChildRecord',
          summary: 'A child record',
          description:
            'Every enquiry about one child (from carers and professionals), the contacts and responses of those you may open, and how many times the family has chased. Recorded in the access log.',
          tags: ['Finding'],
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Child record id, e.g. CH-7K3M9Q.',
              schema: { type: 'string', pattern: '^CH-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$' },
            },
          ],
          responses: {
            '200': ok('getChildRecord', 200, 'The child record.'),
            '404': errorResponse('No such child record.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/enquiries/{id}/child': action(
        'linkChild',
        'Link to a child record, or unlink',
        '`{"to": "SEND-…"}` joins the child record of that enquiry, `{"to": "CH-…"}` a child record, `{"to": null}` unlinks. After this the router no longer links the enquiry automatically.',
        body(ChildLinkBody),
        'The enquiry changed meanwhile; try again.',
      ),
      '/enquiries/{id}/details': action(
        'correctDetails',
        "Correct the child's details, add a number or address",
        "Corrections to the child's name, date of birth, school and postcode, and another phone number or email address the enquirer is known by. Search keys follow in the same write.",
        body(DetailsBody),
        'The enquiry changed meanwhile; try again.',
      ),
      '/phone-logs': {
        post: {
          operationId: 'logPhoneCalls',
          summary: 'Log phone calls',
          description:
            'Call handlers and managers only (served by the ingest-phone function; anyone else 403). One entry, an array of up to 500, or `text/csv` with the same field names (nested ones as `caller.phone`; any other column, or one named twice, is refused naming it). `handledBy` is always the signed-in user: a value in the body is ignored. `receivedAt` may not be later than the request (a few minutes of clock skew are clamped) nor more than 30 days (`intake.maxBackdateDays`) before it. A reference in the `summary` joins that enquiry only if you work in its team or the caller is its enquirer. Valid rows are queued for the router even when others are not. `callId` makes an entry idempotent: posting it again never makes a second enquiry. Ask `GET /phone-logs/{callId}` for the reference once it is routed.',
          tags: ['Phone calls'],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    schemaOf(PhoneLogEntry),
                    { type: 'array', maxItems: 500, items: schemaOf(PhoneLogEntry) },
                  ],
                },
              },
              'text/csv': { schema: { type: 'string', description: 'A header row, then one call per row.' } },
            },
          },
          responses: {
            '200': content('Every row was queued.', PhoneLogResult),
            '207': content('Some rows were queued; `rejected` says which were not and why.', PhoneLogResult),
            '400': errorResponse(
              'No row was valid, or the CSV header names a column a phone log does not have; `error.fields` names each problem by row and field (or `header[i]`).',
            ),
            '413': errorResponse('Over 1 MB or over 500 entries.'),
            '415': errorResponse('Neither JSON nor CSV.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/phone-logs/{callId}': {
        get: {
          operationId: 'getCallReference',
          summary: 'The reference for a logged call',
          description:
            'Call handlers (their own calls) and managers. 202 `{"state": "pending"}` until the router has recorded the call; then 200 with the reference, the team and the date the caller will hear back, to read out on the phone.',
          tags: ['Finding'],
          parameters: [
            {
              name: 'callId',
              in: 'path',
              required: true,
              description: 'The callId the call was logged with.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': ok('getCallReference', 200, 'The call is recorded.'),
            '202': ok('getCallReference', 202, 'Not recorded yet: ask again in a moment.'),
            '404': errorResponse('Logged by another call handler.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/status': {
        post: {
          operationId: 'checkStatus',
          summary: "A parent's status check (no account)",
          description:
            'Public. The reference and the email address or phone number (any format) the enquiry came from. Answers where it stands (received, with a caseworker, waiting for you, answered, closed), the team, the promised date and the last update, nothing else. Any mismatch is the same 404 as an unknown reference. More than 20 tries a minute for one reference, or 30 from one client, is 429 with `Retry-After`.',
          tags: ['Status page'],
          security: [],
          requestBody: body(StatusBody),
          responses: {
            '200': ok('checkStatus', 200, 'Where the enquiry stands.'),
            '400': errorResponse('`reference` or `verifier` is missing or too long.'),
            '404': errorResponse('No enquiry with that reference and email or phone.'),
            '429': errorResponse('Too many tries: wait a minute.'),
          },
        },
      },
      '/availability': {
        get: {
          operationId: 'listAvailability',
          summary: 'Who is away and who covers',
          description:
            "The people the caller may manage (a caseworker: themselves; a manager: their teams' caseworkers and manager address; an administrator: everyone the hub emails), each with away periods (whole local days), deputies (addresses, first choice first), whether they are away today and who covers for them; and `deputyChoices`, everyone who can be a deputy.",
          tags: ['Availability'],
          parameters: [TEAM_QUERY],
          responses: {
            '200': ok('listAvailability', 200, 'The people and their availability.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/availability/{person}': {
        put: {
          operationId: 'setAvailability',
          summary: 'Mark someone away, and name their deputies',
          description:
            "Replaces the person's away periods and deputies. While away, their escalations and safeguarding duty alerts go to their first deputy who is in (the digest says whom the deputy covers for). A caseworker's open enquiries go back to the team queue, or to the colleague named in `handTo` when their team hands work over (`teams[].whenCaseworkerAway`): at once when the period has started, otherwise when it starts. `handedOver` counts what moved now.",
          tags: ['Availability'],
          parameters: [
            {
              name: 'person',
              in: 'path',
              required: true,
              description: 'A caseworker id (e.g. cw-north-1) or the address of someone the hub emails.',
              schema: { type: 'string', minLength: 1, maxLength: 254 },
            },
          ],
          requestBody: body(AvailabilityBody),
          responses: {
            '200': ok('setAvailability', 200, 'The person as stored, and what was handed over now.'),
            '400': errorResponse(
              'A field is missing or wrong; `error.fields` names each (e.g. `awayPeriods[0].handTo`).',
            ),
            ...COMMON_ERRORS,
            '404': errorResponse('Nobody the hub emails is called that.'),
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/staff': {
        get: {
          operationId: 'listStaff',
          summary: 'Everyone working at the hub (administrators)',
          tags: ['Staff'],
          responses: {
            '200': ok('listStaff', 200, 'Current members of staff, by staff id.'),
            ...COMMON_ERRORS,
          },
        },
        post: {
          operationId: 'addStaff',
          summary: 'Add a member of staff in one step (administrators)',
          description:
            'Creates their sign-in (the directory emails them a temporary password) or links the existing one with that email address, puts them in their role and team groups, records them and, for a caseworker, puts them on the team roster. Repeating it brings everything up to date.',
          tags: ['Staff'],
          requestBody: body(NewStaffBody),
          responses: {
            '201': ok('addStaff', 201, 'Added; an invitation was emailed.'),
            '200': ok('addStaff', 200, 'Brought up to date; their existing sign-in was linked.'),
            '400': errorResponse('A field is missing or wrong, or a team is not one of the hub.'),
            '409': errorResponse('The staff id belongs to someone else.'),
            ...COMMON_ERRORS,
            '415': errorResponse('The body is not JSON.'),
          },
        },
      },
      '/staff/{id}': {
        delete: {
          operationId: 'removeStaff',
          summary: 'Remove a leaver everywhere (administrators)',
          description:
            'Signs them out and deletes their sign-in, refuses their remaining token at once, takes them off the roster and puts every enquiry they held back in the team queue. Their record is kept, marked removed.',
          tags: ['Staff'],
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Staff id, e.g. cw-north-4, or their email address.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': ok('removeStaff', 200, 'Removed.'),
            '404': errorResponse('No member of staff by that id.'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/me': {
        get: {
          operationId: 'getMe',
          summary: 'Who am I',
          description: 'Your username, roles, teams and caseworker record (if any).',
          tags: ['Session'],
          responses: { '200': ok('getMe', 200, 'You.'), '401': errorResponse('No valid access token.') },
        },
      },
    },
    components: {
      securitySchemes: {
        cognito: {
          type: 'oauth2',
          description: 'Cognito hosted sign-in (authorisation code with PKCE); send the access token.',
          flows: {
            authorizationCode: {
              authorizationUrl: '/oauth2/authorize',
              tokenUrl: '/oauth2/token',
              scopes: { 'send-hub/api': 'Use the SEND Hub API' },
            },
          },
        },
      },
      schemas: componentSchemas(),
    },
  };
}
