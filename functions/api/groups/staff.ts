/** Route group: members of staff (administrators). `GET /staff`, `POST /staff`, `DELETE /staff/{id}`. */
import { addStaff, listStaff, removeStaff } from '../../../shared/casework/staff-admin';
import { parseBody } from '../request';
import { type AdminApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import { NewStaffBody } from '../schemas/admin';

export function staffHandler(deps: AdminApiDeps): HttpHandler {
  return routeGroup(deps, {
    listStaff: async () => ({ body: { staff: await listStaff(deps) } }),
    addStaff: async (call) => {
      const body = parseBody(call.event, NewStaffBody);
      const added = await addStaff(deps, body, caller(call).now);
      return { status: added.invited ? 201 : 200, body: added };
    },
    removeStaff: async (call) => ({
      body: await removeStaff(deps, call.params.id ?? '', caller(call).now),
    }),
  });
}
