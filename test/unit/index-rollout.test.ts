/**
 * Changing an index's projection on a deployed table takes one index per deployment
 * (docs/data-model.md): the CDK context names the index to leave out and those still as before.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { EnquiryTable, indexRolloutFrom } from '../../infra/constructs/enquiry-table';
import { StageConfigError } from '../../infra/stages';

function projections(context: Record<string, string>): Record<string, unknown> {
  const stack = new Stack(new App(), 'Rollout');
  new EnquiryTable(stack, 'Enquiries', {
    key: new Key(stack, 'Key'),
    indexRollout: indexRolloutFrom((key) => context[key]),
  });
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
  const indexes = (table?.Properties?.GlobalSecondaryIndexes ?? []) as {
    IndexName: string;
    Projection: { ProjectionType: string };
  }[];
  return Object.fromEntries(indexes.map((index) => [index.IndexName, index.Projection.ProjectionType]));
}

describe('index projection rollout (CDK context)', { timeout: 60_000 }, () => {
  it('deploys the definition as it is without context', () => {
    expect(projections({})).toMatchObject({ GSI1: 'KEYS_ONLY', GSI5: 'INCLUDE', GSI6: 'ALL' });
  });

  it('leaves out the index being changed and keeps the ones not changed yet as they were', () => {
    const step = projections({ indexesLeftOut: 'GSI2', indexesAsBefore: 'GSI1, GSI3,GSI4' });
    expect(step).toEqual({
      GSI1: 'ALL',
      GSI3: 'ALL',
      GSI4: 'ALL',
      GSI5: 'INCLUDE',
      GSI6: 'ALL',
      GSI7: 'KEYS_ONLY',
      GSI8: 'KEYS_ONLY',
    });
    const next = projections({ indexesAsBefore: 'GSI1,GSI3,GSI4' });
    expect(next.GSI2).toBe('KEYS_ONLY');
  });

  it('refuses an index name the table does not have', () => {
    expect(() => indexRolloutFrom((key) => (key === 'indexesLeftOut' ? 'GSI9' : undefined))).toThrow(
      StageConfigError,
    );
  });
});
