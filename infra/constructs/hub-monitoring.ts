/**
 * Alarms that tell the council's operators something needs a person, and a dashboard of the
 * service. Every alarm notifies the (encrypted) alarm topic when it fires and when it clears.
 *
 * - intake dead letters waiting (a message the router gave up on: an enquiry not yet recorded);
 * - failed asynchronous invocations waiting (mail in S3 not ingested, a bounce not recorded);
 * - intake queue backing up (oldest message older than 15 minutes);
 * - any function error, per function;
 * - any of the 5-minute sweeps (escalator, duty alerts, workload, statutory alerts) not running for
 *   15 minutes (missing data counts as not running);
 * - breaches rising: more service-level breaches in an hour than the stage's threshold;
 * - API server errors.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { metricsServiceName, RESOURCES } from '../../shared/adapters/resource-definitions';
import type { HubApi } from './hub-api';
import type { SendHubFunction } from './send-hub-function';

export interface HubMonitoringProps {
  readonly stage: string;
  readonly alarmTopic: sns.ITopic;
  readonly functions: readonly SendHubFunction[];
  /** The 5-minute sweep functions: each has a not-running alarm. */
  readonly sweeps: readonly SendHubFunction[];
  readonly intake: sqs.IQueue;
  readonly deadLetters: sqs.IQueue;
  readonly asyncFailures: sqs.IQueue;
  readonly api: HubApi;
  readonly breachAlarmThreshold: number;
}

/**
 * SES reviews an account at a 5% bounce rate or a 0.1% complaint rate and may pause sending at
 * 10% / 0.5%. The alarms fire at half the review levels, while there is time to act.
 */
export const SES_REPUTATION_ALARMS = { bounceRate: 0.025, complaintRate: 0.0005 } as const;

/** What a sweep not running means for people, in its alarm's description. */
const NOT_RUNNING_MEANS: Readonly<Record<string, string>> = {
  escalator: 'nobody is being told about overdue enquiries',
  'duty-alerts': 'nobody is told when a safeguarding alert is not picked up',
  workload: "leavers' work is not handed over, idle claims stay claimed, no morning summaries",
  'statutory-alerts': 'missed and near statutory deadlines are not reported',
};

export class HubMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: HubMonitoringProps) {
    super(scope, id);
    this.action = new SnsAction(props.alarmTopic);
    const fiveMinutes = Duration.minutes(5);
    const prefix = `send-hub-${props.stage}`;

