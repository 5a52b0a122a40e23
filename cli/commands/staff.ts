/**
 * `send-hub staff add|remove|list`: members of staff in one step. Against the local stack by
 * default; with `--aws` against the deployed user pool and table (Cognito sends the invitation
 * through SES). The same use cases as the API's `/staff` routes and the page's Staff screen; the
 * first administrator of a new deployment is added this way (docs/deploy.md, "First admin").
 */
import type { Command } from 'commander';
import { STAFF_ROLES } from '../../shared/access/principal';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { CognitoStaffDirectory } from '../../shared/adapters/cognito-staff-directory';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { StaffRepository } from '../../shared/adapters/staff-repository';
import type { StaffMember } from '../../shared/casework/staff';
import { addStaff, listStaff, removeStaff, type StaffAdminDeps } from '../../shared/casework/staff-admin';
import { SendHubError } from '../../shared/domain/errors';
import { addConnectionOptions, type Connection, type ConnectionOptions, connect } from '../connection';
import { CliError } from '../http-client';

interface AddOptions extends ConnectionOptions {
  email: string;
  name: string;
  role: string[];
  team: string[];
  id?: string;
  topic: string[];
  cap?: string;
  json?: boolean;
}

interface ListOptions extends ConnectionOptions {
  json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  ];
}

function depsFor(connection: Connection): StaffAdminDeps {
  return {
    directory: new CognitoStaffDirectory(connection.cognito(), connection.userPoolId),
    staff: new StaffRepository(connection.documents, connection.tableName),
    caseworkers: new CaseworkerRepository(connection.documents, connection.tableName),
    enquiries: new EnquiryRepository(connection.documents, connection.tableName),
    config: connection.config,
  };
}

/** Our errors become one clear line (the field named); anything else is left to the CLI's handler. */
async function plainly<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SendHubError) throw new CliError(error.message, { cause: error });
    throw error;
  }
}

function describe(member: StaffMember): string {
  const teams = member.teams.length === 0 ? '' : ` in ${member.teams.join(', ')}`;
  return `${member.id.padEnd(20)} ${member.roles.join(', ')}${teams}  <${member.email}>`;
}

export function registerStaffCommand(program: Command): void {
  const staff = program
    .command('staff')
    .description('add, remove and list members of staff (sign-in, groups, roster)');

  const add = staff
    .command('add')
    .description('add a member of staff (or bring one up to date): sign-in, role and team groups, roster')
    .requiredOption('--email <address>', 'their council email address (they sign in with it)')
    .requiredOption('--name <name>', 'their name as colleagues see it')
    .option(
      '--role <role>',
      `a role: ${STAFF_ROLES.join(', ')} (repeat or comma-separate; none for a safeguarding duty contact)`,
      collect,
      [],
    )
    .option('--team <id>', 'a team they work in (repeat for managers of several teams)', collect, [])
    .option('--id <staff-id>', 'their staff id, e.g. cw-east-5 (default: from the email address)')
    .option('--topic <topic>', 'caseworkers: a topic they take (repeat; none = any)', collect, [])
    .option('--cap <n>', 'caseworkers: most unresolved enquiries they hold at once (default 25)')
    .option('--json', 'print the result as JSON');
  addConnectionOptions(add, ['dynamodb', 'cognito']);
  add.addHelpText(
    'after',
    '\nExamples:\n' +
      '  send-hub staff add --email jo.bloggs@kent.example.gov.uk --name "Jo Bloggs" --role caseworker --team east\n' +
      '  send-hub staff add --aws --region eu-west-2 --table <TableName> --user-pool <UserPoolId> \\\n' +
      '    --email it.lead@kent.example.gov.uk --name "IT Lead" --role admin          # the first administrator',
  );
  add.action(async (options: AddOptions) => {
    const connection = await connect(options, ['dynamodb', 'cognito']);
    const cap = options.cap === undefined ? undefined : Number(options.cap);
    const added = await plainly(() =>
      addStaff(
        depsFor(connection),
        {
          email: options.email,
          name: options.name,
          roles: options.role,
          teams: options.team,
          id: options.id,
          topics: options.topic,
          ...(cap === undefined ? {} : { cap }),
        },
        new Date().toISOString(),
      ),
    );
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(added)}\n`);
      return;
    }
    process.stdout.write(
      `${added.invited ? 'Added' : 'Updated'} ${describe(added.member)}\n` +
        (added.invited
          ? `  An invitation with a temporary password was emailed to ${added.member.email}.\n`
          : '  Their existing sign-in was linked; no invitation sent.\n') +
        (added.caseworker === null
          ? ''
          : `  On the ${added.caseworker.team} roster, cap ${added.caseworker.cap}.\n`) +
        `  (${connection.describe()}; user pool ${connection.userPoolId})\n`,
    );
  });

  const remove = staff
    .command('remove')
    .description(
      'remove a leaver everywhere: sign-in deleted, token refused, off the roster, their work back in the queue',
    )
    .argument('<who>', 'their staff id or email address')
    .option('--json', 'print the result as JSON');
  addConnectionOptions(remove, ['dynamodb', 'cognito']);
  remove.action(async (who: string, options: ListOptions) => {
    const connection = await connect(options, ['dynamodb', 'cognito']);
    const removed = await plainly(() => removeStaff(depsFor(connection), who, new Date().toISOString()));
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(removed)}\n`);
      return;
    }
    process.stdout.write(
      `Removed ${describe(removed.member)}\n` +
        `  Sign-in deleted; the API refuses their remaining token from now on.\n` +
        (removed.released.length === 0 ? '' : `  Back in the team queue: ${removed.released.join(', ')}\n`),
    );
  });

  const list = staff
    .command('list')
    .description('everyone working at the hub')
    .option('--json', 'print JSON');
  addConnectionOptions(list, ['dynamodb']);
  list.action(async (options: ListOptions) => {
    const connection = await connect(options, ['dynamodb']);
    const members = await listStaff(depsFor(connection));
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ staff: members })}\n`);
      return;
    }
    process.stdout.write(
      members.length === 0 ? 'No members of staff yet.\n' : `${members.map(describe).join('\n')}\n`,
    );
  });
}
