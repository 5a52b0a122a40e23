import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerEscalateCommand } from '../../cli/commands/escalate';
import { escalatorDeps } from '../../functions/escalator/wiring';
import { defaultHubConfig } from '../../shared/config/load-hub-config';

const ses = mockClient(SESv2Client);
afterEach(() => {
  ses.reset();
  vi.unstubAllEnvs();
});

function wiring(configurationSet: string | undefined) {
  return escalatorDeps({
    config: defaultHubConfig(),
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' })),
    tableName: 'Table',
    ses: new SESv2Client({ region: 'eu-west-2' }),
    configurationSet,
  });
}

describe("the escalator's wiring, shared by the Lambda and send-hub escalate", () => {
  it('sends digests through the SES configuration set, so their bounces reach ses-feedback', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await wiring('send-hub-dev-mail').mailer.send({
      from: '"SEND Hub" <send.hub@kent.example.gov.uk>',
      to: ['manager@kent.example.gov.uk'],
      subject: 'SEND Hub: 1 enquiry past its response time',
      text: 'digest',
      messageId: '<escalation-digest.x@kent.example.gov.uk>',
      autoSubmitted: 'auto-generated',
    });
    expect(ses).toReceiveCommandWith(SendEmailCommand, { ConfigurationSetName: 'send-hub-dev-mail' });
  });

  it('refuses to sweep AWS from the CLI without the configuration set, before touching anything', async () => {
    vi.stubEnv('SES_CONFIGURATION_SET', undefined);
    const program = new Command().exitOverride();
    registerEscalateCommand(program);
    await expect(
      program.parseAsync(['escalate', '--aws', '--table', 'send-hub-dev-Table'], { from: 'user' }),
    ).rejects.toThrow(/--configuration-set is required with --aws/);
    expect(ses.calls()).toHaveLength(0);
  });
});
