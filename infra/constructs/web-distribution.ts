/**
 * The staff web page: a private S3 bucket behind CloudFront with origin access control, strict
 * security headers and request logs. It lives in the stateful stack because its address is what
 * staff bookmark and what Cognito and the API's CORS rule trust; the files themselves are
 * deployed by the stateless stack.
 *
 * The site bucket uses S3-managed keys, not the KMS data key: it holds only the public page
 * (HTML, CSS, JS), never personal data, and SSE-S3 spares a key policy that would have to name
 * the distribution.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../nag/acknowledge';
import type { StageParams } from '../stages';

export interface WebDistributionProps {
  readonly params: StageParams;
  readonly accessLogs: s3.IBucket;
  /** Cognito hosted sign-in base URL (https://<prefix>.auth.<region>.amazoncognito.com). */
  readonly signInUrl: string;
  /** The stage's CloudFront WAF web ACL (edge stack, us-east-1). */
  readonly webAclArn: string;
}

/** Where the page calls the API: its custom domain, or (development) any CloudFront address. */
export function apiOriginFor(params: Pick<StageParams, 'api'>): string {
  return params.api.customDomain === undefined
    ? 'https://*.cloudfront.net'
    : `https://${params.api.customDomain}`;
}

/**
 * The page's Content-Security-Policy: everything from its own origin, API calls to the API's front
 * door (its custom domain in production) and Cognito's token endpoint, no inline script, no framing.
 */
export function contentSecurityPolicy(apiOrigin: string, signInUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${apiOrigin} ${signInUrl}`,
    `form-action 'self' ${signInUrl}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** CloudFront Function code: `/status` (and `/status/`) is the parents' status page file. */
export const STATUS_PAGE_REWRITE = [
  'function handler(event) {',
  '  var request = event.request;',
  "  if (request.uri === '/status' || request.uri === '/status/') request.uri = '/status.html';",
  '  return request;',
  '}',
].join('\n');

export class WebDistribution extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<host>` of the page: the CORS origin and the OAuth callback. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    const { web } = props.params;

    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versions let a bad page deployment be rolled back by hand.
      versioned: true,
      lifecycleRules: [{ id: 'old-versions', noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 's3/site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'SEND Hub staff page: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(apiOriginFor(props.params), props.signInUrl),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
            override: true,
          },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
      removeHeaders: ['Server'],
    });

    const customDomain =
      web.customDomain !== undefined && web.certificateArn !== undefined
        ? {
            domainNames: [web.customDomain],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', web.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {};

    // The parents' status page lives at `/status` (the address acknowledgements link to); its file
    // is `status.html`. S3 has no such rewrite, so a viewer-request function maps the one path.
    const pagePaths = new cloudfront.Function(this, 'PagePaths', {
      comment: 'SEND Hub: /status serves status.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(STATUS_PAGE_REWRITE),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `SEND Hub ${props.params.stage} staff page`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          { function: pagePaths, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: cloudfront.GeoRestriction.allowlist(...web.allowedCountries),
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      webAclId: props.webAclArn,
      ...customDomain,
    });
    this.origin =
      web.customDomain !== undefined
        ? `https://${web.customDomain}`
        : `https://${this.distribution.distributionDomainName}`;

    if (web.customDomain === undefined) {
      acknowledgeRule(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be chosen; setting web.customDomain and web.certificateArn applies TLSv1.2_2021.',
      );
    }
  }
}
