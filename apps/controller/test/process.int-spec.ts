/**
 * The controller as a real process: starts from source against a real PostgreSQL, serves its
 * probes on 127.0.0.1, and on SIGTERM stops in order with exit code 0; a wrong env value stops
 * it at start-up with code 1, naming the variable.
 */
import { join } from 'node:path';
import {
  appProcessFor,
  createTestDatabase,
  expectCleanShutdown,
  expectStartRefused,
  freePort,
  type TestDatabase,
} from '@switchyard/testing';
import { MIGRATIONS } from '../src/database/data-source';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const ADMIN = 'process-test-admin-token-0123456789';

describe('controller process', () => {
  const startApp = appProcessFor(join(__dirname, '..'));
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_proc');
  });

  afterAll(async () => {
    await db.drop();
  });

  it('migrates, serves /livez and /readyz, then shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const app = startApp({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      SWITCHYARD_ADMIN_TOKEN: ADMIN,
    });
    await app.waitForLog((line) => line.message.startsWith('Listening on'), START_TIMEOUT_MS);

    const livez = await fetch(`http://127.0.0.1:${port}/livez`);
    expect(livez.status).toBe(200);
    expect(await livez.json()).toEqual({ status: 'ok' });
    const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(readyz.status).toBe(200);
    expect(app.logs.map((l) => l.message)).toContain(`applied migrations ${MIGRATIONS.map((m) => m.name).join(', ')}`);

    await expectCleanShutdown(app, STOP_TIMEOUT_MS);
  }, 60_000);

  it('refuses to start with an invalid PORT, naming the variable', async () => {
    await expectStartRefused(
      startApp({ PORT: 'abc', HOST: '127.0.0.1', DATABASE_URL: db.url, SWITCHYARD_ADMIN_TOKEN: ADMIN }),
      'PORT',
    );
  }, 30_000);

  it('refuses to start without DATABASE_URL or SWITCHYARD_ADMIN_TOKEN, naming them', async () => {
    const app = startApp({ HOST: '127.0.0.1' });
    await expectStartRefused(app, 'DATABASE_URL');
    expect(app.logs.map((l) => l.message).join('\n')).toContain('SWITCHYARD_ADMIN_TOKEN');
  }, 30_000);
});
