/**
 * Where a CLI command's AWS calls go, shared by every command that talks to the table, SES or S3
 * directly: by default the local stack's emulators (`npm start`: DynamoDB Local on 8000, the SES
 * emulator on 8005, fauxqs S3 on 4566, or the DYNAMODB_PORT / SES_PORT / SQS_PORT it was started
 * with) and its table; with `--aws` (or `--profile`) real AWS, where `--table` is required.
 *
 * Usage in a command:
 *   addConnectionOptions(command, ['dynamodb', 'ses']);
 *   ... .action(async (options) => { const connection = await connect(options, ['dynamodb', 'ses']); ... })
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Command } from 'commander';
import { LOCAL_USER_POOL_ID } from '../local/local-auth';
import { cognitoClient, dynamoDocumentClient, s3Client, sesClient } from '../shared/adapters/aws-clients';
import { RESOURCES } from '../shared/adapters/resource-definitions';
import type { HubConfig } from '../shared/config/hub-config';
import { loadHubConfig } from '../shared/config/load-hub-config';
import { CliError } from './http-client';

/** Services a command can ask for. */
export type Service = 'dynamodb' | 'ses' | 's3' | 'cognito';

/** The flags `addConnectionOptions` adds, as commander parses them. */
export interface ConnectionOptions {
  aws?: boolean;
  profile?: string;
  region?: string;
  table?: string;
  endpointDynamodb?: string;
  endpointSes?: string;
  endpointS3?: string;
  endpointCognito?: string;
  userPool?: string;
  config?: string;
}

function localPort(variable: string, fallback: number): number {
  const value = Number(process.env[variable]);
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : fallback;
}

/** Endpoints of the local stack's emulators (honouring the ports `npm start` was given). */
export function localEndpoints(): Record<Service, string> {
  return {
    dynamodb: `http://127.0.0.1:${localPort('DYNAMODB_PORT', 8000)}`,
    ses: `http://127.0.0.1:${localPort('SES_PORT', 8005)}`,
    s3: `http://127.0.0.1:${localPort('SQS_PORT', 4566)}`,
    cognito: `http://127.0.0.1:${localPort('COGNITO_PORT', 9229)}`,
  };
}

const SERVICE_NAMES: Record<Service, string> = {
  dynamodb: 'DynamoDB',
  ses: 'SES',
  s3: 'S3',
  cognito: 'the staff user pool (Cognito)',
};
const ENDPOINT_FLAGS: Record<Service, { flag: string; key: keyof ConnectionOptions }> = {
  dynamodb: { flag: '--endpoint-dynamodb <url>', key: 'endpointDynamodb' },
  ses: { flag: '--endpoint-ses <url>', key: 'endpointSes' },
  s3: { flag: '--endpoint-s3 <url>', key: 'endpointS3' },
  cognito: { flag: '--endpoint-cognito <url>', key: 'endpointCognito' },
};

/** Adds the connection flags for `services` to a command. */
export function addConnectionOptions(command: Command, services: readonly Service[]): Command {
  const local = localEndpoints();
  command
    .option(
      '--aws',
      'use real AWS (credentials from the environment or --profile) instead of the local stack',
    )
    .option('--profile <name>', 'AWS profile to use (implies --aws)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, else eu-west-2)')
    .option('--table <name>', `table name (local default: ${RESOURCES.table.localName}; required with --aws)`)
    .option('--config <file>', 'hub configuration file (default: HUB_CONFIG_FILE, else config/hub.json)');
  if (services.includes('cognito')) {
    command.option(
      '--user-pool <id>',
      `staff user pool id, the UserPoolId stack output (local default: ${LOCAL_USER_POOL_ID}; required with --aws)`,
    );
  }
  for (const service of services) {
    command.option(
      ENDPOINT_FLAGS[service].flag,
      `${SERVICE_NAMES[service]} endpoint (local default: ${local[service]})`,
    );
  }
  return command;
}

