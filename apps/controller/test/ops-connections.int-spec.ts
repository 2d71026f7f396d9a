/**
 * The ops connection endpoints against a real PostgreSQL (direct mode): roles, validation naming
 * the field, keyset pagination, If-Match, policy overrides checked against the merged policy, and
 * manual switchover / failback / maintenance producing failover events and outbox commands.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { examples, type RegisteredConnectionDto } from '@switchyard/contracts';
import { RegistryEvents, type RegistryEvent } from '../src/registry/registry.events';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(60_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const SIDECAR = examples.SIDECAR_ID;
const ENDPOINTS = [
  { id: 'primary', host: '127.0.0.1', port: 8583, priority: 0, role: 'PRIMARY' as const },
  { id: 'dr-1', host: '127.0.0.2', port: 8583, priority: 1, role: 'DR' as const },
  { id: 'dr-2', host: '127.0.0.3', port: 8583, priority: 2, role: 'DR' as const },
];
/** Connections the test sidecar manages (so manual actions are commanded). */
const MANAGED = ['link-switch', 'link-unsafe', 'link-active', 'link-maint', 'link-delete', 'link-failback'];

describe('ops API: connections', () => {
  let c: ControllerUnderTest;
  let http: ReturnType<typeof request>;
  let db: DataSource;
  let viewer: Record<string, string>;
  let operator: Record<string, string>;
  let sidecar: Record<string, string>;
  const seen: RegistryEvent[] = [];
  let seq = 0;

  const token = async (role: string, label: string) => {
    const res = await http.post('/api/v1/tokens').set(admin).send({ role, label }).expect(201);
    return { Authorization: `Bearer ${res.body.token as string}` };
  };

  const report = (connectionId: string, extra: Record<string, unknown> = {}) =>
    http
      .put(`/api/v1/connections/${connectionId}/health`)
      .set(sidecar)
      .send({ ...examples.healthReport({ connectionId, sequence: ++seq }), ...extra })
      .expect(200);

  beforeAll(async () => {
    c = await startController();
    http = request(c.app.getHttpServer());
    db = c.app.get(DataSource);
    c.app.get(RegistryEvents).subscribe((e) => seen.push(e));
    viewer = await token('viewer', 'grafana');
    operator = await token('operator', 'alice');
    sidecar = await token('sidecar', 'acquirer');
    const connections: RegisteredConnectionDto[] = MANAGED.map((connectionId) => ({
      connectionId,
      endpoints: ENDPOINTS,
      // link-failback runs on its DR endpoint, as the sidecar declares.
      activeEndpointId: connectionId === 'link-failback' ? 'dr-1' : 'primary',
    }));
    await http
      .post('/api/v1/sidecars/register')
      .set(sidecar)
      .send(examples.sidecarRegistration({ connections }))
      .expect(200);
  });

  afterAll(async () => {
    await c.close();
  });

  describe('auth and roles', () => {
    it('needs a token (401) and the right role (403), as problem+json', async () => {
      await http.get('/api/v1/connections').expect(401);
      await http.get('/api/v1/connections').set(viewer).expect(200);
      const denied = await http
        .post('/api/v1/connections')
        .set(viewer)
        .send({ connectionId: 'x1', endpoints: ENDPOINTS })
        .expect(403);
      expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(denied.body.detail).toMatch(/needs the role operator; the token has viewer/);
      await http.delete('/api/v1/connections/link-delete').set(operator).expect(403);
      await http.get('/api/v1/connections').set(sidecar).expect(403);
      await http
        .post('/api/v1/connections/link-switch/switchover')
        .set(viewer)
        .send({ targetEndpointId: 'dr-1', reason: 'drill' })
        .expect(403);
    });
  });

  describe('create', () => {
    it('pre-provisions a connection: 201 with Location, ETag, the view, and a connection.created event', async () => {
      const res = await http
        .post('/api/v1/connections')
        .set(operator)
        .send({
          connectionId: 'amex-gw',
          endpoints: ENDPOINTS.slice(0, 2),
          description: 'Amex gateway',
          metadata: { institution: '000123' },
          policy: { scoreThreshold: 40 },
        })
        .expect(201);
      expect(res.headers['location']).toBe('/api/v1/connections/amex-gw');
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({
        connectionId: 'amex-gw',
        sidecarId: null,
        status: 'UNKNOWN',
        activeEndpointId: 'primary',
        epoch: 0,
        description: 'Amex gateway',
        metadata: { institution: '000123' },
        policy: { overrides: { scoreThreshold: 40 }, effective: { scoreThreshold: 40, holdDownMs: 30_000 } },
        decision: { phase: 'STEADY', pendingSwitch: null },
      });
      expect(seen).toContainEqual(
        expect.objectContaining({
          type: 'connection.created',
          connectionId: 'amex-gw',
          data: expect.objectContaining({ actor: 'operator:alice' }),
        }),
      );
    });

    it('refuses an existing id with 409 problem+json', async () => {
      const res = await http
        .post('/api/v1/connections')
        .set(operator)
        .send({ connectionId: 'amex-gw', endpoints: ENDPOINTS })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, detail: 'connection amex-gw already exists' });
    });

    it.each([
      [{ connectionId: 'bad:id', endpoints: ENDPOINTS }, ['connectionId']],
      [{ connectionId: 'a/b', endpoints: ENDPOINTS }, ['connectionId']],
      [{ connectionId: 'ok-1', endpoints: [] }, ['endpoints']],
      [{ connectionId: 'ok-1', endpoints: [{ ...ENDPOINTS[0], port: 0 }] }, ['endpoints[0].port']],
      [{ connectionId: 'ok-1', endpoints: [ENDPOINTS[0], ENDPOINTS[0]] }, ['endpoints']],
      [{ connectionId: 'ok-1', endpoints: ENDPOINTS, activeEndpointId: 'nope' }, ['activeEndpointId']],
      [{ connectionId: 'ok-1', endpoints: ENDPOINTS, colour: 'red' }, ['colour']],
      [{ connectionId: 'ok-1', endpoints: ENDPOINTS, description: '  ' }, ['description']],
      [{ connectionId: 'ok-1', endpoints: ENDPOINTS, policy: { holdDownMs: 700_000 } }, ['policy.holdDownMaxMs']],
      [{ connectionId: 'ok-1', endpoints: ENDPOINTS, policy: { bogus: 1 } }, ['policy.bogus']],
      [{ endpoints: ENDPOINTS }, ['connectionId']],
      // PostgreSQL cannot store U+0000: refused up front, never a 500.
      [{ connectionId: 'ok-1', endpoints: [{ ...ENDPOINTS[0], host: 'a\u0000b' }] }, ['endpoints[0].host']],
      [{ connectionId: 'ok-1', endpoints: ENDPOINTS, metadata: { k: '\u0000' } }, ['metadata.k']],
    ])('400 naming the bad field: %j', async (body, paths) => {
      const res = await http.post('/api/v1/connections').set(operator).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
    });
  });

  describe('list and get', () => {
    beforeAll(async () => {
      for (const id of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) {
        await http
          .post('/api/v1/connections')
          .set(operator)
          .send({ connectionId: id, endpoints: ENDPOINTS })
          .expect(201);
      }
    });

    it('walks every page with the keyset cursor, in id order, without repeats', async () => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: request.Response = await http
          .get('/api/v1/connections')
          .query({ q: 'page-', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(viewer)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        ids.push(...res.body.items.map((i: { connectionId: string }) => i.connectionId));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(ids).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
    });

    it('filters by status, sidecar, maintenance and id prefix, with live state', async () => {
      const bySidecar = await http.get('/api/v1/connections').query({ sidecarId: SIDECAR }).set(viewer).expect(200);
      expect(bySidecar.body.items.map((i: { connectionId: string }) => i.connectionId).sort()).toEqual(
        [...MANAGED].sort(),
      );
      expect(bySidecar.body.items[0]).toMatchObject({
        sidecarId: SIDECAR,
        status: 'CONNECTING',
        epoch: 0,
        maintenance: false,
        phase: 'STEADY',
        pendingSwitch: null,
        openAlert: null,
        rowVersion: expect.any(Number),
      });
      const unknown = await http
        .get('/api/v1/connections')
        .query({ status: 'UNKNOWN', q: 'page-' })
        .set(viewer)
        .expect(200);
      expect(unknown.body.items).toHaveLength(5);
      const none = await http
        .get('/api/v1/connections')
        .query({ maintenance: 'true', q: 'page-' })
        .set(viewer)
        .expect(200);
      expect(none.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ status: 'BROKEN' }, 'status'],
      [{ maintenance: 'yes' }, 'maintenance'],
      [{ sidecarId: 'no-slash' }, 'sidecarId'],
      [{ q: 'a%b' }, 'q'],
      [{ cursor: 'not-a-cursor!' }, 'cursor'],
      [{ cursor: Buffer.from('{"id":1}').toString('base64url') }, 'cursor'],
      [{ color: 'red' }, 'color'],
    ])('validates query %j → 400 naming %s', async (query, path) => {
      const res = await http.get('/api/v1/connections').query(query).set(viewer).expect(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    });

    it('refuses a repeated query parameter', async () => {
      const res = await http.get('/api/v1/connections?status=ACTIVE&status=FAILED').set(viewer).expect(400);
      expect(res.body.errors[0].path).toBe('status');
    });

    it('gets one connection with endpoints, effective policy and decision summary; ETag = row version', async () => {
      await report('link-switch', {
        endpoints: [
          { endpointId: 'dr-1', reachable: true, echoRttMs: 4, checkedAt: examples.T1 },
          { endpointId: 'dr-2', reachable: false, checkedAt: examples.T1 },
        ],
      });
      const res = await http.get('/api/v1/connections/link-switch').set(viewer).expect(200);
      expect(res.headers['etag']).toBe(`"${res.body.rowVersion}"`);
      expect(res.body).toMatchObject({
        connectionId: 'link-switch',
        sidecarId: SIDECAR,
        status: 'ACTIVE',
        score: 97,
        endpoints: ENDPOINTS,
        policy: { overrides: {}, effective: { consecutiveBadReports: 3, mode: 'ACTIVE' } },
        decision: {
          phase: 'STEADY',
          pendingSwitch: null,
          endpointHealth: {
            'dr-1': expect.objectContaining({ healthy: true, source: 'probe' }),
            'dr-2': expect.objectContaining({ healthy: false }),
          },
        },
        lastReportAt: examples.T0,
      });
    });

    it('404 for an unknown connection, 400 for an id that cannot be one', async () => {
      const missing = await http.get('/api/v1/connections/nope').set(viewer).expect(404);
      expect(missing.body.detail).toBe('connection nope not found');
      const bad = await http.get('/api/v1/connections/a%3Ab').set(viewer).expect(400);
      expect(bad.body.errors[0].path).toBe('id');
      await http.get('/api/v1/connections/%00').set(viewer).expect(400);
    });
  });

  describe('update with If-Match', () => {
    it('applies a change when If-Match matches, 412 when stale, last write wins without it', async () => {
      const first = await http.get('/api/v1/connections/amex-gw').set(viewer).expect(200);
      const etag = first.headers['etag'] as string;
      const ok = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .set('If-Match', etag)
        .send({ description: 'Amex gateway (Frankfurt)' })
        .expect(200);
      expect(ok.body.description).toBe('Amex gateway (Frankfurt)');
      expect(ok.headers['etag']).toBe(`"${first.body.rowVersion + 1}"`);

      const stale = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .set('If-Match', etag)
        .send({ description: 'lost update' })
        .expect(412);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.body).toMatchObject({
        status: 412,
        title: 'Precondition Failed',
        currentRowVersion: first.body.rowVersion + 1,
      });

      const blind = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .send({ metadata: { institution: '000999' }, description: null })
        .expect(200);
      expect(blind.body).toMatchObject({ description: null, metadata: { institution: '000999' } });
      expect(seen.filter((e) => e.type === 'connection.updated' && e.connectionId === 'amex-gw')).toHaveLength(2);
    });

    it('400 for a malformed If-Match, an empty body, or bad endpoints (field named)', async () => {
      const h = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .set('If-Match', 'W/"1"')
        .send({ description: 'x' })
        .expect(400);
      expect(h.body.errors[0].path).toBe('If-Match');
      const empty = await http.patch('/api/v1/connections/amex-gw').set(operator).send({}).expect(400);
      expect(empty.body.errors[0].message).toMatch(/at least one of/);
      const ep = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .send({ endpoints: [{ ...ENDPOINTS[0], role: 'BACKUP' }] })
        .expect(400);
      expect(ep.body.errors.map((e: { path: string }) => e.path)).toEqual(['endpoints[0].role']);
      const md = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .send({ metadata: { 'bad key': 'x' } })
        .expect(400);
      expect(md.body.errors.map((e: { path: string }) => e.path)).toEqual(['metadata']);
      await http.patch('/api/v1/connections/nope').set(operator).send({ description: 'x' }).expect(404);
    });

    it('422 when new endpoints drop the active endpoint; accepted when they keep it', async () => {
      const res = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .send({ endpoints: [ENDPOINTS[1]] })
        .expect(422);
      expect(res.body.errors).toEqual([
        { path: 'endpoints', message: expect.stringContaining('the active endpoint primary') },
      ]);
      const kept = await http
        .patch('/api/v1/connections/amex-gw')
        .set(operator)
        .send({ endpoints: [ENDPOINTS[0], ENDPOINTS[2]] })
        .expect(200);
      expect(kept.body.endpoints.map((e: { id: string }) => e.id)).toEqual(['primary', 'dr-2']);
    });
  });

  describe('policy overrides', () => {
    it('sets overrides merged into the effective policy, and clears them', async () => {
      const res = await http
        .put('/api/v1/connections/amex-gw/policy')
        .set(operator)
        .send({ consecutiveBadReports: 5, holdDownMs: 60_000, mode: 'SHADOW' })
        .expect(200);
      expect(res.body.policy).toEqual({
        overrides: { consecutiveBadReports: 5, holdDownMs: 60_000, mode: 'SHADOW' },
        effective: expect.objectContaining({
          consecutiveBadReports: 5,
          holdDownMs: 60_000,
          holdDownMaxMs: 600_000,
          mode: 'SHADOW',
        }),
      });
      const row = (await db.query(`select policy from connections where id = 'amex-gw'`)) as Array<{ policy: unknown }>;
      expect(row[0]!.policy).toEqual({ consecutiveBadReports: 5, holdDownMs: 60_000, mode: 'SHADOW' });
      const cleared = await http.delete('/api/v1/connections/amex-gw/policy').set(operator).expect(200);
      expect(cleared.body.policy.overrides).toEqual({});
      expect(cleared.body.policy.effective.mode).toBe('ACTIVE');
    });

    it.each([
      [{ holdDownMs: 700_000 }, ['holdDownMaxMs'], /greater than or equal to holdDownMs/],
      [{ scoreThreshold: 101 }, ['scoreThreshold'], /scoreThreshold/],
      [{ consecutiveBadReports: 1.5 }, ['consecutiveBadReports'], /integer/],
      [{ mode: 'YOLO' }, ['mode'], /mode/],
      [{ retries: 3 }, ['retries'], /unknown field/],
      [{ autoFailback: null }, ['autoFailback'], /boolean/],
    ])('400 naming the field for %j', async (body, paths, message) => {
      const res = await http.put('/api/v1/connections/amex-gw/policy').set(operator).send(body).expect(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
      expect(res.body.errors[0].message).toMatch(message);
    });

    it('refuses a non-object body, honours If-Match, 404 for an unknown connection', async () => {
      await http
        .put('/api/v1/connections/amex-gw/policy')
        .set(operator)
        .set('Content-Type', 'application/json')
        .send('[1]')
        .expect(400);
      await http.put('/api/v1/connections/amex-gw/policy').set(operator).set('If-Match', '"1"').send({}).expect(412);
      await http.put('/api/v1/connections/nope/policy').set(operator).send({}).expect(404);
      await http.delete('/api/v1/connections/nope/policy').set(operator).expect(404);
    });
  });

  describe('manual actions', () => {
    const events = async (id: string) =>
      (await db.query(
        `select action, trigger, decided_by, outcome, from_endpoint_id, to_endpoint_id, epoch_before::int, epoch_after::int
           from failover_events where connection_id = $1 order by decided_at, id`,
        [id],
      )) as Array<Record<string, unknown>>;

    it('switchover: 202 with the decision; a fenced failover event and a PENDING outbox command', async () => {
      const res = await http
        .post('/api/v1/connections/link-switch/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-1', reason: 'planned maintenance of the primary site' })
        .expect(202);
      expect(res.body).toMatchObject({
        action: 'SWITCHOVER',
        fromEndpointId: 'primary',
        toEndpointId: 'dr-1',
        epoch: 1,
        failoverEventId: expect.any(String),
        commandId: expect.any(String),
        outcome: 'PENDING',
        shadow: false,
      });
      expect(res.body.reason).toContain('manual switchover by operator:alice');
      expect(await events('link-switch')).toEqual([
        expect.objectContaining({
          action: 'SWITCHOVER',
          trigger: 'MANUAL',
          decided_by: 'operator:operator:alice',
          outcome: 'PENDING',
          epoch_before: 0,
          epoch_after: 1,
        }),
      ]);
      const [cmd] = (await db.query(
        `select id, type, sidecar_id, epoch::int, status, failover_event_id, command from commands where connection_id = 'link-switch'`,
      )) as Array<Record<string, unknown> & { command: { issuer: unknown; params: Record<string, unknown> } }>;
      expect(cmd).toMatchObject({
        id: res.body.commandId,
        type: 'TRIGGER_FAILOVER',
        sidecar_id: SIDECAR,
        epoch: 1,
        status: 'PENDING',
        failover_event_id: res.body.failoverEventId,
      });
      expect(cmd!.command).toMatchObject({
        issuer: { kind: 'operator', id: 'operator:alice' },
        params: { targetEndpointId: 'dr-1', strategy: 'SWITCHOVER', graceful: true },
      });
      const view = await http.get('/api/v1/connections/link-switch').set(viewer).expect(200);
      expect(view.body).toMatchObject({
        epoch: 1,
        decision: { phase: 'SWITCHING', pendingSwitch: { targetEndpointId: 'dr-1', kind: 'SWITCHOVER' } },
      });
    });

    it('SWITCH_IN_FLIGHT → 409 (recorded as REJECTED); force supersedes it', async () => {
      const res = await http
        .post('/api/v1/connections/link-switch/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-2', reason: 'changed my mind' })
        .expect(409);
      expect(res.body).toMatchObject({
        status: 409,
        code: 'SWITCH_IN_FLIGHT',
        failoverEventId: expect.any(String),
        hint: expect.stringContaining('force'),
      });
      expect((await events('link-switch')).at(-1)).toMatchObject({ action: 'REJECTED', outcome: 'REJECTED' });
      const forced = await http
        .post('/api/v1/connections/link-switch/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-2', reason: 'dr-1 site is flooding', force: true })
        .expect(202);
      expect(forced.body).toMatchObject({
        action: 'SWITCHOVER',
        toEndpointId: 'dr-2',
        epoch: 2,
        commandId: expect.any(String),
      });
      expect(forced.body.reason).toContain('Supersedes the switch to dr-1');
    });

    it('failback: back to the top-priority endpoint, commanded', async () => {
      const res = await http
        .post('/api/v1/connections/link-failback/failback')
        .set(operator)
        .send({ reason: 'primary site restored' })
        .expect(202);
      expect(res.body).toMatchObject({
        action: 'FAILBACK',
        fromEndpointId: 'dr-1',
        toEndpointId: 'primary',
        epoch: 1,
        outcome: 'PENDING',
      });
      const [cmd] = (await db.query(`select command from commands where id = $1`, [res.body.commandId])) as Array<
        Record<string, unknown> & { command: { issuer: unknown; params: Record<string, unknown> } }
      >;
      expect(cmd!.command.params).toMatchObject({ targetEndpointId: 'primary', strategy: 'FAILBACK' });
    });

    it('UNKNOWN_ENDPOINT → 422 naming targetEndpointId', async () => {
      const res = await http
        .post('/api/v1/connections/link-active/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-9', reason: 'typo' })
        .expect(422);
      expect(res.body).toMatchObject({
        code: 'UNKNOWN_ENDPOINT',
        errors: [{ path: 'targetEndpointId', message: expect.stringContaining('dr-9') }],
      });
    });

    it('ALREADY_ACTIVE → 409', async () => {
      const res = await http
        .post('/api/v1/connections/link-active/switchover')
        .set(operator)
        .send({ targetEndpointId: 'primary', reason: 'noop' })
        .expect(409);
      expect(res.body.code).toBe('ALREADY_ACTIVE');
      const fb = await http
        .post('/api/v1/connections/link-active/failback')
        .set(operator)
        .send({ reason: 'noop' })
        .expect(409);
      expect(fb.body.code).toBe('ALREADY_ACTIVE');
    });

    it('TARGET_UNHEALTHY → 422 unsafe-target saying force exists; force switches anyway', async () => {
      await report('link-unsafe', { endpoints: [{ endpointId: 'dr-1', reachable: false, checkedAt: examples.T1 }] });
      const res = await http
        .post('/api/v1/connections/link-unsafe/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-1', reason: 'drill' })
        .expect(422);
      expect(res.body).toMatchObject({
        type: 'https://switchyard.dev/problems/unsafe-target',
        code: 'TARGET_UNHEALTHY',
        hint: expect.stringContaining('force'),
      });
      const forced = await http
        .post('/api/v1/connections/link-unsafe/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-1', reason: 'drill', force: true })
        .expect(202);
      expect(forced.body.reason).toContain('forced by the operator');
    });

    it('validates action bodies and 404s unknown connections', async () => {
      const bad = await http
        .post('/api/v1/connections/link-active/switchover')
        .set(operator)
        .send({ reason: '' })
        .expect(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['reason', 'targetEndpointId']);
      const force = await http
        .post('/api/v1/connections/link-active/failback')
        .set(operator)
        .send({ reason: 'x', force: 'yes' })
        .expect(400);
      expect(force.body.errors.map((e: { path: string }) => e.path)).toEqual(['force']);
      await http
        .post('/api/v1/connections/ghost/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-1', reason: 'x' })
        .expect(404);
      await http.put('/api/v1/connections/ghost/maintenance').set(operator).send({ on: true, reason: 'x' }).expect(404);
      const nul = await http
        .post('/api/v1/connections/link-active/failback')
        .set(operator)
        .send({ reason: 'x\u0000y' })
        .expect(400);
      expect(nul.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
      const m = await http
        .put('/api/v1/connections/link-maint/maintenance')
        .set(operator)
        .send({ on: 'true', reason: 'x' })
        .expect(400);
      expect(m.body.errors.map((e: { path: string }) => e.path)).toEqual(['on']);
    });

    it('maintenance on/off: persisted, filterable, announced', async () => {
      const on = await http
        .put('/api/v1/connections/link-maint/maintenance')
        .set(operator)
        .send({ on: true, reason: 'host patching' })
        .expect(202);
      expect(on.body).toMatchObject({ connectionId: 'link-maint', maintenance: true, decisions: [] });
      const listed = await http.get('/api/v1/connections').query({ maintenance: 'true' }).set(viewer).expect(200);
      expect(listed.body.items.map((i: { connectionId: string }) => i.connectionId)).toEqual(['link-maint']);
      expect(seen).toContainEqual(
        expect.objectContaining({
          type: 'connection.updated',
          connectionId: 'link-maint',
          data: expect.objectContaining({ maintenance: true }),
        }),
      );
      const off = await http
        .put('/api/v1/connections/link-maint/maintenance')
        .set(operator)
        .send({ on: false, reason: 'done' })
        .expect(202);
      expect(off.body.maintenance).toBe(false);
      const row = (await db.query(`select maintenance from connections where id = 'link-maint'`)) as Array<{
        maintenance: boolean;
      }>;
      expect(row[0]!.maintenance).toBe(false);
    });
  });

  describe('delete', () => {
    it('409 while a switch is in flight, unless force=true; history is kept; admin only', async () => {
      await http
        .post('/api/v1/connections/link-delete/switchover')
        .set(operator)
        .send({ targetEndpointId: 'dr-1', reason: 'before decommissioning' })
        .expect(202);
      const refused = await http.delete('/api/v1/connections/link-delete').set(admin).expect(409);
      expect(refused.body).toMatchObject({ pendingSwitch: { targetEndpointId: 'dr-1' }, openCommands: 1 });
      await http.delete('/api/v1/connections/link-delete').query({ force: 'maybe' }).set(admin).expect(400);
      await http.delete('/api/v1/connections/link-delete').query({ force: 'true' }).set(admin).expect(204);
      await http.get('/api/v1/connections/link-delete').set(viewer).expect(404);
      await http.delete('/api/v1/connections/link-delete').set(admin).expect(404);
      const history = await http
        .get('/api/v1/failovers')
        .query({ connectionId: 'link-delete' })
        .set(viewer)
        .expect(200);
      expect(history.body.items).toHaveLength(1);
      expect(seen).toContainEqual(expect.objectContaining({ type: 'connection.deleted', connectionId: 'link-delete' }));
    });

    it('deletes an idle connection at once', async () => {
      await http.delete('/api/v1/connections/page-e').set(admin).expect(204);
    });
  });
});
