import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every `send-hub` sub-command, loaded on demand: running `send-hub sla ...` should not pay for
 * loading the mail, AWS and CDK code the other commands need.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  sla: async () => (await import('./sla')).registerSlaCommand,
  statutory: async () => (await import('./statutory')).registerStatutoryCommand,
  triage: async () => (await import('./triage')).registerTriageCommand,
  ingest: async () => (await import('./ingest')).registerIngestCommand,
  demo: async () => (await import('./demo')).registerDemoCommand,
  escalate: async () => (await import('./escalate')).registerEscalateCommand,
  report: async () => (await import('./report')).registerReportCommand,
  dlq: async () => (await import('./dlq')).registerDlqCommand,
  retention: async () => (await import('./retention')).registerRetentionCommand,
  'search-keys': async () => (await import('./search-keys')).registerSearchKeysCommand,
  staff: async () => (await import('./staff')).registerStaffCommand,
};

/** Registers the command named in `argv` (or all of them, for help and unknown commands). */
export async function registerCommands(
  program: Command,
  argv: readonly string[] = process.argv,
): Promise<void> {
  const requested = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const names = requested !== undefined && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
  for (const name of names) {
    const load = COMMANDS[name];
    if (load !== undefined) (await load())(program);
  }
}
