/**
 * EventBridge Scheduler runs the sweeps every five minutes (the escalator, duty alerts, a manager's
 * day and statutory alerts, each its own function and schedule), the reporter on Monday at 07:00
 * and the retention sweep daily at 02:30, London time (the schedule follows British Summer Time). Each invocation receives the same
 * shape as an EventBridge scheduled event, so handlers take `now` from its `time` exactly as the
 * local stack's timers deliver it.
 */
import { Aws, Duration, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledgeFindings } from '../nag/acknowledge';
import type { SendHubFunction } from './send-hub-function';

export interface HubSchedulesProps {
  readonly stage: string;
  /** The 5-minute sweep functions (`SWEEP_FUNCTIONS`). */
  readonly sweeps: readonly SendHubFunction[];
  readonly reporter: SendHubFunction;
  readonly retention: SendHubFunction;
}

/** What each sweep's schedule says it does. */
const SWEEP_DESCRIPTIONS: Readonly<Record<string, string>> = {
  escalator: 'Warn and escalate enquiries nearing or past their response deadline; send the digests',
  'duty-alerts': 'Tell the next duty contact about safeguarding alerts nobody picked up',
  workload: "Hand over leavers' work, return idle claims, send the teams' morning summaries",
  'statutory-alerts': 'Record statutory deadlines missed or due soon for the next digests',
};

/** The escalator's schedule keeps its first id, so deploying the split does not replace it. */
function scheduleId(name: string): string {
  return name === 'escalator' ? 'Escalator' : `Sweep-${name}`;
}

/** The scheduled-event JSON the handlers receive, filled in by Scheduler at each run. */
export function scheduledEventInput(): scheduler.ScheduleTargetInput {
  return scheduler.ScheduleTargetInput.fromObject({
    version: '0',
    id: scheduler.ContextAttribute.executionId,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: Aws.ACCOUNT_ID,
    time: scheduler.ContextAttribute.scheduledTime,
    region: Aws.REGION,
    resources: [scheduler.ContextAttribute.scheduleArn],
    detail: {},
  });
}

export class HubSchedules extends Construct {
  /** One per sweep function, by function name. */
  readonly sweeps: ReadonlyMap<string, scheduler.Schedule>;
  readonly reporter: scheduler.Schedule;
  readonly retention: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: HubSchedulesProps) {
    super(scope, id);
    const group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `send-hub-${props.stage}`,
    });
    const role = new iam.Role(this, 'InvokeRole', {
      description: `Lets EventBridge Scheduler start the SEND Hub ${props.stage} sweeps, reporter and retention sweep`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    acknowledgeFindings(
      role,
      'AwsSolutions-IAM5',
      'LambdaInvoke grants lambda:InvokeFunction on the scheduled functions and their qualified versions (<function-arn>:*), nothing else.',
    );

    this.sweeps = new Map(
      props.sweeps.map((sweep) => [
        sweep.name,
        new scheduler.Schedule(this, scheduleId(sweep.name), {
          scheduleGroup: group,
          description: SWEEP_DESCRIPTIONS[sweep.name] ?? `The ${sweep.name} sweep`,
          schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
          timeWindow: scheduler.TimeWindow.off(),
          // A missed run is repeated by the next one five minutes later; the not-run alarms cover gaps.
          target: new LambdaInvoke(sweep.function, {
            role,
            input: scheduledEventInput(),
            retryAttempts: 2,
            maxEventAge: Duration.minutes(4),
          }),
        }),
      ]),
    );
    this.reporter = new scheduler.Schedule(this, 'Reporter', {
      scheduleGroup: group,
      description: 'Weekly KPI report, Monday 07:00 UK time',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '7',
        weekDay: 'MON',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      timeWindow: scheduler.TimeWindow.off(),
      target: new LambdaInvoke(props.reporter.function, {
        role,
        input: scheduledEventInput(),
        retryAttempts: 10,
        maxEventAge: Duration.hours(6),
      }),
    });
    this.retention = new scheduler.Schedule(this, 'Retention', {
      scheduleGroup: group,
      description: 'Purge enquiries resolved longer ago than the retention period, daily 02:30 UK time',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '30',
        hour: '2',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      timeWindow: scheduler.TimeWindow.off(),
      // A missed day is caught up by the next: the sweep purges whatever is due by then.
      target: new LambdaInvoke(props.retention.function, {
        role,
        input: scheduledEventInput(),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
