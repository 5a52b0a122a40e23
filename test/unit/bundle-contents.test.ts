/**
 * What each function's bundle carries, built as the stack builds it (`bench/lib/bundles.ts`): the
 * third-party packages a function never runs stay out of it, so its cold start stays near its
 * floor (`npm run bundles`, docs/performance.md). A shared module that starts importing a heavy
 * package, or a handler that goes back to a wide adapter, fails here with the package named.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { beyondFloorByModule, bundle, floorSource, ROOT } from '../../bench/lib/bundles';

const outDir = mkdtempSync(path.join(os.tmpdir(), 'bundle-contents-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Contents {
  readonly packages: string[];
  readonly files: string[];
  /** zod's classic API (methods on schemas, ~112 KB) rather than only zod/mini. */
  readonly classicZod: boolean;
  /** Third-party modules by path from `node_modules/` (a package nested twice shows twice). */
  readonly modules: string[];
  /** The bundle's code. */
  readonly code: string;
}

const built = new Map<string, Promise<Contents>>();

/** Third-party packages and project files left in a function's bundle (each built once). */
function contents(name: string): Promise<Contents> {
  const found = built.get(name) ?? build(name);
  built.set(name, found);
  return found;
}

async function build(name: string): Promise<Contents> {
  const output = await bundle(name, { file: path.join(ROOT, 'functions', name, 'handler.ts') }, outDir);
  const inputs = Object.values(output.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return {
    packages: [...output.parts.keys()].filter((part) => part !== 'project code' && part !== 'config JSON'),
    files: inputs.filter((input) => !input.includes('node_modules/')),
    classicZod: inputs.some((input) => input.includes('node_modules/zod/v4/classic/')),
    modules: inputs
      .filter((input) => input.includes('node_modules/'))
      .map((input) => input.slice(input.indexOf('node_modules/') + 'node_modules/'.length)),
    code: readFileSync(output.file, 'utf8'),
  };
}

describe('function bundles', () => {
  it('leave Powertools Metrics out of the functions that emit no metric', { timeout: 60_000 }, async () => {
    for (const name of [
      'ingest-email',
      'ingest-phone',
      'reporter',
      'retention',
      'ses-feedback',
      'duty-alerts',
      'workload',
      'statutory-alerts',
    ]) {
      const { packages } = await contents(name);
      expect(packages, name).toContain('@aws-lambda-powertools/logger');
      expect(packages, name).not.toContain('@aws-lambda-powertools/metrics');
    }
    expect((await contents('escalator')).packages).toContain('@aws-lambda-powertools/metrics');
  });

  it('give ses-feedback its do-not-reply store and none of the enquiry repository', {
    timeout: 60_000,
  }, async () => {
    const { files } = await contents('ses-feedback');
    expect(files).toContain('shared/adapters/do-not-reply-store.ts');
    expect(files).not.toContain('shared/adapters/enquiry-repository.ts');
  });

  it('leave the numbering plans (libphonenumber-js) to the functions that parse typed numbers', {
    timeout: 60_000,
  }, async () => {
    for (const name of [
      'escalator',
      'duty-alerts',
      'workload',
      'statutory-alerts',
      'reporter',
      'ses-feedback',
      'retention',
    ]) {
      expect((await contents(name)).packages, name).not.toContain('libphonenumber-js');
    }
    expect((await contents('ingest-phone')).packages).toContain('libphonenumber-js');
  });

  it('give each 5-minute sweep only the chore it runs', { timeout: 120_000 }, async () => {
    // The module each chore lives in, and the sweep function that runs it.
    const chores: Record<string, string> = {
      'shared/sweep/escalation-sweep.ts': 'escalator',
      'shared/sweep/digest.ts': 'escalator',
      'shared/safeguarding/duty-alerts.ts': 'duty-alerts',
      'shared/workload/away-starts.ts': 'workload',
      'shared/workload/idle-claims.ts': 'workload',
      'shared/workload/morning-summary.ts': 'workload',
      'shared/statutory/statutory-sweep.ts': 'statutory-alerts',
    };
    for (const name of ['escalator', 'duty-alerts', 'workload', 'statutory-alerts']) {
      const { files, packages, classicZod } = await contents(name);
      for (const [file, owner] of Object.entries(chores)) {
        expect(files.includes(file), `${file} in ${name}`).toBe(owner === name);
      }
      // The sweep that runs every chore at once is for send-hub escalate and the tests only.
      expect(files, name).not.toContain('shared/sweep/run-sweep.ts');
      expect(classicZod, name).toBe(false);
      // Statutory alerts only write notices for the escalator's digests: no SES client.
      expect(packages.includes('@aws-sdk/client-sesv2'), `SES in ${name}`).toBe(name !== 'statutory-alerts');
    }
  });

  it("ship only the bank holidays' dates, and no copy of config/hub.json (each function reads HUB_CONFIG_FILE)", {
    timeout: 60_000,
  }, async () => {
    for (const name of ['escalator', 'reporter', 'api-casework']) {
      const { files } = await contents(name);
      expect(files, name).not.toContain('shared/domain/published-bank-holidays.ts');
      expect(files, name).toContain('config/bank-holidays.json');
      expect(files, name).not.toContain('config/hub.json');
    }
  });

  it('give the reporter the enquiry and escalation-log readers, none of the enquiry writes', {
    timeout: 60_000,
  }, async () => {
    const { files } = await contents('reporter');
    expect(files).toContain('shared/adapters/enquiry-reader.ts');
    expect(files).toContain('shared/adapters/escalation-log.ts');
    expect(files).not.toContain('shared/adapters/enquiry-repository.ts');
    expect(files).not.toContain('shared/adapters/escalation-store.ts');
    // Reading the escalation log needs the recipient roles, not the planner's schemas.
    expect(files).not.toContain('shared/escalation/escalation-plan.ts');
    // The reports' schemas are the OpenAPI document's: the report's code uses their types only.
    expect(files).toContain('shared/reporting/response-time-report.ts');
    expect(files).not.toContain('shared/reporting/response-schemas.ts');
    expect((await contents('statutory-alerts')).files).not.toContain('shared/adapters/enquiry-repository.ts');
  });

  it("give each staff API function only its own group's libraries, and zod/mini alone", {
    timeout: 120_000,
  }, async () => {
    const api = ['api', 'api-casework', 'api-finding', 'api-reports', 'api-admin'];
    const only = (pkg: string, owner: string) => async () => {
      for (const name of api) {
        expect((await contents(name)).packages.includes(pkg), `${pkg} in ${name}`).toBe(name === owner);
      }
    };
    await only('@aws-sdk/client-sesv2', 'api-casework')();
    await only('@aws-lambda-powertools/metrics', 'api-casework')();
    await only('libphonenumber-js', 'api-finding')();
    await only('@aws-sdk/client-cognito-identity-provider', 'api-admin')();
    for (const name of api) expect((await contents(name)).classicZod, name).toBe(false);
    // The catch-all runs no route group: none of their use cases is in it.
    expect((await contents('api')).files.filter((file) => file.includes('functions/api/groups/'))).toEqual(
      [],
    );
  });

  it("build only their own routes' request schemas, and no response schema (those are the OpenAPI document's)", {
    timeout: 120_000,
  }, async () => {
    const api = ['api', 'api-casework', 'api-finding', 'api-reports', 'api-admin'];
    const owners: Record<string, string[]> = {
      'functions/api/schemas/casework.ts': ['api-casework'],
      'functions/api/schemas/statutory.ts': ['api-casework'],
      'functions/api/schemas/availability.ts': ['api-casework'],
      'functions/api/schemas/report.ts': ['api-reports'],
      'functions/api/schemas/admin.ts': ['api-admin'],
    };
    for (const name of api) {
      const { files } = await contents(name);
      for (const [schemas, holders] of Object.entries(owners)) {
        expect(files.includes(schemas), `${schemas} in ${name}`).toBe(holders.includes(name));
      }
      expect(
        files.filter((file) => file.endsWith('/response-schemas.ts')),
        name,
      ).toEqual([]);
    }
  });

  it("read enquiries in api-reports without the repository's writes, and the escalation log only there", {
    timeout: 120_000,
  }, async () => {
    const reports = (await contents('api-reports')).files;
    expect(reports).toContain('shared/adapters/enquiry-reader.ts');
    expect(reports).toContain('shared/adapters/escalation-log.ts');
    expect(reports).not.toContain('shared/adapters/enquiry-repository.ts');
    expect(reports).not.toContain('shared/adapters/escalation-store.ts');
    for (const name of ['api-casework', 'api-finding', 'api-admin']) {
      expect((await contents(name)).files, name).not.toContain('shared/adapters/escalation-store.ts');
    }
  });

  it("carry the hub's own zod messages, no zod locale, and none of zod's ISO or coercion schemas the hub never builds", {
    timeout: 120_000,
  }, async () => {
    for (const name of ['ingest-phone', 'ses-feedback', 'escalator', 'api-finding', 'reporter']) {
      const { files, modules, code } = await contents(name);
      expect(files, name).toContain('shared/domain/zod-messages.ts');
      expect(
        modules.filter((module) => module.startsWith('zod/v4/locales/')),
        name,
      ).toEqual([]);
      // `z.iso` and `z.coerce` name only what the schemas use (shared/domain/zod.ts).
      for (const unused of ['ZodMiniISODuration', 'ZodMiniISOTime', 'ZodMiniBigInt', 'ZodMiniDate']) {
        expect(code.includes(`"${unused}"`), `${unused} in ${name}`).toBe(false);
      }
    }
  });

  it('hold one copy of Powertools commons where the logger and metrics are both used', {
    timeout: 60_000,
  }, async () => {
    for (const name of ['escalator', 'api-casework']) {
      const { modules } = await contents(name);
      expect(
        modules.filter((module) => module.endsWith('@aws-lambda-powertools/commons/lib/esm/index.js')),
        name,
      ).toEqual(['@aws-lambda-powertools/commons/lib/esm/index.js']);
    }
  });

  it('build no enquiry schemas in functions that only look up staff or write do-not-reply marks', {
    timeout: 60_000,
  }, async () => {
    // The staff and roster stores read caseworkers (shared/domain/caseworker.ts) and the table's
    // keys need only the status (enquiry-status.ts): neither brings the enquiry's ~150 schemas.
    for (const name of ['ingest-phone', 'ses-feedback']) {
      expect((await contents(name)).files, name).not.toContain('shared/domain/enquiry.ts');
    }
  });

  it("build none of the intake message's schemas in functions that only read enquiries or queue calls", {
    timeout: 120_000,
  }, async () => {
    // An enquiry keeps its requester and attachments (shared/domain/requester.ts) and the queue
    // needs only its JSON text (queue-json.ts); the email and phone intake schemas are the router's.
    for (const name of [
      'ingest-phone',
      'escalator',
      'duty-alerts',
      'workload',
      'statutory-alerts',
      'reporter',
      'retention',
      'api-casework',
      'api-finding',
      'api-reports',
      'api-admin',
    ]) {
      expect((await contents(name)).files, name).not.toContain('shared/domain/intake-message.ts');
    }
    expect((await contents('router')).files).toContain('shared/domain/intake-message.ts');
  });

  it('say by module where the bytes beyond a floor come from (npm run bundles -- --modules)', {
    timeout: 120_000,
  }, async () => {
    const item = await bundle('api', { file: path.join(ROOT, 'functions/api/handler.ts') }, outDir);
    const floor = await bundle('api (floor)', { contents: floorSource('api', item.metafile) }, outDir);
    const modules = new Map(beyondFloorByModule(item, floor));
    // Our own files by path, packages by name; the SDK clients are the floor's, so at most a few
    // bytes of them (what the two builds keep differently) are beyond it.
    expect(modules.get('shared/adapters/api-routes.ts')).toBeGreaterThan(1000);
    expect(modules.get('zod')).toBeGreaterThan(10_000);
    const clients = [...modules].filter(([key]) => key.startsWith('@aws-sdk/client-'));
    expect(clients.filter(([, size]) => size > 1024)).toEqual([]);
  });
});
