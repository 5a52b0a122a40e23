/**
 * middy middleware that answers any error with `errorResponse` (one mapping for every HTTP
 * function) and logs it without personal data: the error's name and status, plus the stack for
 * our own faults (5xx), never request bodies.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { stackForLog } from '../domain/errors';
import { errorResponse, statusOf } from './responses';

/** Maps thrown errors to JSON error answers; put it last in the `.use()` chain. */
export function httpErrorResponses(options: {
  readonly logger: Logger;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    onError: (request) => {
      const error: unknown = request.error;
      const status = statusOf(error);
      const errorName = error instanceof Error ? error.name : typeof error;
      if (status >= 500) {
        options.logger.error('request failed', {
          errorName,
          statusCode: status,
          stack: stackForLog(error),
        });
      } else {
        options.logger.info('request refused', { errorName, statusCode: status });
      }
      request.response = errorResponse(error, request.context.awsRequestId);
    },
  };
}
