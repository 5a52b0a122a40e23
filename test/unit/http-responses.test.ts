import { describe, expect, it } from 'vitest';
import {
  InternalError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../shared/domain/errors';
import { errorResponse } from '../../shared/http/responses';
import { PhoneLogValidationError } from '../../shared/intake/errors';

function parts(error: unknown, correlationId?: string) {
  const response = errorResponse(error, correlationId);
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

describe('errorResponse', () => {
  it('lists every bad field of a validation error with a code from its class', () => {
    const error = new PhoneLogValidationError('the phone log is not valid', [
      { path: '[3].caller.phone', message: 'is not a valid phone number' },
    ]);
    expect(parts(error)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'phone-log-validation',
          message: 'the phone log is not valid',
          fields: [{ path: '[3].caller.phone', message: 'is not a valid phone number' }],
        },
      },
    });
  });

  it('names the single field of a plain validation error', () => {
    expect(
      parts(new ValidationError('limit must be 1 to 100', { field: 'limit' })).body.error.fields,
    ).toEqual([{ path: 'limit', message: 'limit must be 1 to 100' }]);
  });

  it('shows the message of an exposed error with its own status', () => {
    expect(parts(new NotFoundError('enquiry E1 not found'))).toEqual({
      status: 404,
      body: { error: { code: 'not-found', message: 'enquiry E1 not found' } },
    });
  });

  it('hides internal errors and anything unknown behind a 500 with the correlation id', () => {
    for (const error of [new InternalError('table name missing'), new TypeError('x is undefined'), 'boom']) {
      const { status, body } = parts(error, 'req-9');
      expect(status).toBe(500);
      expect(body).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side.', correlationId: 'req-9' },
      });
    }
  });

  it('tells the caller to retry a 503 later', () => {
    const response = errorResponse(new ServiceUnavailableError('queue unavailable'), 'req-1');
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
  });

  it('honours middy-style http errors that are marked safe', () => {
    const error = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, expose: true });
    expect(parts(error).status).toBe(415);
  });
});
