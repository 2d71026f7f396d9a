/**
 * jest globalTeardown: stops the services globalSetup started (none that were already running),
 * unless SWITCHYARD_KEEP_STACK=1 asks to keep them for the next run.
 */
import { loadStackConfig } from './config';
import { stackDown } from './stack';

export default async function globalTeardown(): Promise<void> {
  if (process.env.SWITCHYARD_KEEP_STACK === '1') return;
  const started = (process.env.SWITCHYARD_TEST_STACK_STARTED ?? '')
    .split(',')
    .filter((s): s is 'postgres' | 'kafka' | 'redis' => s === 'postgres' || s === 'kafka' || s === 'redis');
  if (started.length === 0) return;
  await stackDown(loadStackConfig(), started, (line) => process.stderr.write(`[stack] ${line}\n`));
}
