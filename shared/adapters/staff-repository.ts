/**
 * Members of staff in the single table: the profile (`STAFF#<id>` / `PROFILE`, on GSI1 under
 * `STAFF` while current) and the link from their sign-in (`LOGIN#<sub>` / `STAFF`). Adding a
 * member writes both, and their caseworker profile when they are one, in one transaction; removing
 * them deletes the link (their tokens stop working at the API at once), marks the profile and the
 * caseworker inactive, and keeps both for the record.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffLogin } from '../casework/casework-context';
import { StaffMember } from '../casework/staff';
import type { CaseworkerProfile } from '../domain/enquiry';
import { ConflictError, InternalError } from '../domain/errors';
import { caseworkerUpdate } from './caseworker-repository';
import { caseworkerKey, type ItemKind, STAFF_PARTITION, staffKey, staffLoginKey } from './dynamo-keys';
import { queryIndexItems } from './query-all';
import { INDEXES } from './table-definition';

/** The staff id or sign-in is already someone else's. */
export class StaffConflictError extends ConflictError {}

function parseMember(item: Record<string, unknown>): StaffMember {
  const result = StaffMember.safeParse(item);
  if (!result.success) {
    throw new InternalError('stored member of staff does not match its schema', { cause: result.error });
  }
  return result.data;
}

export class StaffRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Who a sign-in is (staff id and name), or null when it was never linked or its owner left.
   * One strongly consistent GetItem: the API reads it on every request.
   */
  async loginOf(sub: string): Promise<StaffLogin | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffLoginKey(sub), ConsistentRead: true }),
    );
    const { staffId, name, email } = result.Item ?? {};
    if (typeof staffId !== 'string') return null;
    return {
      staffId,
      name: typeof name === 'string' ? name : null,
      email: typeof email === 'string' ? email : null,
    };
  }

  async get(staffId: string): Promise<StaffMember | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffKey(staffId), ConsistentRead: true }),
    );
    return result.Item === undefined ? null : parseMember(result.Item);
  }

  /** Current members of staff, by staff id (a Query on GSI1, never a Scan). */
  async listCurrent(): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    const items = queryIndexItems(this.client, {
      TableName: this.tableName,
      IndexName: INDEXES.queue.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': STAFF_PARTITION },
    });
    for await (const item of items) members.push(parseMember(item));
    return members;
  }

  /**
   * Records a current member (new, returning, or changed) with the link from their sign-in, and
   * their caseworker profile when given, all at once.
   * @throws StaffConflictError when the staff id belongs to another current person, or the
   *   sign-in is linked to another staff id.
   */
  async save(member: StaffMember, caseworker: CaseworkerProfile | null): Promise<StaffMember> {
    const stored = { ...StaffMember.parse(member), active: true, removedAt: null };
    const profile = {
      ...staffKey(stored.id),
      kind: 'staff' satisfies ItemKind,
      ...stored,
      GSI1PK: STAFF_PARTITION,
      GSI1SK: stored.id,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: profile,
                // A staff id is one person's: free, theirs already, or a leaver's being reused by them.
                ConditionExpression: 'attribute_not_exists(PK) OR #sub = :sub OR active = :inactive',
                ExpressionAttributeNames: { '#sub': 'sub' },
                ExpressionAttributeValues: { ':sub': stored.sub, ':inactive': false },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...staffLoginKey(stored.sub),
                  kind: 'staff-login' satisfies ItemKind,
                  staffId: stored.id,
                  name: stored.name,
                  email: stored.email,
                },
                ConditionExpression: 'attribute_not_exists(PK) OR staffId = :id',
                ExpressionAttributeValues: { ':id': stored.id },
              },
            },
            ...(caseworker === null ? [] : [{ Update: caseworkerUpdate(this.tableName, caseworker) }]),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [profileReason, loginReason] = error.CancellationReasons ?? [];
        if (profileReason?.Code === 'ConditionalCheckFailed') {
          throw new StaffConflictError(`staff id ${stored.id} belongs to someone else: choose another id`, {
            cause: error,
          });
        }
        if (loginReason?.Code === 'ConditionalCheckFailed') {
          throw new StaffConflictError(`${stored.email} already signs in as another member of staff`, {
            cause: error,
          });
        }
      }
      throw error;
    }
    return stored;
  }

  /**
   * Marks a member removed: their sign-in link is deleted, the profile and (if any) caseworker
   * profile kept but inactive. Idempotent.
   */
  async remove(member: StaffMember, now: string, isCaseworker: boolean): Promise<StaffMember> {
    const removed: StaffMember = { ...member, active: false, removedAt: member.removedAt ?? now };
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: staffKey(member.id),
              UpdateExpression: 'SET active = :inactive, removedAt = :at REMOVE GSI1PK, GSI1SK',
              ConditionExpression: '#sub = :sub',
              ExpressionAttributeNames: { '#sub': 'sub' },
              ExpressionAttributeValues: { ':inactive': false, ':at': removed.removedAt, ':sub': member.sub },
            },
          },
          { Delete: { TableName: this.tableName, Key: staffLoginKey(member.sub) } },
          ...(isCaseworker
            ? [
                {
                  Update: {
                    TableName: this.tableName,
                    Key: caseworkerKey(member.id),
                    UpdateExpression: 'SET active = :inactive',
                    ConditionExpression: 'attribute_exists(PK)',
                    ExpressionAttributeValues: { ':inactive': false },
                  },
                },
              ]
            : []),
        ],
      }),
    );
    return removed;
  }
}
