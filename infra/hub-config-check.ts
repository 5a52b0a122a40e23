/**
 * The stage parameters and the hub configuration bundled with the functions must agree: the
 * handlers send from the configuration's `hub.fromAddress`, which SES only accepts on the stage's
 * verified domain, and they put links to `hub.webBaseUrl` in emails. Checked at synth, so a
 * mismatch is found before a deploy rather than by a parent who never gets an acknowledgement.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '../shared/config/hub-config';
import { readHubConfigFile } from '../shared/config/load-hub-config';
import { StageConfigError, type StageParams } from './stages';

export interface HubConfigCheck {
  /** Things worth a synth warning that do not stop a deploy. */
  readonly warnings: string[];
  /** The configuration, when the file exists (teams become the user pool's team groups). */
  readonly config?: HubConfig;
}

/**
 * Compares the stage with its hub configuration file (relative to `sourceRoot`). A missing file
 * is left to the function construct, which refuses to bundle without it.
 * @throws StageConfigError when the From address differs.
 */
export function checkHubConfig(params: StageParams, sourceRoot: string): HubConfigCheck {
  const file = path.resolve(sourceRoot, params.hubConfigFile);
  if (!existsSync(file)) return { warnings: [] };
  let config: HubConfig;
  try {
    config = readHubConfigFile(file);
  } catch (error) {
    throw new StageConfigError(`hubConfigFile ${params.hubConfigFile} is not a valid hub configuration`, {
      cause: error,
    });
  }
  if (config.hub.fromAddress.toLowerCase() !== params.mail.fromAddress.toLowerCase()) {
    throw new StageConfigError(
      `mail.fromAddress (${params.mail.fromAddress}) must equal hub.fromAddress in ${params.hubConfigFile} (${config.hub.fromAddress}): the functions send from the configuration's address and SES accepts only the stage's domain`,
    );
  }
  const warnings: string[] = [];
  const webBaseUrl = config.hub.webBaseUrl;
  // With a custom domain the bundled configuration links to it (build-app.ts), whatever the file says.
  if (params.web.customDomain === undefined && !webBaseUrl.startsWith('https://')) {
    warnings.push(
      `hub.webBaseUrl in ${params.hubConfigFile} is ${webBaseUrl}; set it to the WebUrl output after the first deploy so links in emails work`,
    );
  }
  return { warnings, config };
}
