import type { Command } from 'commander';
import { registerDemoCommand } from './demo';
import { registerDlqCommand } from './dlq';
import { registerIngestCommand } from './ingest';
import { registerSlaCommand } from './sla';

/** Every `send-hub` sub-command registers itself here. */
export function registerCommands(program: Command): void {
  registerSlaCommand(program);
  registerIngestCommand(program);
  registerDlqCommand(program);
  registerDemoCommand(program);
}
