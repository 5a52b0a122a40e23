/**
 * Builds the staff web page into `web/dist/`: the TypeScript in `web/src/` bundled by esbuild into
 * one ES module, the HTML shell and our stylesheet, GOV.UK Frontend's compiled stylesheet and
 * images, `openapi.json` (the API's contract) and a `config.json` for the local stack. The result is plain static files: the local
 * stack serves them, and in production they go to S3 behind CloudFront (whose deployment writes
 * its own `config.json` with the API URL and Cognito sign-in).
 *
 * GOV.UK Frontend's `@font-face` rules are left out on purpose: the GDS Transport typeface may
 * only be used by services on GOV.UK, and a council's service is not; the styles fall back to
 * Arial as GOV.UK Frontend's guidance asks.
 *
 * `npm run build:web`, or `buildWeb()` from code (the local stack and the tests).
 */
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { openApiDocument } from '../functions/api/openapi';

const WEB = import.meta.dirname;

/** What the page reads from `/config.json` (the production shape is infra's `WebRuntimeConfig`). */
export interface WebPageConfig {
  readonly stage: string;
  /** Base URL of the API; empty for the same origin. */
  readonly apiBaseUrl: string;
  readonly auth: {
    /** A path (`/auth/sign-in`): the local password sign-in. A URL: the Cognito hosted sign-in domain. */
    readonly signInUrl: string;
    readonly clientId: string;
    readonly scopes: readonly string[];
    /** Where Cognito sends the browser back; empty for the page's own origin. */
    readonly redirectUri: string;
  };
}

/** The configuration written for the local stack. */
export const LOCAL_WEB_CONFIG: WebPageConfig = {
  stage: 'local',
  apiBaseUrl: '',
  auth: {
    signInUrl: '/auth/sign-in',
    clientId: 'send-hub-local-web',
    scopes: ['send-hub/api'],
    redirectUri: '',
  },
};

export interface BuildWebOptions {
  /** Output folder (default `web/dist`). */
  readonly outDir?: string;
  /** Runtime configuration to write as `config.json` (default: the local stack's). */
  readonly config?: WebPageConfig;
  readonly minify?: boolean;
}

export interface BuiltWeb {
  readonly outDir: string;
  readonly milliseconds: number;
}

function govukFrontendDist(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
}

/** GOV.UK Frontend's stylesheet without its GDS Transport `@font-face` rules (see the file comment). */
function stylesheetWithoutGovukFonts(css: string): string {
  return css.replace(/@font-face\s*\{[^}]*\}/g, '');
}

/** Builds the page; safe to call repeatedly (the output folder is replaced). */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuiltWeb> {
  const started = performance.now();
  const outDir = options.outDir ?? path.join(WEB, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  await build({
    entryPoints: [path.join(WEB, 'src', 'main.ts')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'silent',
  });

  // The parents' status page: public, no sign-in, its own small script.
  await build({
    entryPoints: [path.join(WEB, 'src', 'status-page.ts')],
    outfile: path.join(outDir, 'status.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'silent',
  });

  copyFileSync(path.join(WEB, 'index.html'), path.join(outDir, 'index.html'));
  copyFileSync(path.join(WEB, 'status.html'), path.join(outDir, 'status.html'));
  copyFileSync(path.join(WEB, 'static', 'app.css'), path.join(outDir, 'app.css'));
  copyFileSync(path.join(WEB, 'static', 'favicon.svg'), path.join(outDir, 'favicon.svg'));

  const govuk = govukFrontendDist();
  const css = readFileSync(path.join(govuk, 'govuk-frontend.min.css'), 'utf8');
  writeFileSync(path.join(outDir, 'govuk-frontend.min.css'), stylesheetWithoutGovukFonts(css));
  cpSync(path.join(govuk, 'assets', 'images'), path.join(outDir, 'assets', 'images'), { recursive: true });

  const config = options.config ?? LOCAL_WEB_CONFIG;
  writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  // The API's contract is a static file beside the page: reading it never invokes the API.
  writeFileSync(
    path.join(outDir, 'openapi.json'),
    `${JSON.stringify(openApiDocument(config.apiBaseUrl), null, 2)}\n`,
  );
  return { outDir, milliseconds: Math.round(performance.now() - started) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const built = await buildWeb();
  process.stdout.write(
    `web page built into ${path.relative(process.cwd(), built.outDir)} in ${built.milliseconds} ms\n`,
  );
}
