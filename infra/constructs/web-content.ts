/**
 * Puts the staff page into its bucket and invalidates CloudFront. The page is taken from
 * `web/dist` when a build exists, otherwise from `web/` as it is; with neither, only the runtime
 * configuration is deployed and synth warns. `config.json` tells the page where the API and the
 * sign-in are, resolved at deploy time, so the same page build serves every stage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Stack } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeCdkProvider } from '../nag/acknowledge';

/** What the page reads from `/config.json`. */
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
}

/** The directory to publish: a build (`web/dist`) when there is one, else `web/`, else none. */
export function siteDirectory(root: string): string | undefined {
  const candidates = [path.join(root, 'web', 'dist'), path.join(root, 'web')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

export class WebContent extends Construct {
  readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebContentProps) {
    super(scope, id);
    const directory = siteDirectory(props.root);
    const sources = [s3deploy.Source.jsonData('config.json', props.config)];
    if (directory === undefined) {
      Annotations.of(this).addWarningV2(
        'send-hub:no-web-page',
        'No web/dist/index.html or web/index.html: only config.json is deployed to the site bucket.',
      );
    } else {
      sources.unshift(
        s3deploy.Source.asset(directory, {
          exclude: ['**/*.ts', '**/*.test.*', '**/*.md', 'node_modules', 'tsconfig*.json', 'dist'],
        }),
      );
    }
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: props.bucket,
      sources,
      distribution: props.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 512,
    });
    const stack = Stack.of(this);
    for (const child of stack.node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        acknowledgeCdkProvider(child, 'deploying the web page (s3-deployment BucketDeployment)');
      }
    }
  }
}
