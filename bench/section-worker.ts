/**
 * Runs ONE benchmark section in its own process (started by `bench/run.ts`), so every section
 * starts from a clean Node process (fresh module cache, JIT and heap) and its emulators, handlers
 * and sockets cannot leak into the next. Sends the report back over IPC and exits.
 */
import { isSectionId, type SectionOptions } from './lib/report';
import { sectionEntry } from './sections';

async function main(): Promise<void> {
  const [id, optionsJson] = process.argv.slice(2);
  if (id === undefined || !isSectionId(id) || optionsJson === undefined) {
    throw new Error('usage: section-worker.ts <section-id> <options-json>');
  }
  const options = JSON.parse(optionsJson) as SectionOptions;
  const section = await sectionEntry(id).load();
  const report = await section.run(options);
  await new Promise<void>((resolve, reject) => {
    if (process.send === undefined) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      resolve();
      return;
    }
    process.send({ kind: 'report', report }, (error: Error | null) =>
      error === null ? resolve() : reject(error),
    );
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
