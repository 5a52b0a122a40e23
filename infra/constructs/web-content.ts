/**
 * Builds the staff page and puts it into its bucket, then invalidates CloudFront.
 *
 * The page is built at synth time by `web/build.ts` (the same build the local stack uses) as an
 * asset bundling step, so a deploy always ships the page of the commit being deployed and rolling
 * back the stateless stack rolls the page back too. Without `web/build.ts`, a prebuilt `web/dist`
 * is used; with neither, only the runtime configuration is deployed and synth warns.
 *
 * `config.json` tells the page where the API and the sign-in are. It is written by the deployment
 * (values resolved at deploy time) and replaces the local one the build writes, as does
 * `openapi.json`, the API's contract published as a static file (its `servers` names the API).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Annotations, DockerImage, Stack } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { openApiDocument } from '../../functions/api/openapi';
import { acknowledgeCdkProvider } from '../nag/acknowledge';
import { logRetentionFor } from './send-hub-function';

/** What the page reads from `/config.json` (mirrors `WebPageConfig` in web/build.ts). */
export interface WebRuntimeConfig {
  readonly stage: string;
  readonly apiBaseUrl: string;
  readonly auth: {
    readonly signInUrl: string;
    readonly clientId: string;
    readonly scopes: readonly string[];
    readonly redirectUri: string;
  };
}

export interface WebContentProps {
  readonly bucket: s3.IBucket;
  readonly distribution: cloudfront.IDistribution;
  readonly config: WebRuntimeConfig;
  /** Repository root holding `web/`. */
  readonly root: string;
  readonly logKey: IKey;
  readonly logRetentionDays: number;
}

/**
 * Runs `buildWeb()` from `web/build.ts` into `outputDir` (a child process, because asset bundling
 * is synchronous), then drops the source maps and the build's local `config.json`.
 */
function buildPage(webDir: string, outputDir: string): void {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const script = [
    `const { buildWeb } = await import(${JSON.stringify(pathToFileURL(path.join(webDir, 'build.ts')).href)});`,
    `await buildWeb({ outDir: ${JSON.stringify(outputDir)} });`,
  ].join('\n');
  execFileSync(process.execPath, ['--import', tsx, '--input-type=module', '--eval', script], {
    stdio: 'pipe',
  });
  for (const file of readdirSync(outputDir, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.map') || file === 'config.json') rmSync(path.join(outputDir, file));
  }
}

/** Where the page comes from: built from `web/` when it has its build script, else a prebuilt `web/dist`. */
export function webPageSource(root: string): s3deploy.ISource | undefined {
  const webDir = path.join(root, 'web');
  if (existsSync(path.join(webDir, 'build.ts'))) {
    return s3deploy.Source.asset(webDir, {
      // The fingerprint covers the sources, not a previous build's output.
      exclude: ['dist', 'node_modules'],
      bundling: {
        // Required by the API but never pulled: the local build below always answers.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
        local: {
          tryBundle(outputDir: string): boolean {
            buildPage(webDir, outputDir);
            return true;
          },
        },
      },
    });
  }
  const dist = path.join(webDir, 'dist');
  return existsSync(path.join(dist, 'index.html'))
    ? s3deploy.Source.asset(dist, { exclude: ['**/*.map', 'config.json'] })
    : undefined;
}

export class WebContent extends Construct {
  readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebContentProps) {
    super(scope, id);
    const page = webPageSource(props.root);
    if (page === undefined) {
      Annotations.of(this).addWarningV2(
        'send-hub:no-web-page',
        'Neither web/build.ts nor web/dist/index.html exists: only config.json is deployed to the site bucket.',
      );
    }
    // Later sources win: the deployed config.json and openapi.json (naming the deployed API)
    // replace the page build's local ones.
    const sources = [
      ...(page === undefined ? [] : [page]),
      s3deploy.Source.jsonData('config.json', props.config),
      s3deploy.Source.jsonData('openapi.json', openApiDocument(props.config.apiBaseUrl)),
    ];
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: props.bucket,
      sources,
      distribution: props.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 512,
      logGroup: new logs.LogGroup(this, 'DeployLogs', {
        retention: logRetentionFor(props.logRetentionDays),
        encryptionKey: props.logKey,
      }),
    });
    const stack = Stack.of(this);
    for (const child of stack.node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        acknowledgeCdkProvider(child, 'deploying the web page (s3-deployment BucketDeployment)');
      }
    }
  }
}
