import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { validateConnectionRegistration } from './connection-registration.dto';
import { validateFailoverRequest } from './failover-request.dto';
import { validateSidecarHeartbeat } from './sidecar-heartbeat.dto';
import { validateSidecarRegistration } from './sidecar-registration.dto';

describe('validateSidecarRegistration', () => {
  it('accepts the example and a sidecar with no connections yet', () => {
    expectValid(validateSidecarRegistration(examples.sidecarRegistration()));
    expectValid(validateSidecarRegistration(examples.sidecarRegistration({ connections: [] })));
  });

  it.each([
    ['applicationEndpoint', 'localhost:8081'],
    ['applicationEndpoint', 'ftp://localhost'],
    ['capabilities', ['kafka', 'carrier-pigeon']],
    ['capabilities', []],
    ['capabilities', ['kafka', 'kafka']],
    ['namespace', 'Payments_NS'],
    ['startedAt', '2024-05-01'],
    ['version', ''],
  ])('rejects %s = %j', (field, value) => {
    expectErrorAt(validateSidecarRegistration({ ...examples.sidecarRegistration(), [field]: value }), field);
  });

  it('requires sidecarId = <namespace>/<podName>', () => {
    const outcome = validateSidecarRegistration(examples.sidecarRegistration({ sidecarId: 'payments/other-pod' }));
    expectErrorPaths(outcome, ['sidecarId']);
    expectErrorAt(outcome, 'sidecarId', /<namespace>\/<podName>/);
  });

  it('names bad endpoints by connection and endpoint index', () => {
    const reg = examples.sidecarRegistration();
    const endpoints = examples.endpoints();
    reg.connections[0]!.endpoints = [endpoints[0]!, { ...endpoints[1]!, port: 0, role: 'BACKUP' as 'DR' }];
    expectErrorPaths(validateSidecarRegistration(reg), [
      'connections[0].endpoints[1].port',
      'connections[0].endpoints[1].role',
    ]);
  });

  it('requires at least one endpoint, unique ids, and an activeEndpointId that is one of them', () => {
    const reg = examples.sidecarRegistration();
    reg.connections[0]!.endpoints = [];
    expectErrorAt(validateSidecarRegistration(reg), 'connections[0].endpoints');
    const dup = examples.sidecarRegistration();
    dup.connections[0]!.endpoints = [examples.endpoints()[0]!, examples.endpoints()[0]!];
    expectErrorAt(validateSidecarRegistration(dup), 'connections[0].endpoints', /same id/);
    const active = examples.sidecarRegistration();
    active.connections[0]!.activeEndpointId = 'dr-9';
    expectErrorPaths(validateSidecarRegistration(active), ['connections[0].activeEndpointId']);
  });

  it('checks metadata is a map of strings, naming the bad key', () => {
    const reg = examples.sidecarRegistration();
    (reg.connections[0] as unknown as Record<string, unknown>)['metadata'] = { network: 'visa', tier: 1 };
    expectErrorAt(validateSidecarRegistration(reg), 'connections[0].metadata', /entry "tier" must be a string/);
  });
});

describe('validateConnectionRegistration (POST /api/v1/connections/register)', () => {
  it('accepts the example', () => {
    expectValid(validateConnectionRegistration(examples.connectionRegistration()));
  });

  it('requires sidecarId and rejects unknown fields', () => {
    const { sidecarId: _s, ...rest } = examples.connectionRegistration();
    expectErrorPaths(validateConnectionRegistration(rest), ['sidecarId']);
    expectErrorPaths(validateConnectionRegistration({ ...examples.connectionRegistration(), pod: 'x' }), ['pod']);
  });

  it('names a bad endpoint by index', () => {
    const reg = examples.connectionRegistration();
    reg.endpoints[1] = { ...reg.endpoints[1]!, host: '' };
    expectErrorPaths(validateConnectionRegistration(reg), ['endpoints[1].host']);
  });
});

describe('validateSidecarHeartbeat', () => {
  it('accepts the example', () => {
    expectValid(validateSidecarHeartbeat(examples.sidecarHeartbeat()));
  });

  it('names bad connection summaries by index', () => {
    const hb = examples.sidecarHeartbeat();
    hb.connections.push({ connectionId: 'mc-1', status: 'ZOMBIE' as 'ACTIVE', score: 150 });
    expectErrorPaths(validateSidecarHeartbeat(hb), ['connections[1].status', 'connections[1].score']);
  });

  it('rejects a negative uptime', () => {
    expectErrorPaths(validateSidecarHeartbeat(examples.sidecarHeartbeat({ uptimeMs: -1 })), ['uptimeMs']);
  });
});

describe('validateFailoverRequest (POST /api/v1/connections/{id}/failover)', () => {
  it('accepts the example and a bare request', () => {
    expectValid(validateFailoverRequest(examples.failoverRequest()));
    expectValid(
      validateFailoverRequest({ sidecarId: examples.SIDECAR_ID, reason: 'echo timeouts', requestedAt: examples.T0 }),
    );
  });

  it('requires a non-empty reason and checks the hard signal', () => {
    expectErrorPaths(validateFailoverRequest(examples.failoverRequest({ reason: '' })), ['reason']);
    const bad = { ...examples.failoverRequest(), hardSignal: { kind: 'SOCKET_RESET', detail: 'x' } };
    expectErrorPaths(validateFailoverRequest(bad), ['hardSignal.observedAt']);
  });
});
