/**
 * The client simulator as a real process: starts from source, serves its health endpoint on
 * 127.0.0.1, and on SIGTERM stops in order with exit code 0; a wrong env value stops it at
 * start-up with code 1.
 */
import { join } from 'node:path';
import { appProcessFor, expectCleanShutdown, expectStartRefused, freePort } from '@switchyard/testing';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

describe('client-sim process', () => {
  const startApp = appProcessFor(join(__dirname, '..'));

  it('serves /health and /actuator/health, then shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const app = startApp({ PORT: String(port), HOST: '127.0.0.1' });
    await app.waitForLog((line) => line.message.startsWith('Listening on'), START_TIMEOUT_MS);

    const health0 = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health0.status).toBe(200);
    expect(await health0.json()).toEqual({ status: 'UP' });
    const health1 = await fetch(`http://127.0.0.1:${port}/actuator/health`);
    expect(health1.status).toBe(200);
    expect(await health1.json()).toEqual({ status: 'UP' });

    await expectCleanShutdown(app, STOP_TIMEOUT_MS);
  }, 40_000);

  it('refuses to start with an invalid PORT, naming the variable', async () => {
    await expectStartRefused(startApp({ PORT: '70000', HOST: '127.0.0.1' }), 'PORT');
  }, 30_000);
});
