import type { Command } from 'commander';

/** Every `send-hub` sub-command registers itself here. */
export function registerCommands(program: Command): void {
  void program;
}