    this.alarm('DeadLettersWaiting', {
      alarmName: `${prefix}-intake-dead-letters`,
      alarmDescription:
        'An intake message failed 5 times and is in the DLQ: an enquiry is not recorded. Inspect and redrive (npx send-hub dlq).',
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('AsyncFailuresWaiting', {
      alarmName: `${prefix}-async-failures`,
      alarmDescription:
        'A mail ingest, bounce record or report failed after retries; the event is on the async-failures queue.',
      metric: props.asyncFailures.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('IntakeBackingUp', {
      alarmName: `${prefix}-intake-backing-up`,
      alarmDescription:
        'The oldest intake message has waited over 15 minutes: the router is failing or throttled.',
      metric: props.intake.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: 15 * 60,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const fn of props.functions) {
      this.alarm(`Errors-${fn.name}`, {
        alarmName: `${prefix}-${fn.name}-errors`,
        alarmDescription: `The ${fn.name} function reported errors. See its log group.`,
        metric: fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const sweep of props.sweeps) {
      // The escalator's alarm keeps its first id, so deploying the split does not replace it.
      this.alarm(sweep.name === 'escalator' ? 'EscalatorNotRunning' : `NotRunning-${sweep.name}`, {
        alarmName: `${prefix}-${sweep.name}-not-running`,
        alarmDescription: `The ${sweep.name} sweep has not run for 15 minutes: ${NOT_RUNNING_MEANS[sweep.name] ?? 'its chore is not being done'}.`,
        metric: sweep.function.metricInvocations({ period: Duration.minutes(15), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
    const breaches = this.productMetric(props.stage, RESOURCES.metrics.names.breaches, Duration.hours(1));
    this.alarm('BreachesRising', {
      alarmName: `${prefix}-breaches-rising`,
      alarmDescription: `At least ${props.breachAlarmThreshold} enquiries passed their response deadline within an hour.`,
      metric: breaches,
      threshold: props.breachAlarmThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('ApiServerErrors', {
      alarmName: `${prefix}-api-5xx`,
      alarmDescription: 'The API answered with server errors.',
      metric: props.api.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const fn of props.functions) {
      this.alarm(`Throttles-${fn.name}`, {
        alarmName: `${prefix}-${fn.name}-throttled`,
        alarmDescription: `The ${fn.name} function was throttled: the account's Lambda concurrency is exhausted or its reserved concurrency is too low (docs/deploy.md, Lambda quota).`,
        metric: fn.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: 'Maximum',
        period: Duration.hours(1),
      });
    this.alarm('SesBounceRate', {
      alarmName: `${prefix}-ses-bounce-rate`,
      alarmDescription: `SES bounce rate above ${SES_REPUTATION_ALARMS.bounceRate * 100}% (AWS reviews the account at 5%): look for a bad address source; ses-feedback marks bounced addresses do-not-reply.`,
      metric: reputation('Reputation.BounceRate'),
      threshold: SES_REPUTATION_ALARMS.bounceRate,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('SesComplaintRate', {
      alarmName: `${prefix}-ses-complaint-rate`,
      alarmDescription: `SES complaint rate above ${SES_REPUTATION_ALARMS.complaintRate * 100}% (AWS reviews the account at 0.1%).`,
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_REPUTATION_ALARMS.complaintRate,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.dashboard = this.buildDashboard(props);
  }

  /**
   * A metric a handler publishes through Powertools with no dimension but the default `service`
   * (the escalator's Breaches): alarms need a single series.
   */
  private productMetric(stage: string, metricName: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: RESOURCES.metrics.namespace,
      metricName,
      dimensionsMap: { service: metricsServiceName(stage) },
      statistic: 'Sum',
      period,
    });
  }

  private alarm(
    id: string,
    props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      evaluationPeriods: props.evaluationPeriods ?? 1,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * All series of a product metric for this stage, summed: handlers add their own dimensions
   * (channel, priority, team, step) beside `service`, and a dashboard total should not care.
   */
  private productTotal(stage: string, metricName: string, label: string): cloudwatch.MathExpression {
    const search = `Namespace="${RESOURCES.metrics.namespace}" MetricName="${metricName}" service="${metricsServiceName(stage)}"`;
    return new cloudwatch.MathExpression({
      expression: `SUM(SEARCH('${search}', 'Sum', 3600))`,
      label,
      period: Duration.hours(1),
      usingMetrics: {},
    });
  }

  private buildDashboard(props: HubMonitoringProps): cloudwatch.Dashboard {
    const fiveMinutes = Duration.minutes(5);
    const names = RESOURCES.metrics.names;
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `send-hub-${props.stage}`,
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Enquiries per hour',
        width: 12,
        left: [
          this.productTotal(props.stage, names.enquiriesReceived, 'Received'),
          this.productTotal(props.stage, names.firstResponses, 'First responses'),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Service levels per hour',
        width: 12,
        left: [
          this.productTotal(props.stage, names.breaches, 'Breaches'),
          this.productTotal(props.stage, names.escalations, 'Escalations'),
        ],
        right: [this.productTotal(props.stage, names.queueDepth, 'Due for escalation (per sweep)')],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Intake queue',
        width: 12,
        left: [
          props.intake.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            label: 'Queue depth',
          }),
        ],
        right: [
          props.intake.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, label: 'Oldest (s)' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Waiting for a person',
        width: 12,
        left: [
          props.deadLetters.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            label: 'Intake DLQ depth',
          }),
          props.asyncFailures.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            label: 'Async failures',
          }),
        ],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        width: 12,
        left: props.functions.map((fn) =>
          fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: fn.name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'API',
        width: 12,
        left: [
          props.api.httpApi.metricCount({ period: fiveMinutes, label: 'Requests' }),
          props.api.httpApi.metricClientError({ period: fiveMinutes, label: '4xx' }),
          props.api.httpApi.metricServerError({ period: fiveMinutes, label: '5xx' }),
        ],
        right: [
          props.api.httpApi.metricLatency({
            period: fiveMinutes,
            statistic: 'p95',
            label: 'Latency p95 (ms)',
          }),
        ],
      }),
    );
    return dashboard;
  }
}
