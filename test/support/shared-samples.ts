/**
 * The labelled sample enquiries of the shared workspace (`../shared/samples/enquiries`, beside every
 * clone and in CI). A test that needs them fails the run when they are missing: a guard that
 * quietly skips guards nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SHARED_SAMPLES = path.resolve(import.meta.dirname, '../../../shared/samples/enquiries');

/** The samples' `labels.json`, parsed; throws naming the path when it is not there. */
export function sharedSampleLabels(): unknown {
  const file = path.join(SHARED_SAMPLES, 'labels.json');
  if (!existsSync(file)) {
    throw new Error(
      `shared sample labels missing: ${file} (the workspace's ../shared must sit beside the clone)`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}
