/** Request schemas of staff and roster administration (`api-admin`). */
import { STAFF_ROLES } from '../../../shared/access/principal';
import { STAFF_ID_PATTERN } from '../../../shared/casework/staff';
import { Topic } from '../../../shared/domain/taxonomy';
import * as z from '../../../shared/domain/zod';
import { LowerCaseEmail, TeamId } from './common';

export const CaseworkerBody = z.strictObject({
  name: z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(120)),
  email: LowerCaseEmail,
  team: TeamId,
  /** Empty means every topic. */
  topics: z._default(z.array(Topic), []),
  cap: z
    .number({ error: 'must be a whole number from 0 to 10000' })
    .check(
      z.int({ error: 'must be a whole number' }),
      z.gte(0, { error: 'must be 0 or more' }),
      z.lte(10_000, { error: 'must be 10000 or fewer' }),
    ),
  active: z._default(z.boolean({ error: 'must be true or false' }), true),
});

/** `POST /staff`: the same fields the CLI takes (`send-hub staff add`), checked by the use case too. */
export const NewStaffBody = z.strictObject({
  email: z.email({ error: 'must be an email address' }),
  name: z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(200)),
  roles: z._default(z.array(z.enum(STAFF_ROLES)), []),
  teams: z._default(z.array(TeamId), []),
  id: z.optional(
    z
      .string()
      .check(z.regex(STAFF_ID_PATTERN, { error: 'must be lower-case letters, digits and single hyphens' })),
  ),
  topics: z._default(z.array(Topic), []),
  cap: z.optional(z.int().check(z.gte(0), z.lte(1000))),
});
