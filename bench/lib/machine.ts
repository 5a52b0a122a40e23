/** The machine and code a run measured, for the report's introduction. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly nodeVersion: string;
  readonly platform: string;
  readonly loadAverage: readonly number[];
  readonly commit: string;
  /** Files changed since the commit (the bench measures the working tree). */
  readonly uncommittedChanges: number;
  readonly date: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function machineInfo(now: Date): MachineInfo {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain']);
  return {
    cores: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    uncommittedChanges: status === '' ? 0 : status.split('\n').length,
    date: now.toISOString(),
  };
}