/** Clients and settings for one command run. */
export interface Connection {
  readonly target: 'local' | 'aws';
  readonly region: string;
  readonly tableName: string;
  readonly config: HubConfig;
  /** Endpoint per service; undefined = the real AWS endpoint. */
  readonly endpoints: Readonly<Partial<Record<Service, string | undefined>>>;
  readonly documents: DynamoDBDocumentClient;
  ses(): SESv2Client;
  s3(): S3Client;
  cognito(): CognitoIdentityProviderClient;
  /** The staff user pool (commands that asked for 'cognito'). */
  readonly userPoolId: string;
  /** One line saying where the command is working, e.g. for the top of its output. */
  describe(): string;
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'GET', signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

function explainAwsError(error: unknown, what: string): CliError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return new CliError(
      `no usable AWS credentials for ${what}: pass --profile or set AWS_PROFILE (${message})`,
    );
  }
  return new CliError(`${what} failed: ${name}: ${message}`);
}

/**
 * Resolves the flags into clients, after checking that the services answer and the table exists,
 * so a command fails at once with a clear message when nothing is running.
 * @throws CliError naming what is missing and how to fix it.
 */
export async function connect(options: ConnectionOptions, services: readonly Service[]): Promise<Connection> {
  const target = options.aws === true || options.profile !== undefined ? 'aws' : 'local';
  if (options.profile !== undefined) process.env.AWS_PROFILE = options.profile;
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  if (target === 'aws' && options.table === undefined) {
    throw new CliError('--table is required with --aws: give the table name from the stack outputs');
  }
  const tableName = options.table ?? RESOURCES.table.localName;
  if (target === 'aws' && services.includes('cognito') && options.userPool === undefined) {
    throw new CliError('--user-pool is required with --aws: give the UserPoolId from the stack outputs');
  }
  const userPoolId = options.userPool ?? LOCAL_USER_POOL_ID;
  const local = localEndpoints();
  const endpoints: Partial<Record<Service, string | undefined>> = {};
  for (const service of services) {
    const given = options[ENDPOINT_FLAGS[service].key];
    endpoints[service] = typeof given === 'string' ? given : target === 'local' ? local[service] : undefined;
  }

  for (const service of services) {
    const endpoint = endpoints[service];
    if (endpoint !== undefined && !(await reachable(endpoint))) {
      throw new CliError(
        `nothing answers at ${endpoint} (${SERVICE_NAMES[service]}): start the local stack with \`npm start\`, ` +
          `or point --endpoint-${service} at a running emulator, or use --aws`,
      );
    }
  }

  const documents = dynamoDocumentClient({ endpoint: endpoints.dynamodb, region });
  if (services.includes('dynamodb')) {
    try {
      await documents.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') {
        throw new CliError(
          `table "${tableName}" does not exist at ${endpoints.dynamodb ?? `AWS ${region}`}: ` +
            (target === 'local' ? 'has the local stack finished starting?' : 'check --table and --region'),
        );
      }
      throw explainAwsError(error, `reading table "${tableName}"`);
    }
  }

  const config = loadHubConfig(options.config);
  let ses: SESv2Client | undefined;
  let s3: S3Client | undefined;
  let cognito: CognitoIdentityProviderClient | undefined;
  return {
    userPoolId,
    cognito: () => {
      cognito ??= cognitoClient({ endpoint: endpoints.cognito, region });
      return cognito;
    },
    target,
    region,
    tableName,
    config,
    endpoints,
    documents,
    ses: () => {
      ses ??= sesClient({ endpoint: endpoints.ses, region });
      return ses;
    },
    s3: () => {
      s3 ??= s3Client({ endpoint: endpoints.s3, region });
      return s3;
    },
    describe: () => {
      const where = services
        .map((service) => `${SERVICE_NAMES[service]} ${endpoints[service] ?? `AWS ${region}`}`)
        .join(', ');
      return `${target === 'local' ? 'local stack' : 'AWS'}: ${where}; table ${tableName}`;
    },
  };
}
