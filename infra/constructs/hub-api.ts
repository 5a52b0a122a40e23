/**
 * The HTTP API in front of the api and ingest-phone functions.
 *
 * Authorisation: a JWT authoriser trusting the staff user pool, with every route except the
 * public OpenAPI document requiring the `send-hub/api` scope. Only Cognito *access* tokens carry
 * a `scope` claim (ID tokens have none), so requiring a scope is what stops an ID token being
 * replayed as a bearer token; the authoriser alone cannot tell the two apart. The web page gets
 * such a token through the hosted sign-in (authorisation code with PKCE). Which group may do
 * what (`cognito:groups` in the same token) is decided by the handlers.
 *
 * CORS admits only the staff page's origin. Access logs record request id, route, status,
 * latency and errors, and deliberately nothing about the caller (no IP, user agent or claims).
 */
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../nag/acknowledge';
import { logRetentionFor, type SendHubFunction } from './send-hub-function';

/** Resource server identifier and scope; access tokens must carry `send-hub/api`. */
export const API_RESOURCE_SERVER = 'send-hub';
export const API_SCOPE_NAME = 'api';
export const API_SCOPE = `${API_RESOURCE_SERVER}/${API_SCOPE_NAME}`;

/** Routes anyone may call, and why. Every other route requires a staff access token. */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  'GET /openapi.json': 'The API description holds no data; publishing it lets integrators read the contract.',
};

/** Access log line: what operators need to trace a request, nothing that identifies the caller. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
  responseLength: '$context.responseLength',
} as const;

export interface HubApiProps {
  readonly stage: string;
  readonly userPool: cognito.UserPool;
  /** Origin of the staff page, the only CORS origin and OAuth callback (plus `extraOrigins`). */
  readonly webOrigin: string;
  readonly extraOrigins: readonly string[];
  readonly api: SendHubFunction;
  readonly ingestPhone: SendHubFunction;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logKey: IKey;
  readonly logRetentionDays: number;
}

export class HubApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly client: cognito.UserPoolClient;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);
    const origins = [props.webOrigin, ...props.extraOrigins];

    const scopeDefinition = new cognito.ResourceServerScope({
      scopeName: API_SCOPE_NAME,
      scopeDescription: 'Use the SEND Hub API',
    });
    const resourceServer = new cognito.UserPoolResourceServer(this, 'ResourceServer', {
      userPool: props.userPool,
      identifier: API_RESOURCE_SERVER,
      userPoolResourceServerName: `SEND Hub ${props.stage} API`,
      scopes: [scopeDefinition],
    });
    const apiScope = cognito.OAuthScope.resourceServer(resourceServer, scopeDefinition);
    this.client = new cognito.UserPoolClient(this, 'WebClient', {
      userPool: props.userPool,
      userPoolClientName: `send-hub-${props.stage}-web`,
      generateSecret: false,
      // Hosted sign-in only (code + PKCE); no password or SRP flows from the browser.
      authFlows: { userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE, apiScope],
        callbackUrls: origins.map((origin) => `${origin}/`),
        logoutUrls: origins.map((origin) => `${origin}/`),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(10),
    });

    const authorizer = new HttpJwtAuthorizer('StaffAccessToken', props.userPool.userPoolProviderUrl, {
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `send-hub-${props.stage}`,
      description: 'SEND Hub staff API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: origins,
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.PATCH,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
        allowCredentials: false,
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetentionFor(props.logRetentionDays),
      encryptionKey: props.logKey,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const apiIntegration = new HttpLambdaIntegration('ApiFunction', props.api.function);
    const openApiRoutes = this.httpApi.addRoutes({
      path: '/openapi.json',
      methods: [apigwv2.HttpMethod.GET],
      integration: apiIntegration,
    });
    for (const route of openApiRoutes) {
      acknowledgeRule(route, 'AwsSolutions-APIG4', PUBLIC_ROUTES['GET /openapi.json'] ?? 'public route');
    }
    this.httpApi.addRoutes({
      path: '/phone-logs',
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('IngestPhoneFunction', props.ingestPhone.function),
      authorizer,
      authorizationScopes: [API_SCOPE],
    });
    this.httpApi.addRoutes({
      path: '/{proxy+}',
      methods: [apigwv2.HttpMethod.ANY],
      integration: apiIntegration,
      authorizer,
      authorizationScopes: [API_SCOPE],
    });
  }

  /** Base URL of the API (the `$default` stage has no path segment). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
