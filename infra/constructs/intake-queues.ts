/**
 * The intake queue between the ingest functions and the router, its dead-letter queue, and the
 * queue for asynchronous invocations that failed after Lambda's retries. Settings come from
 * `shared/adapters/resource-definitions.ts` (the local stack builds its queues from the same data).
 * The queues hold enquiries in flight, so they live in the stateful stack and are retained.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { awsResourceName, RESOURCES } from '../../shared/adapters/resource-definitions';
import { acknowledgeRule } from '../nag/acknowledge';
import type { SendHubFunction } from './send-hub-function';

export interface IntakeQueuesProps {
  readonly stage: string;
  readonly key: IKey;
}

export class IntakeQueues extends Construct {
  readonly intake: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly asyncFailures: sqs.Queue;
  readonly key: IKey;

  constructor(scope: Construct, id: string, props: IntakeQueuesProps) {
    super(scope, id);
    this.key = props.key;
    const definition = RESOURCES.intakeQueue;
    const encrypted = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      ...encrypted,
      queueName: awsResourceName(props.stage, definition.dlqName),
      retentionPeriod: Duration.seconds(definition.dlqRetentionSeconds),
    });
    this.intake = new sqs.Queue(this, 'Intake', {
      ...encrypted,
      queueName: awsResourceName(props.stage, definition.name),
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(definition.retentionSeconds),
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: definition.maxReceiveCount },
    });
    this.asyncFailures = new sqs.Queue(this, 'AsyncFailures', {
      ...encrypted,
      queueName: awsResourceName(props.stage, RESOURCES.asyncFailureQueue.name),
      retentionPeriod: Duration.seconds(RESOURCES.asyncFailureQueue.retentionSeconds),
    });
    acknowledgeRule(
      this.asyncFailures,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue: the DeadLetterConfig of the asynchronously invoked functions (in the stateless stack) points at it.',
    );
  }

  /** Lets a function put messages on the intake queue (ingest, and the router's delayed retries); sets INTAKE_QUEUE_URL. */
  grantSend(fn: SendHubFunction): void {
    fn.setEnvironment('INTAKE_QUEUE_URL', this.intake.queueUrl);
    fn.allow(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.intake.queueArn],
      }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
  }

  /**
   * Makes `fn` the intake queue's consumer: batches with partial batch responses (a failed record
   * is retried alone, the rest are deleted) and capped concurrency.
   */
  attachConsumer(fn: SendHubFunction): SqsEventSource {
    const definition = RESOURCES.intakeQueue;
    const source = new SqsEventSource(this.intake, {
      batchSize: definition.batchSize,
      maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds),
      maxConcurrency: definition.maxConcurrency,
      reportBatchItemFailures: true,
    });
    fn.function.addEventSource(source);
    return source;
  }
}
