/**
 * The staff API's dispatch: each API function (`functions/api-<group>/handler.ts`) answers the
 * routes of its own groups; `createApiHandler` answers every route at once from one set of
 * dependencies (the tests drive the whole API through it). Built from dependencies, so tests and
 * the local stack can pass their own.
 */

import { dispatchTo } from './dispatch';
import { availabilityHandler } from './groups/availability';
import { caseworkersHandler } from './groups/caseworkers';
import { dashboardHandler } from './groups/dashboard';
import { enquiriesHandler } from './groups/enquiries';
import { findingHandler } from './groups/finding';
import { meHandler } from './groups/me';
import { reportHandler } from './groups/report';
import { staffHandler } from './groups/staff';
import { statutoryHandler } from './groups/statutory';
import { workListsHandler } from './groups/work-lists';
import type { ApiDeps, HttpHandler } from './route-group';

export { dispatchTo } from './dispatch';
export type { ApiDeps, HttpHandler } from './route-group';

/** The whole API in one handler: every route group built from the same dependencies. */
export function createApiHandler(deps: ApiDeps): HttpHandler {
  return dispatchTo({
    'work-lists': workListsHandler(deps),
    enquiries: enquiriesHandler(deps),
    statutory: statutoryHandler(deps),
    dashboard: dashboardHandler(deps),
    report: reportHandler(deps),
    caseworkers: caseworkersHandler(deps),
    availability: availabilityHandler(deps),
    staff: staffHandler(deps),
    me: meHandler(deps),
    finding: findingHandler(deps),
  });
}
