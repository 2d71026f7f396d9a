/**
 * HA with real processes (the test): two controllers on one database. The leader is
 * killed with SIGKILL (no shutdown hook runs: PostgreSQL frees the lock when the session's TCP
 * connection dies); the other replica takes over within 5 s, and a command written while no
 * leader was alive still goes out — here on the HTTP command stream the survivor serves.
 * A graceful SIGTERM hands leadership over as well, without waiting for any timeout.
 */
import { join } from 'node:path';
import {
  appProcessFor,
  createTestDatabase,
  eventually,
  freePort,
  type AppProcess,
  type TestDatabase,
} from '@switchyard/testing';
import { SIDECAR_ID, SseClient, primaryReset, registrationFor } from './delivery-support';

jest.setTimeout(120_000);

const ADMIN = 'ha-test-admin-token-0123456789abcdef';
const START_TIMEOUT_MS = 40_000;

async function isLeader(port: number): Promise<boolean> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return /^switchyard_leader 1$/m.test(text);
  } catch {
    return false;
  }
}

describe('HA: leader loss with real controller processes', () => {
  const startApp = appProcessFor(join(__dirname, '..'));
  let db: TestDatabase;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sy_ha');
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await db.drop();
  });

  async function replica(name: string): Promise<{ app: AppProcess; port: number }> {
    const port = await freePort();
    const app = startApp({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      SWITCHYARD_ADMIN_TOKEN: ADMIN,
      CONTROLLER_REPLICA_ID: name,
    });
    await app.waitForLog((l) => l.message.startsWith('Listening on'), START_TIMEOUT_MS);
    return { app, port };
  }

  it('a killed leader is replaced within 5 s and a command written meanwhile still goes out', async () => {
    const a = await replica('ha-a');
    await eventually('ha-a leads', () => isLeader(a.port), 10_000);
    const b = await replica('ha-b');
    expect(await isLeader(b.port)).toBe(false);

    const api = (port: number, path: string, token: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      });
    const tokenRes = await api(a.port, '/tokens', ADMIN, { method: 'POST', body: JSON.stringify({ role: 'sidecar' }) });
    expect(tokenRes.status).toBe(201);
    const sidecarToken = ((await tokenRes.json()) as { token: string }).token;
    const registered = await api(b.port, '/sidecars/register', sidecarToken, {
      method: 'POST',
      body: JSON.stringify(registrationFor(['ha-link'])),
    });
    expect(registered.status).toBe(200);

    // The sidecar's stream is on the survivor.
    const sse = new SseClient(
      `http://127.0.0.1:${b.port}/api/v1/sidecars/commands/stream?sidecarId=${encodeURIComponent(SIDECAR_ID)}`,
      sidecarToken,
    );
    streams.push(sse);
    await sse.opened();
    expect(sse.status).toBe(200);

    const killedAt = Date.now();
    const exit = await a.app.stop('SIGKILL', 5_000);
    expect(exit.signal).toBe('SIGKILL');

    // Written while no leader is alive (b has not taken over yet: its next try is up to 1 s away).
    const report = await api(b.port, '/connections/ha-link/health', sidecarToken, {
      method: 'PUT',
      body: JSON.stringify(primaryReset('ha-link', 1)),
    });
    expect(report.status).toBe(200);
    const decided = (await report.json()) as { decisions: Array<{ commandId: string | null }> };
    const commandId = decided.decisions.find((d) => d.commandId)?.commandId;
    expect(commandId).toBeTruthy();

    await eventually('ha-b leads', () => isLeader(b.port), 5_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5_000);
    await eventually('the command on the stream', () => sse.commands().some((e) => e.id === commandId), 10_000);
    const deliveredAt = Date.now() - killedAt;
    const line = b.app.logs.find((l) => l.message.startsWith('became leader'));
    expect(line?.message).toMatch(/replica ha-b/);
    // The figure the issue asks for, in the test output.
    process.stdout.write(
      `HA takeover after SIGKILL: leader in ${takeoverMs} ms, command delivered ${deliveredAt} ms after the kill\n`,
    );

    // A graceful stop hands over too: SIGTERM releases the lock for the next replica at once.
    const c = await replica('ha-c');
    const stoppedAt = Date.now();
    const stopped = await b.app.stop('SIGTERM', 10_000);
    expect(stopped.code).toBe(0);
    await eventually('ha-c leads', () => isLeader(c.port), 5_000);
    process.stdout.write(`HA hand-over after SIGTERM: ${Date.now() - stoppedAt} ms (including the shutdown)\n`);
    expect(b.app.logs.some((l) => l.message.startsWith('stepped down as leader: shutting down'))).toBe(true);
  });
});
