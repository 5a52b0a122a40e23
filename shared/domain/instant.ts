/**
 * Instants as the hub stores them. Apart from `enquiry.ts` so that a function storing a timestamp
 * (the SES feedback marks) does not bring the enquiry model and its schemas into its bundle. Pure.
 */
import { ValidationError } from './errors';

/** Normalises an ISO-8601 instant to UTC with milliseconds (`2026-11-23T09:14:00.000Z`), so stored strings sort in time order. */
export function toInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError(`not an ISO-8601 instant: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}
