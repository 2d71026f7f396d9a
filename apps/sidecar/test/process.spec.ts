/**
 * The sidecar as a real process: starts from source, opens its three listeners on 127.0.0.1
 * (control API, metrics, health probes), and on SIGTERM stops in order with exit code 0; a wrong
 * env value stops it at start-up with code 1.
 */
import { join } from 'node:path';
import { appProcessFor, expectCleanShutdown, expectStartRefused, freePort } from '@switchyard/testing';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

describe('sidecar process', () => {
  const startApp = appProcessFor(join(__dirname, '..'));

  it('serves probes, metrics and the control port, then shuts down cleanly on SIGTERM', async () => {
    const [control, metrics, health] = [await freePort(), await freePort(), await freePort()];
    const app = startApp({
      HOST: '127.0.0.1',
      CONTROL_PORT: String(control),
      METRICS_PORT: String(metrics),
      HEALTH_PORT: String(health),
    });
    await app.waitForLog(
      (line) => line.context === 'HealthListener' && line.message.startsWith('Listening on'),
      START_TIMEOUT_MS,
    );

    const livez = await fetch(`http://127.0.0.1:${health}/livez`);
    expect(livez.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${health}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text()).toContain(
      'process_cpu_user_seconds_total',
    );
    // No control routes exist yet; the port answers (404) rather than refusing connections.
    expect((await fetch(`http://127.0.0.1:${control}/`)).status).toBe(404);

    const messages = await expectCleanShutdown(app, STOP_TIMEOUT_MS);
    expect(messages).toEqual(expect.arrayContaining(['HealthListener: Closed', 'MetricsListener: Closed']));
  }, 40_000);

  it('refuses to start with an invalid HEALTH_PORT, naming the variable', async () => {
    await expectStartRefused(startApp({ HOST: '127.0.0.1', HEALTH_PORT: '70000' }), 'HEALTH_PORT');
  }, 30_000);
});
