/**
 * Caseworker profiles in the single table (`CW#<id>` / `PROFILE`, on GSI1 under `ROSTER#<team>`).
 * Their `openCount` is only ever changed by the enquiry repository, in the same transaction as the
 * enquiry change that takes or frees a caseload slot; seeding from configuration keeps it.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseworkerStore } from '../casework/ports';
import { Caseworker, CaseworkerProfile } from '../domain/caseworker';
import { CaseworkerNotFoundError, InternalError, ValidationError } from '../domain/errors';
import { caseworkerIndexKeys, caseworkerKey, type ItemKind, rosterPartition } from './dynamo-keys';
import { queryIndexItems } from './query-all';
import { INDEXES } from './table-definition';

function parseCaseworker(item: Record<string, unknown>): Caseworker {
  const result = Caseworker.safeParse(item);
  if (!result.success)
    throw new InternalError('stored caseworker does not match its schema', { cause: result.error });
  return result.data;
}

/** A profile checked against its schema, or a `ValidationError` naming the bad field. */
function validProfile(profile: CaseworkerProfile): CaseworkerProfile {
  const parsed = CaseworkerProfile.safeParse(profile);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined ? null : `caseworker.${issue.path.join('.')}`;
  throw new ValidationError(`${field ?? 'caseworker'} is not valid: ${issue?.message ?? 'invalid'}`, {
    field,
    cause: parsed.error,
  });
}

/**
 * The update that creates or changes a caseworker's profile and keeps their `openCount` (0 when
 * new). One definition for a lone write and for a transaction that adds a member of staff.
 */
export function caseworkerUpdate(
  tableName: string,
  profile: CaseworkerProfile,
): {
  TableName: string;
  Key: Record<string, string>;
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const value = validProfile(profile);
  const index = caseworkerIndexKeys(value);
  return {
    TableName: tableName,
    Key: { ...caseworkerKey(value.id) },
    UpdateExpression:
      'SET #kind = :kind, id = :id, #name = :name, email = :email, team = :team, topics = :topics, ' +
      'cap = :cap, active = :active, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk, ' +
      'openCount = if_not_exists(openCount, :zero)',
    ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
    ExpressionAttributeValues: {
      ':kind': 'caseworker' satisfies ItemKind,
      ':id': value.id,
      ':name': value.name,
      ':email': value.email,
      ':team': value.team,
      ':topics': value.topics,
      ':cap': value.cap,
      ':active': value.active,
      ':gsi1pk': index.GSI1PK,
      ':gsi1sk': index.GSI1SK,
      ':zero': 0,
    },
  };
}

export class CaseworkerRepository implements CaseworkerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Creates or updates a caseworker from configuration. Name, email, team, topics, cap and
   * `active` are overwritten; `openCount` is kept (0 for a new caseworker). Moving team moves them
   * to the new team's roster. Lowering the cap below the current count blocks new claims only.
   */
  async putCaseworker(profile: CaseworkerProfile): Promise<Caseworker> {
    const result = await this.client.send(
      new UpdateCommand({ ...caseworkerUpdate(this.tableName, profile), ReturnValues: 'ALL_NEW' }),
    );
    return parseCaseworker(result.Attributes ?? {});
  }

  /** The caseworker (strongly consistent), or `null`. */
  async getCaseworker(id: string): Promise<Caseworker | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseworkerKey(id), ConsistentRead: true }),
    );
    return result.Item === undefined ? null : parseCaseworker(result.Item);
  }

  /** The caseworker, or `CaseworkerNotFoundError`. */
  async requireCaseworker(id: string): Promise<Caseworker> {
    const caseworker = await this.getCaseworker(id);
    if (caseworker === null) throw new CaseworkerNotFoundError(id);
    return caseworker;
  }

  /**
   * Everyone on a team's roster, ordered by id. Index reads are eventually consistent, so an
   * `openCount` here can lag a moment; the cap itself is enforced on the base table when claiming.
   */
  async listRoster(team: string): Promise<Caseworker[]> {
    const caseworkers: Caseworker[] = [];
    const items = queryIndexItems(this.client, {
      TableName: this.tableName,
      IndexName: INDEXES.queue.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': rosterPartition(team) },
    });
    for await (const item of items) caseworkers.push(parseCaseworker(item));
    return caseworkers;
  }
}
