import { Command } from 'commander';
import { registerCommands } from './commands';

const program = new Command()
  .name('send-hub')
  .description('SEND Hub: enquiry triage and response-time monitor')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

await registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commands throw CliError for expected failures (bad flags, bad files): one clear line, exit 1.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`send-hub: ${message}\n`);
  process.exitCode = 1;
}
