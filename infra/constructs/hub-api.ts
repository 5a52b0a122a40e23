/**
 * The HTTP API in front of the staff API's functions (one per route group) and ingest-phone.
 *
 * Routes, authorisation and CORS come from `shared/adapters/api-definition.ts`, the list the local
 * stack serves too. Authorisation: a JWT authoriser trusting the staff user pool, with every route
 * but the CORS preflight (`OPTIONS /{proxy+}`) requiring the `send-hub/api` scope. Only Cognito *access* tokens carry
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
import {
  API_CORS,
  API_RESOURCE_SERVER,
  API_ROUTES,
  API_SCOPE,
  API_SCOPE_NAME,
  type RouteMethod,
} from '../../shared/adapters/api-definition';
import type { FunctionName } from '../../shared/adapters/resource-definitions';
import { acknowledgeRule } from '../nag/acknowledge';
import { logRetentionFor, type SendHubFunction } from './send-hub-function';

export { API_RESOURCE_SERVER, API_SCOPE, API_SCOPE_NAME } from '../../shared/adapters/api-definition';

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

const HTTP_METHODS: Record<RouteMethod, apigwv2.HttpMethod> = {
  GET: apigwv2.HttpMethod.GET,
  POST: apigwv2.HttpMethod.POST,
  PUT: apigwv2.HttpMethod.PUT,
  PATCH: apigwv2.HttpMethod.PATCH,
  DELETE: apigwv2.HttpMethod.DELETE,
  OPTIONS: apigwv2.HttpMethod.OPTIONS,
  ANY: apigwv2.HttpMethod.ANY,
};

export interface HubApiProps {
  readonly stage: string;
  readonly userPool: cognito.UserPool;
  /** Origin of the staff page, the only CORS origin and OAuth callback (plus `extraOrigins`). */
  readonly webOrigin: string;
  readonly extraOrigins: readonly string[];
  /** The functions the routes name (`API_ROUTES`): ingest-phone and the staff API's. */
  readonly targets: Partial<Record<FunctionName, SendHubFunction>>;
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
      // Short-lived: a token outlives a removed leaver at most this long at API Gateway (the API
      // itself refuses it at once, the staff link being gone); refresh keeps people signed in.
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
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
        allowMethods: API_CORS.allowMethods.map((method) => apigwv2.CorsHttpMethod[method]),
        allowHeaders: [...API_CORS.allowHeaders],
        maxAge: Duration.seconds(API_CORS.maxAgeSeconds),
        allowCredentials: API_CORS.allowCredentials,
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

    // One integration per function, shared by all of its routes (ids as before the API was split).
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationOf = (target: FunctionName): HttpLambdaIntegration => {
      const known = integrations.get(target);
      if (known !== undefined) return known;
      const fn = props.targets[target];
      if (fn === undefined) throw new Error(`no function for routes to ${target}`);
      const made = new HttpLambdaIntegration(fn.node.id, fn.function);
      integrations.set(target, made);
      return made;
    };
    for (const route of API_ROUTES) {
      const integration = integrationOf(route.target);
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [HTTP_METHODS[route.method]],
        integration,
        ...(route.authorised ? { authorizer, authorizationScopes: [API_SCOPE] } : {}),
      });
      if (!route.authorised) {
        for (const open of added) {
          acknowledgeRule(open, 'AwsSolutions-APIG4', route.openBecause ?? 'open route');
        }
      }
    }
  }

  /** Base URL of the API (the `$default` stage has no path segment). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
