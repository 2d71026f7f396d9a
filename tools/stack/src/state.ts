/**
 * `.stack/state.json`: what this checkout's stack started, so `down` stops exactly that and
 * `status` knows where to look.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartedService {
  pid: number;
  /** A string in the process's command line that proves a recorded pid is still ours. */
  marker: string;
  startedAt: string;
}

export interface StackState {
  postgres?: StartedService & { port: number };
  kafka?: StartedService & { port: number; controllerPort: number };
  redis?: StartedService & { port: number };
}

export function readState(stateDir: string): StackState {
  const file = join(stateDir, 'state.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch {
    return {};
  }
}

export function writeState(stateDir: string, state: StackState): void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'state.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}
