/**
 * The OpenAPI 3.1 description of the staff API, written as data. `web/build.ts` publishes it as a
 * static file next to the staff page (`/openapi.json`), so reading the contract never invokes a
 * function. Request bodies and query parameters come from the same zod schemas the
 * handlers validate with; a test checks that it describes exactly the routes of `routes.ts` and
 * the HTTP API's routes to other functions (`shared/adapters/api-definition.ts`).
 */
import * as z from 'zod';
import { STAFF_ROLES } from '../../shared/access/principal';
import { CORRECTABLE_LABELS, DUTY_LISTS, ENQUIRY_STATUSES, PICKUP_KINDS } from '../../shared/domain/enquiry';
import {
  CHANNELS,
  DISTRICTS,
  PRIORITIES,
  ROLES,
  SAFEGUARDING_CATEGORIES,
  TOPICS,
} from '../../shared/domain/taxonomy';
import { ChildLinkBody, DetailsBody } from '../../shared/finding/child-record';
import { StatusBody } from '../../shared/finding/status-page';
import { PhoneLogEntry } from '../../shared/intake/phone-log';
import {
  AvailabilityBody,
  CaseworkerBody,
  CorrectionBody,
  NewStaffBody,
  NoteBody,
  OptionalVersionBody,
  ReassignBody,
  ReopenBody,
  ResolveBody,
  RespondBody,
  StartStatutoryBody,
  StatutoryExceptionBody,
  StatutoryMilestoneBody,
  TransferBody,
} from './schemas';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a request schema, without its `$schema` line. */
function schemaOf(schema: z.ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonObject): JsonObject => ({ oneOf: [schema, { type: 'null' }] });
const instant: JsonObject = { type: 'string', format: 'date-time' };
const enumOf = (values: readonly string[]): JsonObject => ({ type: 'string', enum: [...values] });

const errorResponse = (description: string): JsonObject => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const ok = (description: string, schema: JsonObject): JsonObject => ({
  description,
  content: { 'application/json': { schema } },
});

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

const body = (schema: z.ZodType, required = true): JsonObject => ({
  required,
  content: { 'application/json': { schema: schemaOf(schema) } },
});

function action(
  operationId: string,
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
        '200': ok('The enquiry after the change.', ref('EnquiryResult')),
        '400': errorResponse('A field of the body is missing or wrong; `error.fields` names each.'),
        ...ENQUIRY_ERRORS,
        '409': errorResponse(conflicts),
        '415': errorResponse('The body is not JSON.'),
        ...extra,
      },
    },
  };
}

const CHILD_FACTS: JsonObject = {
  type: 'object',
  properties: {
    name: nullable({ type: 'string' }),
    dateOfBirth: nullable({ type: 'string', format: 'date' }),
    school: nullable({ type: 'string' }),
    postcode: nullable({ type: 'string', description: 'Without spaces, e.g. CT92AB.' }),
  },
};
const PUBLIC_STATUSES = ['received', 'with-a-caseworker', 'waiting-for-you', 'answered', 'closed'];
const SEARCH_RESULT: JsonObject = {
  type: 'object',
  required: ['reference', 'access', 'status', 'team', 'receivedAt', 'responseDueAt'],
  properties: {
    reference: { type: 'string' },
    access: enumOf(['full', 'limited']),
    status: enumOf(ENQUIRY_STATUSES),
    publicStatus: enumOf(PUBLIC_STATUSES),
    team: { type: 'string' },
    teamName: { type: 'string' },
    receivedAt: instant,
    responseDueAt: instant,
    promisedByText: nullable({
      type: 'string',
      description:
        'While a reply is due: the date as the enquirer is told it, e.g. 5pm on Friday 27 November 2026.',
    }),
    lastContactAt: instant,
    resolvedAt: nullable(instant),
    requester: { type: 'object' },
    knownEmails: { type: 'array', items: { type: 'string' } },
    knownPhones: { type: 'array', items: { type: 'string' } },
    child: CHILD_FACTS,
    childId: nullable({ type: 'string' }),
    askTeam: {
      type: 'object',
      properties: { name: { type: 'string' }, managerEmail: nullable({ type: 'string' }) },
    },
    subject: nullable({ type: 'string', description: 'Only when access is full.' }),
    priority: nullable(enumOf(PRIORITIES)),
    topic: nullable(enumOf(TOPICS)),
    assignee: nullable({ type: 'string' }),
    breached: nullable({ type: 'boolean' }),
  },
};

