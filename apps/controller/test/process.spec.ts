/**
 * The controller as a real process: starts from source, serves its probes on 127.0.0.1, and on
 * SIGTERM stops in order with exit code 0; a wrong env value stops it at start-up with code 1.
 */
import { AppProcess, freePort } from './support/app-process';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

describe('controller process', () => {
  let app: AppProcess | undefined;

  afterEach(async () => {
    await app?.dispose();
    app = undefined;
  });

  it('serves /livez and /readyz, then shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    app = new AppProcess({ PORT: String(port), HOST: '127.0.0.1' });
    await app.waitForLog((line) => line.message.startsWith('Listening on'), START_TIMEOUT_MS);

    const livez = await fetch(`http://127.0.0.1:${port}/livez`);
    expect(livez.status).toBe(200);
    expect(await livez.json()).toEqual({ status: 'ok' });
    const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(readyz.status).toBe(200);

    const exit = await app.stop('SIGTERM', STOP_TIMEOUT_MS);

    expect(exit).toEqual({ code: 0, signal: null });
    const messages = app.logs.map((line) => line.message);
    expect(messages).toContain('Shutting down on SIGTERM');
    expect(messages.at(-1)).toBe('Shutdown complete');
  }, 40_000);

  it('refuses to start with an invalid PORT, naming the variable', async () => {
    app = new AppProcess({ PORT: 'abc', HOST: '127.0.0.1' });

    const exit = await app.exited;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(app.logs).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringContaining('PORT') }),
    );
  }, 30_000);
});
