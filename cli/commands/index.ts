import type { Command } from 'commander';
import { registerDemoCommand } from './demo';
import { registerDlqCommand } from './dlq';
import { registerEscalateCommand } from './escalate';
import { registerIngestCommand } from './ingest';
import { registerReportCommand } from './report';
import { registerSlaCommand } from './sla';
import { registerTriageCommand } from './triage';

/** Every `send-hub` sub-command registers itself here. */
export function registerCommands(program: Command): void {
  registerSlaCommand(program);
  registerIngestCommand(program);
  registerDlqCommand(program);
  registerDemoCommand(program);
  registerTriageCommand(program);
  registerEscalateCommand(program);
  registerReportCommand(program);
}