const SCHEMAS: JsonObject = {
  SearchResult: SEARCH_RESULT,
  SearchAnswer: {
    type: 'object',
    required: ['query', 'matchedBy', 'results', 'truncated'],
    properties: {
      query: { type: 'string' },
      matchedBy: enumOf(['reference', 'email', 'phone', 'date-of-birth', 'postcode', 'outward-code', 'name']),
      results: { type: 'array', items: ref('SearchResult') },
      truncated: { type: 'boolean' },
    },
  },
  ChildRecord: {
    type: 'object',
    required: ['childId', 'child', 'enquiries', 'familyChases'],
    properties: {
      childId: { type: 'string' },
      child: CHILD_FACTS,
      familyChases: {
        type: 'integer',
        description: 'Contacts from the family after their first, over every enquiry.',
      },
      enquiries: {
        type: 'array',
        items: {
          allOf: [
            ref('SearchResult'),
            {
              type: 'object',
              properties: {
                role: enumOf(ROLES),
                contactCount: { type: 'integer' },
                timeline: {
                  type: 'array',
                  items: { type: 'object' },
                  description: 'Contacts and responses; empty for enquiries you may not open.',
                },
              },
            },
          ],
        },
      },
    },
  },
  CallReference: {
    type: 'object',
    required: ['callId', 'state'],
    properties: {
      callId: { type: 'string' },
      state: enumOf(['pending', 'routed']),
      reference: { type: 'string' },
      status: enumOf(PUBLIC_STATUSES),
      teamName: { type: 'string' },
      responseDueAt: instant,
      responseDueText: { type: 'string', description: 'e.g. 5pm on Friday 27 November 2026' },
      joinedExisting: { type: 'boolean' },
    },
  },
  PhoneLogResult: {
    type: 'object',
    required: ['accepted', 'rejected'],
    properties: {
      accepted: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            index: { type: 'integer' },
            callId: { type: 'string' },
            intakeId: { type: 'string' },
          },
        },
      },
      rejected: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            index: { type: 'integer' },
            line: { type: 'integer', description: 'The CSV line, for CSV bodies.' },
            callId: nullable({ type: 'string' }),
            fields: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
  PublicStatus: {
    type: 'object',
    required: ['reference', 'status', 'statusText', 'teamName', 'promisedBy', 'lastUpdate'],
    properties: {
      reference: { type: 'string' },
      status: enumOf(PUBLIC_STATUSES),
      statusText: { type: 'string' },
      teamName: { type: 'string' },
      promisedBy: nullable(instant),
      promisedByText: nullable({ type: 'string' }),
      lastUpdate: instant,
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description:
              'Stable code, e.g. `unauthorized`, `forbidden`, `enquiry-not-found`, `request-validation`, `version-conflict`, `already-claimed`, `caseload-full`, `not-assignee`, `invalid-transition`, `internal`.',
          },
          message: { type: 'string', description: 'Plain English, safe to show.' },
          fields: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'message'],
              properties: { path: { type: 'string' }, message: { type: 'string' } },
            },
          },
          correlationId: { type: 'string', description: 'On 5xx answers: quote it to support.' },
        },
      },
    },
  },
  Requester: {
    type: 'object',
    properties: {
      name: nullable({ type: 'string' }),
      email: nullable({ type: 'string' }),
      phone: nullable({ type: 'string', description: 'E.164' }),
    },
  },
  EnquirySummary: {
    type: 'object',
    required: ['id', 'priority', 'responseDueAt', 'version'],
    properties: {
      id: { type: 'string' },
      subject: { type: 'string' },
      priority: enumOf(PRIORITIES),
      topic: enumOf(TOPICS),
      role: enumOf(ROLES),
      district: enumOf(DISTRICTS),
      team: { type: 'string' },
      status: enumOf(ENQUIRY_STATUSES),
      channel: enumOf(CHANNELS),
      requesterName: nullable({ type: 'string' }),
      receivedAt: instant,
      responseDueAt: instant,
      warningAt: nullable(instant),
      breached: { type: 'boolean', description: 'Awaiting a response past its due time.' },
      assignee: nullable({ type: 'string' }),
      claimedAt: nullable(instant),
      contactCount: { type: 'integer' },
      contactsSinceResponse: { type: 'integer' },
      firstRespondedAt: nullable(instant),
      safeguarding: {
        type: 'object',
        description: 'The safeguarding flag: a concern stands out and sorts first in the list.',
        properties: {
          concern: { type: 'boolean' },
          categories: { type: 'array', items: enumOf(SAFEGUARDING_CATEGORIES) },
          pickedUp: { type: 'boolean', description: 'A person picked up its duty alert (or none was sent).' },
        },
      },
      version: { type: 'integer', description: 'Send it back as `expectedVersion`.' },
    },
  },
  EnquiryPage: {
    type: 'object',
    required: ['items', 'cursor'],
    properties: {
      team: { type: 'string' },
      items: { type: 'array', items: ref('EnquirySummary') },
      cursor: nullable({ type: 'string', description: 'Pass back for the next page; null on the last.' }),
    },
  },
  Enquiry: {
    type: 'object',
    description: 'The whole enquiry record (see shared/domain/enquiry.ts), plus `breached`.',
    required: ['id', 'status', 'version'],
    properties: {
      id: { type: 'string' },
      requester: ref('Requester'),
      role: enumOf(ROLES),
      topic: enumOf(TOPICS),
      priority: enumOf(PRIORITIES),
      district: enumOf(DISTRICTS),
      team: { type: 'string' },
      reasons: { type: 'array', items: { type: 'string' }, description: 'Why triage chose these.' },
      channel: enumOf(CHANNELS),
      subject: { type: 'string' },
      status: enumOf(ENQUIRY_STATUSES),
      receivedAt: instant,
      responseDueAt: instant,
      warningAt: nullable(instant),
      pausedAt: nullable(instant),
      firstRespondedAt: nullable(instant),
      firstResponseWorkingMinutes: nullable({ type: 'number' }),
      lastRespondedAt: nullable(instant),
      resolvedAt: nullable(instant),
      assignee: nullable({ type: 'string' }),
      claimedAt: nullable(instant),
      contactCount: { type: 'integer' },
      safeguarding: ref('EnquirySafeguarding'),
      triaged: nullable({
        type: 'object',
        description: 'What triage first said (before any correction).',
        properties: {
          priority: enumOf(PRIORITIES),
          topic: enumOf(TOPICS),
          district: enumOf(DISTRICTS),
          safeguarding: { type: 'boolean' },
        },
      }),
      correctedLabels: { type: 'array', items: enumOf(CORRECTABLE_LABELS) },
      version: { type: 'integer' },
      breached: { type: 'boolean' },
    },
  },
  EnquirySafeguarding: {
    type: 'object',
    description:
      'The safeguarding flag, apart from priority (a concern makes the enquiry urgent). `reasons` quote the words that raised it.',
    required: ['concern', 'categories', 'reasons'],
    properties: {
      concern: { type: 'boolean' },
      categories: { type: 'array', items: enumOf(SAFEGUARDING_CATEGORIES) },
      reasons: { type: 'array', items: { type: 'string' } },
      raisedAt: nullable(instant),
      raisedByContact: nullable({
        type: 'string',
        description: 'The contact whose words raised it; null when a person set it.',
      }),
      raisedBy: nullable({ type: 'string' }),
      alert: nullable({
        type: 'object',
        description: 'The duty alert: who was told, when the next person is due, who picked it up.',
        properties: {
          concern: { type: 'integer' },
          raisedAt: instant,
          told: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                list: enumOf(DUTY_LISTS),
                index: { type: 'integer' },
                email: { type: 'string' },
                at: instant,
              },
            },
          },
          nextAlertAt: nullable(instant),
          pickedUpAt: nullable(instant),
          pickedUpBy: nullable({ type: 'string' }),
          pickedUpHow: nullable(enumOf(PICKUP_KINDS)),
        },
      }),
    },
  },
  EnquiryResult: {
    type: 'object',
    required: ['enquiry'],
    properties: {
      enquiry: ref('Enquiry'),
      emailed: { type: 'boolean', description: 'Respond only: whether an email went to the enquirer.' },
    },
  },
  TimelineItem: {
    oneOf: [
      {
        type: 'object',
        description: 'A message in or out. `body` is untrusted text: show it as text, never as HTML.',
        required: ['kind', 'at', 'direction', 'body'],
        properties: {
          kind: { const: 'contact' },
          at: instant,
          id: { type: 'string' },
          direction: enumOf(['inbound', 'outbound']),
          channel: enumOf(CHANNELS),
          automated: { type: 'boolean' },
          from: nullable(ref('Requester')),
          author: nullable({ type: 'string' }),
          subject: nullable({ type: 'string' }),
          body: { type: 'string' },
          bodyTruncated: { type: 'boolean' },
          attachments: { type: 'array', items: { type: 'object' } },
        },
      },
      {
        type: 'object',
        description: 'An audit event: claimed, responded, note, escalated, resolved...',
        required: ['kind', 'at', 'type', 'actor'],
        properties: {
          kind: { const: 'event' },
          at: instant,
          type: { type: 'string' },
          actor: { type: 'string' },
          detail: { type: 'object' },
        },
      },
    ],
  },
  EnquiryDetail: {
    type: 'object',
    required: ['enquiry', 'timeline', 'permissions'],
    properties: {
      enquiry: ref('Enquiry'),
      timeline: { type: 'array', items: ref('TimelineItem') },
      permissions: {
        type: 'object',
        description: 'What you may do with it now.',
        properties: Object.fromEntries(
          [
            'claim',
            'release',
            'respond',
            'note',
            'resolve',
            'reopen',
            'reassign',
            'correct',
            'acknowledge',
          ].map((name) => [name, { type: 'boolean' }]),
        ),
      },
    },
  },
  Dashboard: {
    type: 'object',
    description:
      'Team figures. `breached`: awaiting a response past due. `dueToday`: awaiting a response, due later today (hub time zone). Median first response: working minutes, first responses made this week (Monday start). Breaches per week: first responses that were (or still are) late, counted in the week they fell due, last 8 weeks.',
    properties: {
      team: { type: 'string' },
      teamName: { type: 'string' },
      generatedAt: instant,
      timeZone: { type: 'string' },
      weekStarting: { type: 'string', format: 'date' },
      figures: {
        type: 'object',
        properties: Object.fromEntries(
          [
            'open',
            'awaitingResponse',
            'waitingOnEnquirer',
            'unclaimed',
            'breached',
            'dueToday',
            'firstResponsesThisWeek',
          ]
            .map((name): [string, Json] => [name, { type: 'integer' }])
            .concat([['medianFirstResponseMinutesThisWeek', nullable({ type: 'number' })]]),
        ),
      },
      responseTimes: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            priority: enumOf(PRIORITIES),
            windowMinutes: { type: 'number' },
            count: { type: 'integer' },
            medianMinutes: nullable({ type: 'number' }),
            p90Minutes: nullable({ type: 'number' }),
            withinWindow: { type: 'integer' },
          },
        },
      },
      backlogByAge: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            label: { type: 'string' },
            minDays: { type: 'integer' },
            maxDays: nullable({ type: 'integer' }),
            count: { type: 'integer' },
          },
        },
      },
      breachesPerWeek: {
        type: 'array',
        items: {
          type: 'object',
          properties: { weekStarting: { type: 'string', format: 'date' }, count: { type: 'integer' } },
        },
      },
      caseloads: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            caseworkerId: { type: 'string' },
            name: { type: 'string' },
            openCount: { type: 'integer' },
            cap: { type: 'integer' },
            active: { type: 'boolean' },
          },
        },
      },
      triageCorrections: {
        type: 'object',
        description:
          "How often people corrected triage's labels on the team's enquiries received this week and in the last 8 weeks (the triage accuracy measure).",
        properties: { thisWeek: ref('TriageAccuracy'), lastWeeks: ref('TriageAccuracy') },
      },
    },
  },
  TriageAccuracy: {
    type: 'object',
    properties: {
      enquiries: { type: 'integer', description: 'Enquiries measured.' },
      anyCorrected: { type: 'integer', description: 'Enquiries with at least one label corrected.' },
      anyCorrectedPercent: nullable({ type: 'number' }),
      labels: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            label: enumOf(CORRECTABLE_LABELS),
            corrected: { type: 'integer' },
            correctedPercent: nullable({
              type: 'number',
              description: 'Of the enquiries measured, one decimal.',
            }),
          },
        },
      },
      safeguarding: {
        type: 'object',
        properties: {
          missedByTriage: { type: 'integer', description: 'Triage saw no concern; a person set one.' },
          clearedByPerson: { type: 'integer', description: 'Triage raised a concern; a person cleared it.' },
        },
      },
    },
  },
  Caseworker: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      team: { type: 'string' },
      topics: { type: 'array', items: enumOf(TOPICS), description: 'Empty: every topic.' },
      cap: { type: 'integer' },
      openCount: { type: 'integer' },
      active: { type: 'boolean' },
    },
  },
  StaffMember: {
    type: 'object',
    properties: {
      id: { type: 'string', description: "Staff id (a caseworker's is their caseworker id)." },
      sub: { type: 'string', description: "Cognito's id of their sign-in (the token `sub`)." },
      email: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'array', items: enumOf(STAFF_ROLES) },
      teams: { type: 'array', items: { type: 'string' } },
      active: { type: 'boolean' },
      addedAt: instant,
      removedAt: nullable(instant),
    },
  },
  AddedStaff: {
    type: 'object',
    properties: {
      member: ref('StaffMember'),
      invited: { type: 'boolean', description: 'A new sign-in was created and an invitation emailed.' },
      caseworker: nullable(ref('Caseworker')),
    },
  },
  RemovedStaff: {
    type: 'object',
    properties: {
      member: ref('StaffMember'),
      released: {
        type: 'array',
        items: { type: 'string' },
        description: 'Enquiries put back in the team queue.',
      },
    },
  },
  Me: {
    type: 'object',
    properties: {
      username: { type: 'string' },
      name: nullable({ type: 'string' }),
      roles: { type: 'array', items: enumOf(STAFF_ROLES) },
      teams: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
      },
      calendar: {
        type: 'object',
        description:
          "The hub calendar's open time from 90 days ago to 90 days ahead (pairs of instants), so the page counts working time as the server does.",
        properties: {
          timeZone: { type: 'string' },
          workingDayMinutes: { type: 'number' },
          open: { type: 'array', items: { type: 'array', items: instant, minItems: 2, maxItems: 2 } },
        },
      },
      hubTeams: {
        type: 'array',
        description: 'Every team of the hub (where a manager can transfer work to).',
        items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
      },
      caseworker: nullable(ref('Caseworker')),
      safeguardingResponder: {
        type: 'boolean',
        description:
          "May open any team's enquiry with a safeguarding concern and pick up its alert (a manager, or on a duty list by sign-in email).",
      },
    },
  },
};

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
            '200': ok('One page of the queue.', ref('EnquiryPage')),
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
            '200': ok('One page of your caseload.', ref('EnquiryPage')),
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
          responses: { '200': ok('The enquiry.', ref('EnquiryDetail')), ...ENQUIRY_ERRORS },
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
            '201': ok('The enquiry after the note.', ref('EnquiryResult')),
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
          responses: { '200': ok('The processes.', { type: 'object' }), ...ENQUIRY_ERRORS },
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
            '201': ok('The process with its milestones.', { type: 'object' }),
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
            '200': ok('The process after the change.', { type: 'object' }),
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
            '201': ok('The process after the change.', { type: 'object' }),
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
            '200': ok('The deadlines.', { type: 'object' }),
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
            '200': ok('The figures.', ref('Dashboard')),
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
            '200': ok('The report, the improvement figures and the CSV.', { type: 'object' }),
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
            '200': ok('The caseworkers.', {
              type: 'object',
              properties: { caseworkers: { type: 'array', items: ref('Caseworker') } },
            }),
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
            '200': ok('The caseworker as stored.', ref('Caseworker')),
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
            '200': ok('What matched.', ref('SearchAnswer')),
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
            '200': ok('The child record.', ref('ChildRecord')),
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
            '200': ok('Every row was queued.', ref('PhoneLogResult')),
            '207': ok(
              'Some rows were queued; `rejected` says which were not and why.',
              ref('PhoneLogResult'),
            ),
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
            '200': ok('The call is recorded.', ref('CallReference')),
            '202': ok('Not recorded yet: ask again in a moment.', ref('CallReference')),
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
            '200': ok('Where the enquiry stands.', ref('PublicStatus')),
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
            '200': ok('The people and their availability.', { type: 'object' }),
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
            '200': ok('The person as stored, and what was handed over now.', { type: 'object' }),
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
            '200': ok('Current members of staff, by staff id.', {
              type: 'object',
              properties: { staff: { type: 'array', items: ref('StaffMember') } },
            }),
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
            '201': ok('Added; an invitation was emailed.', ref('AddedStaff')),
            '200': ok('Brought up to date; their existing sign-in was linked.', ref('AddedStaff')),
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
            '200': ok('Removed.', ref('RemovedStaff')),
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
          responses: { '200': ok('You.', ref('Me')), '401': errorResponse('No valid access token.') },
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
      schemas: SCHEMAS,
    },
  };
}
