import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { validateHealthReport } from './health-report.dto';

type Mutable = Record<string, unknown>;

function withPath(path: string[], value: unknown): Mutable {
  const report = JSON.parse(JSON.stringify(examples.healthReport())) as Mutable;
  let node = report;
  for (const key of path.slice(0, -1)) node = node[key] as Mutable;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return report;
}

describe('validateHealthReport', () => {
  it('accepts the example, and a minimal report (no optional figures, UNKNOWN layers)', () => {
    expectValid(validateHealthReport(examples.healthReport()));
    const minimal = {
      connectionId: 'c1',
      sidecarId: 'ns/pod',
      status: 'CONNECTING',
      score: 0,
      activeEndpointId: 'primary',
      layers: {
        application: { status: 'UNKNOWN', checkedAt: examples.T0 },
        network: { status: 'DOWN', checkedAt: examples.T0, reachable: false },
        protocol: { status: 'UNKNOWN', checkedAt: examples.T0, consecutiveTimeouts: 0 },
        resources: { status: 'UP', checkedAt: examples.T0 },
      },
      sequence: 0,
      reportedAt: examples.T0,
    };
    expectValid(validateHealthReport(minimal));
  });

  it('accepts a hard signal', () => {
    const report = {
      ...examples.healthReport({ status: 'FAILED', score: 0 }),
      hardSignal: { kind: 'ECHO_TIMEOUT', detail: 'no 0810 within 5000 ms', observedAt: examples.T1 },
    };
    expectValid(validateHealthReport(report));
  });

  it.each([
    [['status'], 'UP'],
    [['score'], 101],
    [['score'], 50.5],
    [['score'], '97'],
    [['sequence'], -1],
    [['connectionId'], undefined],
    [['activeEndpointId'], ''],
    [['reportedAt'], 'now'],
    [['layers', 'application', 'status'], 'GREEN'],
    [['layers', 'application', 'httpStatus'], 700],
    [['layers', 'network', 'latencyMs'], -1],
    [['layers', 'network', 'reachable'], 'yes'],
    [['layers', 'network', 'socketState'], 'HALF_OPEN'],
    [['layers', 'protocol', 'responseCode'], '000'],
    [['layers', 'protocol', 'consecutiveTimeouts'], undefined],
    [['layers', 'protocol', 'echoRttMs'], Number.NaN],
    [['layers', 'resources', 'rssBytes'], 1.5],
    [['layers', 'resources', 'checkedAt'], undefined],
    [['layers', 'resources'], undefined],
  ])('rejects %j = %j at exactly that path', (path, value) => {
    expectErrorPaths(validateHealthReport(withPath(path, value)), [path.join('.')]);
  });

  it('names bad hard-signal fields', () => {
    const outcome = validateHealthReport({
      ...examples.healthReport(),
      hardSignal: { kind: 'METEOR', detail: '', observedAt: examples.T0 },
    });
    expectErrorPaths(outcome, ['hardSignal.kind', 'hardSignal.detail']);
  });

  it('refuses an array where an endpoint probe object belongs (class-validator alone would accept it)', () => {
    const report = JSON.parse(JSON.stringify(examples.healthReport())) as { endpoints: unknown[] };
    report.endpoints[0] = [];
    const outcome = validateHealthReport(report);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.errors).toEqual([{ path: 'endpoints', message: 'each value in endpoints must be an object' }]);
  });

  it('names bad endpoint probes by index, and rejects duplicate endpoint ids', () => {
    const report = examples.healthReport();
    const bad = {
      ...report,
      endpoints: [report.endpoints![0], { endpointId: 'dr-1', reachable: 'no', checkedAt: examples.T0 }],
    };
    expectErrorPaths(validateHealthReport(bad), ['endpoints[1].reachable']);
    const dup = { ...report, endpoints: [report.endpoints![0], report.endpoints![0]] };
    expectErrorAt(validateHealthReport(dup), 'endpoints', /same endpointId/);
  });
});
