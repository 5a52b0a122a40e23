/**
 * The API's front door: a CloudFront distribution with the stage's WAF web ACL in front of the
 * HTTP API (which cannot take a web ACL itself), on the API's own domain with TLS 1.2 (2021) as
 * the lowest protocol. Nothing is cached; every viewer header but Host goes to the origin (with
 * caching off, the Authorization header may travel through the origin request policy), and the
 * CORS preflight reaches API Gateway like any other request.
 *
 * The `execute-api` address stays reachable directly (an HTTP API can neither be made private nor
 * check a header without a Lambda authoriser); requests there still need a staff access token and
 * are throttled by the stage, but skip the WAF rules. docs/deploy.md says so.
 */
import { Fn } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../nag/acknowledge';

export interface ApiDistributionProps {
  readonly stage: string;
  /** `https://<id>.execute-api.<region>.amazonaws.com`, the HTTP API's own endpoint. */
  readonly apiEndpoint: string;
  readonly webAclArn: string;
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
  readonly allowedCountries: readonly string[];
  readonly accessLogs: s3.IBucket;
}

export class ApiDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<host>` the page calls. */
  readonly origin: string;

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
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `SEND Hub ${props.stage} API`,
      defaultBehavior: {
        origin: new origins.HttpOrigin(host, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
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
}
