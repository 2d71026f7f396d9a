/**
 * The controller's REST API against a real PostgreSQL, in direct mode (no Kafka, no Redis):
 * probes, auth, the sidecar lane (registration, heartbeats, health reports, failover requests)
 * and errors as problem+json naming the bad field.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { examples, type SidecarRegistrationDto } from '@switchyard/contracts';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(60_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

function registration(overrides: Partial<SidecarRegistrationDto> = {}): SidecarRegistrationDto {
  return { ...examples.sidecarRegistration(), ...overrides };
}

describe('controller API (direct mode)', () => {
  let c: ControllerUnderTest;
  let http: ReturnType<typeof request>;
  let sidecarToken: string;

  beforeAll(async () => {
    c = await startController();
    http = request(c.app.getHttpServer());
    const res = await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar', label: 'acquirer' }).expect(201);
    sidecarToken = res.body.token;
  });

  afterAll(async () => {
    await c.close();
  });

  describe('probes', () => {
    it('serves /livez and /readyz without a token; readiness checks PostgreSQL', async () => {
      await http.get('/livez').expect(200, { status: 'ok' });
      const ready = await http.get('/readyz').expect(200);
      expect(ready.body.info).toEqual({ postgres: { status: 'up' } });
    });
  });

  describe('auth', () => {
    it('refuses a call without a token: 401 problem+json', async () => {
      const res = await http.get('/api/v1/sidecars').expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/api/v1/sidecars' });
    });

    it('refuses an unknown token: 401', async () => {
      await http.get('/api/v1/sidecars').set({ Authorization: 'Bearer syt_nope' }).expect(401);
    });

    it('creates a token shown once, stores only its hash, and revokes it', async () => {
      const created = await http
        .post('/api/v1/tokens')
        .set(admin)
        .send({ role: 'viewer', label: 'grafana' })
        .expect(201);
      expect(created.body.token).toMatch(/^syt_[A-Za-z0-9_-]{43}$/);
      const viewer = { Authorization: `Bearer ${created.body.token}` };
      await http.get('/api/v1/sidecars').set(viewer).expect(200);

      const listed = await http.get('/api/v1/tokens').set(admin).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
      const rows = (await c.app.get(DataSource).query('select token_hash from api_tokens')) as Array<{
        token_hash: string;
      }>;
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);

      await http.delete(`/api/v1/tokens/${created.body.id}`).set(admin).expect(200);
      await http.get('/api/v1/sidecars').set(viewer).expect(401);
    });

    it('enforces roles: a viewer cannot create tokens (403); a sidecar token cannot read ops views', async () => {
      const created = await http.post('/api/v1/tokens').set(admin).send({ role: 'viewer' }).expect(201);
      const res = await http
        .post('/api/v1/tokens')
        .set({ Authorization: `Bearer ${created.body.token}` })
        .send({ role: 'admin' })
        .expect(403);
      expect(res.body.detail).toMatch(/needs the role admin; the token has viewer/);
      await http
        .get('/api/v1/sidecars')
        .set({ Authorization: `Bearer ${sidecarToken}` })
        .expect(403);
    });

    it('refuses U+0000 anywhere in a body (PostgreSQL cannot store it): 400 naming the field, never a 5xx', async () => {
      const res = await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar', label: 'a\u0000b' }).expect(400);
      expect(res.body.errors).toEqual([
        { path: 'label', message: 'label must not contain the NUL character (U+0000)' },
      ]);
      const reg = examples.connectionRegistration();
      reg.endpoints[1]!.host = 'dr\u0000.example.net';
      const nested = await http
        .post('/api/v1/connections/register')
        .set({ Authorization: `Bearer ${sidecarToken}` })
        .send(reg)
        .expect(400);
      expect(nested.body.errors[0].path).toBe('endpoints[1].host');
    });

    it('rejects a bad role naming the field, and a non-UUID token id', async () => {
      const res = await http.post('/api/v1/tokens').set(admin).send({ role: 'root' }).expect(400);
      expect(res.body.errors).toEqual([{ path: 'role', message: expect.stringContaining('role must be one of') }]);
      await http.delete('/api/v1/tokens/not-a-uuid').set(admin).expect(400);
    });
  });

  describe('sidecar lane', () => {
    const sidecar = () => ({ Authorization: `Bearer ${sidecarToken}` });

    it('registers a sidecar with its connections and binds the token to it', async () => {
      const res = await http.post('/api/v1/sidecars/register').set(sidecar()).send(registration()).expect(200);
      expect(res.body).toMatchObject({
        sidecarId: examples.SIDECAR_ID,
        connections: [{ connectionId: examples.CONNECTION_ID, epoch: 0, activeEndpointId: 'primary' }],
      });
      const bound = await http.get('/api/v1/tokens').set(admin).expect(200);
      expect(bound.body.items.find((t: { label: string }) => t.label === 'acquirer').boundSidecarId).toBe(
        examples.SIDECAR_ID,
      );
    });

    it('refuses the bound token for another sidecar (403)', async () => {
      const other = registration({ sidecarId: 'payments/other-pod', podName: 'other-pod', connections: [] });
      const res = await http.post('/api/v1/sidecars/register').set(sidecar()).send(other).expect(403);
      expect(res.body.detail).toContain(`bound to sidecar ${examples.SIDECAR_ID}`);
    });

    it('accepts heartbeats; an unknown sidecar is told to register again (404)', async () => {
      await http.post('/api/v1/sidecars/heartbeat').set(sidecar()).send(examples.sidecarHeartbeat()).expect(200);
      const stranger = await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar' }).expect(201);
      const hb = { ...examples.sidecarHeartbeat(), sidecarId: 'payments/ghost' };
      const res = await http
        .post('/api/v1/sidecars/heartbeat')
        .set({ Authorization: `Bearer ${stranger.body.token}` })
        .send(hb)
        .expect(404);
      expect(res.body.detail).toMatch(/register again/);
    });

    it('takes health reports; a hard signal on the primary fails over to the healthy DR with a fenced command', async () => {
      const healthy = examples.healthReport({ sequence: 1 });
      const ok = await http
        .put(`/api/v1/connections/${examples.CONNECTION_ID}/health`)
        .set(sidecar())
        .send(healthy)
        .expect(200);
      expect(ok.body).toMatchObject({ epoch: 0, decisions: [] });

      const reset = examples.healthReport({
        sequence: 2,
        status: 'FAILED',
        score: 0,
        hardSignal: { kind: 'SOCKET_RESET', detail: 'ECONNRESET', observedAt: examples.T1 },
        endpoints: [
          { endpointId: 'primary', reachable: false, checkedAt: examples.T1 },
          { endpointId: 'dr-1', reachable: true, echoRttMs: 8, checkedAt: examples.T1 },
        ],
      });
      const res = await http
        .put(`/api/v1/connections/${examples.CONNECTION_ID}/health`)
        .set(sidecar())
        .send(reset)
        .expect(200);
      expect(res.body.epoch).toBe(1);
      expect(res.body.decisions).toEqual([
        expect.objectContaining({ action: 'FAILOVER', toEndpointId: 'dr-1', commandId: expect.any(String) }),
      ]);
      const ds = c.app.get(DataSource);
      const [cmd] = (await ds.query('select type, sidecar_id, epoch::int, status, command from commands')) as Array<
        Record<string, unknown>
      >;
      expect(cmd).toMatchObject({
        type: 'TRIGGER_FAILOVER',
        sidecar_id: examples.SIDECAR_ID,
        epoch: 1,
        status: 'PENDING',
      });
    });

    it('refuses a report whose body names another connection than the path (400, field named)', async () => {
      const res = await http
        .put('/api/v1/connections/some-other/health')
        .set(sidecar())
        .send(examples.healthReport({ sequence: 3 }))
        .expect(400);
      expect(res.body.errors[0].path).toBe('connectionId');
    });

    it('validates reports with the contracts: bad fields named, unknown fields rejected', async () => {
      const bad = { ...examples.healthReport({ sequence: 4 }), score: 101, extra: true };
      const res = await http
        .put(`/api/v1/connections/${examples.CONNECTION_ID}/health`)
        .set(sidecar())
        .send(bad)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'score']);
    });

    it('answers malformed JSON with 400 problem+json that never echoes the body', async () => {
      const res = await http
        .put(`/api/v1/connections/${examples.CONNECTION_ID}/health`)
        .set(sidecar())
        .set('Content-Type', 'application/json')
        .send(`{"pan":"${examples.TEST_PAN}",`)
        .expect(400);
      expect(res.body.detail).toBe('request body is not valid JSON');
      expect(JSON.stringify(res.body)).not.toContain(examples.TEST_PAN);
    });

    it('refuses a manual switchover on a connection no sidecar manages (409): nothing could execute it', async () => {
      await http
        .post('/api/v1/connections')
        .set(admin)
        .send({ connectionId: 'unmanaged-link', endpoints: examples.endpoints() })
        .expect(201);
      const res = await http
        .post('/api/v1/connections/unmanaged-link/switchover')
        .set(admin)
        .send({ targetEndpointId: 'dr-1', reason: 'planned maintenance on the primary' })
        .expect(409);
      expect(res.body.detail).toMatch(/not managed by any sidecar/);
      const ds = c.app.get(DataSource);
      const [row] = (await ds.query(
        `select epoch::int, decision_state from connections where id = 'unmanaged-link'`,
      )) as Array<{
        epoch: number;
        decision_state: { pending: unknown } | null;
      }>;
      expect(row!.epoch).toBe(0);
      expect(row!.decision_state?.pending ?? null).toBeNull();
    });

    it('accepts a failover request from the owning sidecar (the controller decides)', async () => {
      const res = await http
        .post(`/api/v1/connections/${examples.CONNECTION_ID}/failover`)
        .set(sidecar())
        .send(examples.failoverRequest())
        .expect(202);
      // A switch is already in flight (previous test): nothing new is commanded.
      expect(res.body.epoch).toBe(1);
      expect(res.body.decisions.filter((d: { commandId: string | null }) => d.commandId)).toEqual([]);
    });
  });
});
