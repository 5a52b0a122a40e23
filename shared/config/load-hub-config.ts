/**
 * Loading the hub configuration (the adapter half of `hub-config.ts`: it touches files and the
 * environment). A function reads the file `HUB_CONFIG_FILE` names: the stack copies the stage's
 * configuration into every function's package and sets it, the local stack and the bench set it
 * too. Without it, the shipped `config/hub.json` is read from the source tree (the CLI, tests,
 * tools); it is not imported, so no function bundle carries a copy it never reads (~6 KB each).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from '../domain/zod';
import { type HubConfig, HubConfigError, parseHubConfig } from './hub-config';

/** How the shipped configuration is named in messages. */
export const DEFAULT_HUB_CONFIG_SOURCE = 'config/hub.json';

let shipped: HubConfig | undefined;

/** The configuration shipped in `config/hub.json` (read from the source tree), parsed once. */
export function defaultHubConfig(): HubConfig {
  shipped ??= readHubConfigFile(
    fileURLToPath(new URL('../../config/hub.json', import.meta.url)),
    DEFAULT_HUB_CONFIG_SOURCE,
  );
  return shipped;
}

/**
 * Reads and parses a configuration file. @throws HubConfigError (unreadable, not JSON, or invalid).
 * @param source how messages name it (default: the path).
 */
export function readHubConfigFile(path: string, source = path): HubConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new HubConfigError(`${source}: cannot read the file (${code})`, null, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HubConfigError(`${source}: not valid JSON (${(error as Error).message})`, null, {
      cause: error,
    });
  }
  return parseHubConfig(json, source);
}

/**
 * The hub configuration: the file at `path`, else the file named by `HUB_CONFIG_FILE`, else the
 * shipped `config/hub.json`. Call once at start-up (module scope) and pass the result around.
 * @throws HubConfigError naming the file and the bad field.
 */
export function loadHubConfig(path?: string, env: NodeJS.ProcessEnv = process.env): HubConfig {
  const file = path ?? env.HUB_CONFIG_FILE;
  const config = file === undefined || file.trim() === '' ? defaultHubConfig() : readHubConfigFile(file);
  return withSendingRate(withWebBaseUrl(config, env.HUB_WEB_BASE_URL), env.SES_MAX_SEND_RATE);
}

const SendRate = z.coerce.number().check(z.positive()).check(z.lte(10_000));

/**
 * The SES account's sending rate from the environment (`SES_MAX_SEND_RATE`) over the file's
 * `sending.maxPerSecond`: the local stack sets it, since the SES emulator has no quota and its
 * handlers share one process (one mailer per function stands for every container).
 * @throws HubConfigError when the variable is set and is not a positive number.
 */
export function withSendingRate(config: HubConfig, override: string | undefined): HubConfig {
  if (override === undefined || override.trim() === '') return config;
  const parsed = SendRate.safeParse(override);
  if (!parsed.success) {
    throw new HubConfigError(
      `SES_MAX_SEND_RATE: must be a positive number of emails a second (got "${override}")`,
      'sending.maxPerSecond',
    );
  }
  return { ...config, sending: { ...config.sending, maxPerSecond: parsed.data } };
}

const WebBaseUrl = z.pipe(
  z.url({ protocol: /^https?$/ }),
  z.transform((url) => url.replace(/\/+$/, '')),
);

/**
 * The staff page's address from the environment (`HUB_WEB_BASE_URL`, which the local stack sets to
 * its own port) over the file's `hub.webBaseUrl`, so links in emails point where the page really
 * is. Deployed stages take theirs from the bundled configuration (`infra/build-app.ts`, checked by
 * `infra/production-checks.ts`).
 * @throws HubConfigError when the variable is set and is not an http(s) URL.
 */
export function withWebBaseUrl(config: HubConfig, override: string | undefined): HubConfig {
  if (override === undefined || override.trim() === '') return config;
  const parsed = WebBaseUrl.safeParse(override.trim());
  if (!parsed.success) {
    throw new HubConfigError(
      'HUB_WEB_BASE_URL must be an http(s) URL, e.g. https://send-hub.example.gov.uk',
      'hub.webBaseUrl',
      {
        cause: parsed.error,
      },
    );
  }
  return { ...config, hub: { ...config.hub, webBaseUrl: parsed.data } };
}
