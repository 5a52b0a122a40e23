/**
 * AWS Backup of the enquiry table, on top of its 35 days of point-in-time recovery: a daily
 * backup kept `dailyDays` and a monthly one kept `monthlyDays` (the stage's `backup` settings;
 * the council's defaults are in infra/stages.ts and docs/deploy.md), in a vault of its own
 * encrypted with the data key and retained if the stack goes. Backups hold children's personal
 * data: they expire on the schedule, and an enquiry purged by the retention rule lingers in them
 * until its last backup expires.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeFindings } from '../nag/acknowledge';

export interface TableBackupProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly key: IKey;
  readonly dailyDays: number;
  readonly monthlyDays: number;
}

/** The role AWS Backup uses; named so that the data key's policy can name it. */
export function backupRoleName(stage: string): string {
  return `send-hub-${stage}-backup`;
}

export class TableBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `send-hub-${props.stage}`,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `send-hub-${props.stage}`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          // 01:00 UTC: after the evening, before the working day.
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '1' }),
          deleteAfter: Duration.days(props.dailyDays),
        }),
        new backup.BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2', day: '1' }),
          deleteAfter: Duration.days(props.monthlyDays),
        }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: backupRoleName(props.stage),
      description: `AWS Backup of the SEND Hub ${props.stage} enquiry table`,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM4',
      "AWS Backup's own service-role policies, the documented way to let it back up and restore DynamoDB; the role is assumable only by AWS Backup and the plan selects one table.",
    );
    this.plan.addSelection('Table', {
      resources: [backup.BackupResource.fromDynamoDbTable(props.table)],
      role: this.role,
      allowRestores: false,
    });
  }
}
