import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../functions/escalator/handler';
import { senderPacing } from '../../shared/adapters/mailer';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import { HubConfigError } from '../../shared/config/hub-config';
import { defaultHubConfig, withSendingRate } from '../../shared/config/load-hub-config';
import {
  nextSendSlot,
  retryFits,
  sendIntervalMs,
  sendingShare,
  THROTTLE_BACKOFF,
  throttleBackoffMs,
} from '../../shared/domain/send-pacing';

describe('each sending container keeps to its share of the SES rate', () => {
  it('splits the account rate equally between the containers that may send at once', () => {
    expect(sendingShare(14, 8)).toBeCloseTo(1.75);
    expect(sendingShare(1, 1)).toBe(1);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => sendingShare(0, 3)).toThrow(RangeError);
  });

  it('gives the router five shares of ten and every sender up to half its timeout to wait', () => {
    const router = senderPacing('router', 14);
    const api = senderPacing('api-casework', 14);
    // Router (5 containers) + the three sweeps that email (escalator, duty alerts, workload) +
    // reporter + API: together exactly the account's rate.
    expect(router.perSecond * 5 + api.perSecond * 5).toBeCloseTo(14);
    expect(router.budgetMs).toBe(15_000);
    expect(api.budgetMs).toBe(5_000);
  });

  it('sends the first at once and spaces the next ones one interval apart', () => {
    const interval = sendIntervalMs(4);
    expect(interval).toBe(250);
    const first = nextSendSlot(null, 1000, interval);
    expect(first).toEqual({ slotMs: 1000, waitMs: 0 });
    const second = nextSendSlot(first.slotMs, 1010, interval);
    expect(second).toEqual({ slotMs: 1250, waitMs: 240 });
    const third = nextSendSlot(second.slotMs, 1020, interval);
    expect(third).toEqual({ slotMs: 1500, waitMs: 480 });
  });

  it('does not wait when the last send was longer ago than one interval', () => {
    expect(nextSendSlot(1000, 5000, 250)).toEqual({ slotMs: 5000, waitMs: 0 });
  });
});

describe('throttling is waited out with a growing, jittered back-off', () => {
  it('doubles the step with each retry up to the cap', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7].map((attempt) => throttleBackoffMs(attempt, 1));
    expect(steps).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000, 16_000]);
    expect(Math.max(...steps)).toBe(THROTTLE_BACKOFF.capMs);
  });

  it('never waits less than half the step, whatever the random draw', () => {
    expect(throttleBackoffMs(1, 0)).toBe(500);
    expect(throttleBackoffMs(3, 0)).toBe(2000);
    expect(throttleBackoffMs(3, 0.5)).toBe(3000);
  });

  it('retries only while the wait still ends within the budget', () => {
    expect(retryFits(10_000, 5_000, 15_000)).toBe(true);
    expect(retryFits(10_001, 5_000, 15_000)).toBe(false);
  });
});

describe('the sending rate comes from the configuration', () => {
  it('defaults to SES’s starting production rate and takes the environment’s override', () => {
    const config = defaultHubConfig();
    expect(config.sending.maxPerSecond).toBe(14);
    expect(withSendingRate(config, '40').sending.maxPerSecond).toBe(40);
    expect(withSendingRate(config, undefined)).toBe(config);
  });

  it('refuses an override that is not a positive number, naming the variable', () => {
    expect(() => withSendingRate(defaultHubConfig(), 'fast')).toThrow(/SES_MAX_SEND_RATE/);
    expect(() => withSendingRate(defaultHubConfig(), '0')).toThrow(HubConfigError);
  });
});

describe('the metric series the functions publish are the ones npm run cost prices', () => {
  it('lists every metric name the handlers publish, and nothing else', () => {
    const sources = ['router/router-handler.ts', 'api-casework/handler.ts', 'escalator/handler.ts'].map(
      (file) => readFileSync(path.join(import.meta.dirname, '../../functions', file), 'utf8'),
    );
    const literal = sources.flatMap((source) =>
      [...source.matchAll(/addMetric\(\s*'([A-Za-z]+)'/g)].map((match) => match[1]),
    );
    const published = new Set([...literal, ...Object.values(METRIC_NAMES)]);
    expect(new Set(RESOURCES.metrics.series.map((series) => series.name))).toEqual(published);
  });

  it('publishes no metric with a dimension beyond the service', () => {
    for (const file of ['router/router-handler.ts', 'api-casework/handler.ts', 'escalator/handler.ts']) {
      const source = readFileSync(path.join(import.meta.dirname, '../../functions', file), 'utf8');
      expect(source).not.toMatch(/addDimensions?\(/);
    }
  });
});
