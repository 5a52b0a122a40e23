/**
 * The API's front door: a CloudFront distribution with the stage's WAF web ACL in front of the
 * HTTP API (which cannot take a web ACL itself), on the API's own domain with TLS 1.2 (2021) as
 * the lowest protocol. Nothing is cached; every viewer header but Host goes to the origin (with
 * caching off, the Authorization header may travel through the origin request policy), and the
 * CORS preflight reaches API Gateway like any other request.
 *
 * The `execute-api` address stays reachable on the internet (an HTTP API can neither be made
 * private nor turn its default endpoint off while CloudFront needs it as the origin), so CloudFront
 * adds a secret header (`x-origin-verify`) to every request it forwards, and the functions behind
 * the API refuse any request without it (`shared/http/origin-verification.ts`): a request sent
 * straight to `execute-api` skipped the WAF and gets a 403 before any work. The value is generated
 * in Secrets Manager by this stack; the template holds only a dynamic reference to it, resolved by
 * CloudFormation at deploy time. Rotation (docs/deploy.md): put a new value, then deploy with its
 * version id in `api.originSecretVersionId`; the functions accept the current and previous values
 * meanwhile.
 */
import { Fn, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verification';
import { acknowledgeRule } from '../nag/acknowledge';
import type { SendHubFunction } from './send-hub-function';

export interface ApiDistributionProps {
  readonly stage: string;
  /** `https://<id>.execute-api.<region>.amazonaws.com`, the HTTP API's own endpoint. */
  readonly apiEndpoint: string;
  readonly webAclArn: string;
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
  readonly allowedCountries: readonly string[];
  readonly accessLogs: s3.IBucket;
  /**
   * Version of the origin secret CloudFront sends (after a rotation); unset: the version current
   * when the distribution was last deployed.
   */
  readonly originSecretVersionId?: string;
}

export class ApiDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<host>` the page calls. */
  readonly origin: string;
  /** The value CloudFront adds as `x-origin-verify`; the functions behind the API check it. */
  readonly originSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    const host = Fn.select(2, Fn.split('/', props.apiEndpoint));
    const domain =
      props.customDomain === undefined
        ? {}
        : {
            domainNames: [props.customDomain.name],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.customDomain.certificateArn,
            ),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          };
    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `SEND Hub ${props.stage}: header value CloudFront adds to API requests (x-origin-verify)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Redeploying from nothing makes a new value for both sides; nothing else depends on it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeRule(
      this.originSecret,
      'AwsSolutions-SMG4',
      'Rotated by hand (docs/deploy.md, "Rotating the origin secret"): CloudFront must be redeployed with each new value, which a rotation Lambda cannot do; the functions accept the current and previous values so nothing is refused during it.',
    );
    const headerValue = SecretValue.secretsManager(this.originSecret.secretArn, {
      ...(props.originSecretVersionId === undefined ? {} : { versionId: props.originSecretVersionId }),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `SEND Hub ${props.stage} API`,
      defaultBehavior: {
        origin: new origins.HttpOrigin(host, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          // A dynamic reference: the template never holds the value.
          customHeaders: { [ORIGIN_VERIFY_HEADER]: headerValue.unsafeUnwrap() },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: cloudfront.GeoRestriction.allowlist(...props.allowedCountries),
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront-api/',
      logIncludesCookies: false,
      ...domain,
    });
    this.origin =
      props.customDomain === undefined
        ? `https://${this.distribution.distributionDomainName}`
        : `https://${props.customDomain.name}`;
    if (props.customDomain === undefined) {
      acknowledgeRule(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain (a development stage) CloudFront serves its *.cloudfront.net certificate, whose TLS policy cannot be chosen; production stages must set api.customDomain, which applies TLSv1.2_2021.',
      );
    }
  }

  /** Lets a function behind the API read the origin secret and tells it where (`ORIGIN_SECRET_ARN`). */
  grantOriginCheck(fn: SendHubFunction): void {
    fn.setEnvironment('ORIGIN_SECRET_ARN', this.originSecret.secretArn);
    this.originSecret.grantRead(fn.role);
  }
}
