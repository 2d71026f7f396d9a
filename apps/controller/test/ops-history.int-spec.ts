/**
 * Failover history and health history against a real PostgreSQL: newest first, filters, keyset
 * pagination, one event with its commands, and parameter validation naming the parameter.
 */
import request from 'supertest';
import { examples, type RegisteredConnectionDto } from '@switchyard/contracts';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(60_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const ENDPOINTS = [
  { id: 'primary', host: '127.0.0.1', port: 8583, priority: 0, role: 'PRIMARY' as const },
  { id: 'dr-1', host: '127.0.0.2', port: 8583, priority: 1, role: 'DR' as const },
];

interface EventView {
  failoverEventId: string;
  connectionId: string;
  action: string;
  outcome: string;
  decidedAt: string;
  decidedBy: string;
}

describe('ops API: history', () => {
  let c: ControllerUnderTest;
  let http: ReturnType<typeof request>;
  let viewer: Record<string, string>;
  let sidecar: Record<string, string>;
  let startedAt: string;
  let switchEventId: string;
  let seq = 0;

  const report = (connectionId: string, status: string, score: number) =>
    http
      .put(`/api/v1/connections/${connectionId}/health`)
      .set(sidecar)
      .send(
        examples.healthReport({
          connectionId,
          sequence: ++seq,
          status: status as 'ACTIVE',
          score,
          reportedAt: new Date().toISOString(),
        }),
      )
      .expect(200);

  beforeAll(async () => {
    c = await startController();
    http = request(c.app.getHttpServer());
    const mk = async (role: string) => {
      const res = await http
        .post('/api/v1/tokens')
        .set(admin)
        .send({ role, label: `h-${role}` })
        .expect(201);
      return { Authorization: `Bearer ${res.body.token as string}` };
    };
    viewer = await mk('viewer');
    sidecar = await mk('sidecar');
    const connections: RegisteredConnectionDto[] = ['hist-a', 'hist-b'].map((connectionId) => ({
      connectionId,
      endpoints: ENDPOINTS,
    }));
    await http
      .post('/api/v1/sidecars/register')
      .set(sidecar)
      .send(examples.sidecarRegistration({ connections }))
      .expect(200);
    startedAt = new Date(Date.now() - 1000).toISOString();
    // hist-a: a switchover (PENDING), then a refused one (REJECTED); hist-b: a refused switchover.
    const sw = await http
      .post('/api/v1/connections/hist-a/switchover')
      .set(admin)
      .send({ targetEndpointId: 'dr-1', reason: 'drill' })
      .expect(202);
    switchEventId = sw.body.failoverEventId;
    await http
      .post('/api/v1/connections/hist-a/switchover')
      .set(admin)
      .send({ targetEndpointId: 'dr-1', reason: 'again' })
      .expect(409);
    await http
      .post('/api/v1/connections/hist-b/switchover')
      .set(admin)
      .send({ targetEndpointId: 'nope', reason: 'typo' })
      .expect(422);
    await report('hist-b', 'ACTIVE', 95);
    await report('hist-b', 'DEGRADED', 60);
    await report('hist-b', 'ACTIVE', 90);
  });

  afterAll(async () => {
    await c.close();
  });

  it('lists failover events newest first, with who decided', async () => {
    const res = await http.get('/api/v1/failovers').set(viewer).expect(200);
    const items = res.body.items as EventView[];
    expect(items).toHaveLength(3);
    const times = items.map((i) => i.decidedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items.every((i) => i.decidedBy === 'operator:bootstrap-admin')).toBe(true);
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by connection, action, outcome and time', async () => {
    const byConn = await http.get('/api/v1/failovers').query({ connectionId: 'hist-a' }).set(viewer).expect(200);
    expect(byConn.body.items.map((i: EventView) => i.connectionId)).toEqual(['hist-a', 'hist-a']);
    const rejected = await http.get('/api/v1/failovers').query({ action: 'REJECTED' }).set(viewer).expect(200);
    expect(rejected.body.items).toHaveLength(2);
    const pending = await http.get('/api/v1/failovers').query({ outcome: 'PENDING' }).set(viewer).expect(200);
    expect(pending.body.items.map((i: EventView) => i.failoverEventId)).toEqual([switchEventId]);
    const future = await http.get('/api/v1/failovers').query({ since: '2999-01-01T00:00:00Z' }).set(viewer).expect(200);
    expect(future.body.items).toEqual([]);
    const window = await http
      .get('/api/v1/failovers')
      .query({ since: startedAt, until: new Date(Date.now() + 60_000).toISOString() })
      .set(viewer)
      .expect(200);
    expect(window.body.items).toHaveLength(3);
    const before = await http.get('/api/v1/failovers').query({ until: startedAt }).set(viewer).expect(200);
    expect(before.body.items).toEqual([]);
  });

  it('pages with the keyset cursor without repeats or gaps', async () => {
    const all = (await http.get('/api/v1/failovers').set(viewer).expect(200)).body.items.map(
      (i: EventView) => i.failoverEventId,
    );
    const walked: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 10; n++) {
      const res: request.Response = await http
        .get('/api/v1/failovers')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(viewer)
        .expect(200);
      walked.push(...res.body.items.map((i: EventView) => i.failoverEventId));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(walked).toEqual(all);
  });

  it('gets one failover event with the commands it issued', async () => {
    const res = await http.get(`/api/v1/failovers/${switchEventId}`).set(viewer).expect(200);
    expect(res.body).toMatchObject({
      failoverEventId: switchEventId,
      connectionId: 'hist-a',
      action: 'SWITCHOVER',
      trigger: 'MANUAL',
      epochBefore: 0,
      epochAfter: 1,
      outcome: 'PENDING',
      commands: [{ type: 'TRIGGER_FAILOVER', status: 'PENDING', epoch: 1, sidecarId: examples.SIDECAR_ID }],
    });
    await http.get('/api/v1/failovers/3b241101-e2bb-4255-8caf-4136c566a962').set(viewer).expect(404);
    const bad = await http.get('/api/v1/failovers/not-a-uuid').set(viewer).expect(400);
    expect(bad.body.errors[0].path).toBe('id');
  });

  it.each([
    [{ since: 'yesterday' }, 'since'],
    [{ until: '2024-13-45T00:00:00Z' }, 'until'],
    [{ since: '2024-05-01T12:00:00' }, 'since'],
    [{ action: 'EXPLODE' }, 'action'],
    [{ outcome: 'MAYBE' }, 'outcome'],
    [{ connectionId: 'a:b' }, 'connectionId'],
    [{ limit: '-1' }, 'limit'],
    [{ cursor: Buffer.from('{"t":"x","id":"y"}').toString('base64url') }, 'cursor'],
  ])('validates %j → 400 naming %s', async (query, path) => {
    const res = await http.get('/api/v1/failovers').query(query).set(viewer).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  it('serves a connection’s health history newest first: transitions recorded', async () => {
    const res = await http.get('/api/v1/connections/hist-b/health-history').set(viewer).expect(200);
    const kinds = res.body.items.map((i: { status: string; previousStatus: string; kind: string }) => [
      i.kind,
      i.previousStatus,
      i.status,
    ]);
    expect(kinds).toEqual([
      ['TRANSITION', 'DEGRADED', 'ACTIVE'],
      ['TRANSITION', 'ACTIVE', 'DEGRADED'],
      ['TRANSITION', 'CONNECTING', 'ACTIVE'],
    ]);
    expect(res.body.items[0]).toMatchObject({
      sidecarId: examples.SIDECAR_ID,
      score: 90,
      report: { connectionId: 'hist-b' },
    });
    const page = await http
      .get('/api/v1/connections/hist-b/health-history')
      .query({ limit: 2 })
      .set(viewer)
      .expect(200);
    expect(page.body.items).toHaveLength(2);
    const rest = await http
      .get('/api/v1/connections/hist-b/health-history')
      .query({ limit: 2, cursor: page.body.nextCursor })
      .set(viewer)
      .expect(200);
    expect(rest.body.items.map((i: { status: string }) => i.status)).toEqual(['ACTIVE']);
    expect(rest.body.nextCursor).toBeNull();
    const none = await http
      .get('/api/v1/connections/hist-b/health-history')
      .query({ since: '2999-01-01T00:00:00Z' })
      .set(viewer)
      .expect(200);
    expect(none.body.items).toEqual([]);
    await http.get('/api/v1/connections/ghost/health-history').set(viewer).expect(404);
    await http.get('/api/v1/connections/hist-b/health-history').query({ limit: '1000' }).set(viewer).expect(400);
    await http.get('/api/v1/connections/hist-b/health-history').set(sidecar).expect(403);
  });
});
