/**
 * The compiled fast path must decide exactly as class-validator does. Over random valid reports
 * and random mutations of them (a field removed, a wrong type, out of range, an unknown or
 * `__proto__` key, duplicate endpoint ids, …), for reports and for envelopes carrying them:
 *  - whenever the fast path accepts, the full validation accepts too, with a strictly equal value
 *    (same classes, same keys);
 *  - for JSON input (what Kafka and REST deliver), the fast path accepts whenever the full
 *    validation does (so it is really used), and
 *  - the public validate functions give the same outcome, errors and paths included, as the full
 *    validation alone.
 */
import fc from 'fast-check';
import { validateDto } from '../common/validation';
import { EnvelopeDto } from '../envelope/envelope.dto';
import { createEnvelope, decodeEnvelope, encodeEnvelope, validateEnvelope } from '../envelope/envelope';
import { fastHealthReportEnvelope } from '../envelope/envelope.fast';
import * as examples from '../examples/examples';
import { TOPICS } from '../topics/topics';
import { HealthReportDto, validateHealthReport } from './health-report.dto';
import { fastHealthReport } from './health-report.fast';
import { CONNECTION_STATUSES, HARD_SIGNAL_KINDS, LAYER_STATUSES, SOCKET_STATES } from './health.enums';

type Json = Record<string, unknown>;

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,12}$/);
const timestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const latency = fc.oneof(fc.nat(5_000), fc.double({ min: 0, max: 5_000, noNaN: true }));

function optional<T>(key: string, arb: fc.Arbitrary<T>): fc.Arbitrary<Json> {
  return fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? {} : { [key]: v }));
}

function record(required: Record<string, fc.Arbitrary<unknown>>, ...optionals: Array<fc.Arbitrary<Json>>) {
  return fc
    .tuple(fc.record(required), ...optionals)
    .map(([base, ...extras]) => Object.assign({}, base, ...extras) as Json);
}

const layerBase = { status: fc.constantFrom(...LAYER_STATUSES), checkedAt: timestamp };
const layers = fc.record({
  application: record(
    layerBase,
    optional('latencyMs', latency),
    optional('httpStatus', fc.integer({ min: 100, max: 599 })),
  ),
  network: record(
    { ...layerBase, reachable: fc.boolean() },
    optional('latencyMs', latency),
    optional('socketState', fc.constantFrom(...SOCKET_STATES)),
    optional('connectLatencyMs', latency),
  ),
  protocol: record(
    { ...layerBase, consecutiveTimeouts: fc.nat(1_000) },
    optional('latencyMs', latency),
    optional('echoRttMs', latency),
    optional('responseCode', fc.stringMatching(/^[0-9A-Za-z]{2}$/)),
    optional('mtiOk', fc.boolean()),
    optional('stanMatched', fc.boolean()),
  ),
  resources: record(
    layerBase,
    optional('latencyMs', latency),
    optional('eventLoopLagMs', latency),
    optional('rssBytes', fc.nat()),
    optional('heapUsedBytes', fc.nat()),
    optional('cpuPercent', fc.double({ min: 0, max: 10_000, noNaN: true })),
  ),
});
const hardSignal = fc.record({
  kind: fc.constantFrom(...HARD_SIGNAL_KINDS),
  detail: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
  observedAt: timestamp,
});
const endpoints = fc.uniqueArray(
  record({ endpointId: id, reachable: fc.boolean(), checkedAt: timestamp }, optional('echoRttMs', latency)),
  { maxLength: 5, selector: (e) => e['endpointId'] },
);

const validReport: fc.Arbitrary<Json> = record(
  {
    connectionId: id,
    sidecarId: fc.tuple(id, id).map(([ns, pod]) => `${ns}/${pod}`),
    status: fc.constantFrom(...CONNECTION_STATUSES),
    score: fc.integer({ min: 0, max: 100 }),
    activeEndpointId: id,
    layers,
    sequence: fc.nat(),
    reportedAt: timestamp,
  },
  optional('hardSignal', hardSignal),
  optional('endpoints', endpoints),
  optional('epoch', fc.nat()),
);

/** Values a field may wrongly hold (some only reachable from JS, not from JSON). */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    '',
    '   ',
    'x'.repeat(1_100),
    -1,
    1.5,
    101,
    600,
    10_001,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    2 ** 60,
    true,
    false,
    {},
    [],
    [{}],
    '2024-13-01T00:00:00Z',
    '2024-05-01T12:00:00.000',
    '2024-02-30T00:00:00.000Z',
    'UP',
    'ACTIVE',
    'SOCKET_RESET',
    'primary',
    'ns/pod',
    '0',
    new Boolean(true),
    new String('UP'),
    Object.create(null) as object,
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
);

/**
 * Every path to a field or array item in `value`. Only plain objects and arrays are entered: a
 * boxed value planted by an earlier mutation (`new String('UP')`) is a leaf, since its indexed
 * characters are read-only and no input format could nest fields inside it.
 */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  // Realm-independent (jest runs tests in a VM context): boxed primitives are leaves.
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object String]' || tag === '[object Number]' || tag === '[object Boolean]') return [];
  const out: string[][] = [];
  for (const key of Object.keys(value)) {
    const p = [...prefix, key];
    out.push(p);
    out.push(...pathsOf((value as Json)[key], p));
  }
  return out;
}

type Mutation =
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'extraKey'; pick: number; key: string }
  | { kind: 'duplicateEndpoint' }
  | { kind: 'manyEndpoints' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('extraKey' as const),
    pick: fc.nat(),
    key: fc.constantFrom('unknown', 'constructor', 'toString', 'score', 'status', 'detail'),
  }),
  fc.constant({ kind: 'duplicateEndpoint' as const }),
  fc.constant({ kind: 'manyEndpoints' as const }),
);

function mutate(original: Json, m: Mutation): Json {
  const copy = structuredClone(original);
  const paths = pathsOf(copy);
  const parentOf = (p: string[]): Json => {
    let node: Json = copy;
    for (const k of p.slice(0, -1)) node = node[k] as Json;
    return node;
  };
  switch (m.kind) {
    case 'set': {
      const p = paths[m.pick % paths.length]!;
      parentOf(p)[p[p.length - 1]!] = m.value;
      return copy;
    }
    case 'delete': {
      const p = paths[m.pick % paths.length]!;
      const parent = parentOf(p);
      if (Array.isArray(parent)) parent.splice(Number(p[p.length - 1]), 1);
      else delete parent[p[p.length - 1]!];
      return copy;
    }
    case 'extraKey': {
      const objects: Json[] = [copy];
      for (const p of paths) {
        const node = parentOf(p)[p[p.length - 1]!];
        if (typeof node === 'object' && node !== null && !Array.isArray(node)) objects.push(node as Json);
      }
      const node = objects[m.pick % objects.length]!;
      if (!Object.prototype.hasOwnProperty.call(node, m.key)) node[m.key] = 1;
      else node['unknownField'] = 'x';
      return copy;
    }
    case 'duplicateEndpoint': {
      const list = (copy['endpoints'] as Json[] | undefined) ?? [];
      copy['endpoints'] = list.length > 0 ? [...list, { ...list[0]! }] : list;
      return copy;
    }
    case 'manyEndpoints':
      copy['endpoints'] = Array.from({ length: 33 }, (_, i) => ({
        endpointId: `e${i}`,
        reachable: true,
        checkedAt: examples.T0,
      }));
      return copy;
  }
}

/** JSON text with an own "__proto__" key (only JSON.parse makes those). */
function withProtoKey(report: Json): Json {
  const text = JSON.stringify(report).replace(/^\{/, '{"__proto__":{"x":1},');
  return JSON.parse(text) as Json;
}

function checkReport(input: unknown): void {
  const full = validateDto(HealthReportDto, input);
  const fast = fastHealthReport(input);
  if (fast !== undefined) {
    expect(full.ok).toBe(true);
    if (full.ok) expect(fast).toStrictEqual(full.value);
  }
  expect(validateHealthReport(input)).toStrictEqual(full);
}

/** What Kafka and REST deliver: the fast path must take every valid one. */
function checkReportJson(input: unknown): void {
  const json: unknown = JSON.parse(JSON.stringify(input) ?? 'null');
  checkReport(json);
  expect(fastHealthReport(json) !== undefined).toBe(validateDto(HealthReportDto, json).ok);
}

function envelopeOf(payload: Json): Json {
  return JSON.parse(
    JSON.stringify(
      createEnvelope('health-report', payload as unknown as HealthReportDto, {
        sender: { kind: 'sidecar', id: String(payload['sidecarId'] ?? 'ns/pod') },
      }),
    ),
  ) as Json;
}

function checkEnvelope(input: unknown): void {
  const full = validateDto(EnvelopeDto, input);
  const fast = fastHealthReportEnvelope(input);
  if (fast !== undefined) {
    expect(full.ok).toBe(true);
    if (full.ok) expect(fast).toStrictEqual(full.value);
  }
  const json: unknown = JSON.parse(JSON.stringify(input) ?? 'null');
  expect(fastHealthReportEnvelope(json) !== undefined).toBe(validateDto(EnvelopeDto, json).ok);
}

describe('health report fast path ≡ class-validator', () => {
  it('accepts every valid report, with the same instance tree', () => {
    fc.assert(
      fc.property(validReport, (report) => {
        expect(fastHealthReport(report)).toBeDefined();
        checkReport(report);
        checkReportJson(report);
      }),
      { numRuns: 1_000 },
    );
  });

  it('decides every mutated report as the full validation does, errors and paths included', () => {
    fc.assert(
      fc.property(validReport, fc.array(mutation, { minLength: 1, maxLength: 3 }), (report, ms) => {
        const mutated = ms.reduce(mutate, report);
        checkReport(mutated);
        checkReportJson(mutated);
      }),
      { numRuns: 3_000 },
    );
  });

  it('leaves an own "__proto__" key, a non-object and a class instance to the full validation', () => {
    const proto = withProtoKey(examples.healthReport() as unknown as Json);
    expect(fastHealthReport(proto)).toBeUndefined();
    checkReport(proto);
    for (const odd of [
      null,
      'report',
      42,
      [],
      new Date(0),
      Object.assign(new HealthReportDto(), examples.healthReport()),
    ]) {
      checkReport(odd);
    }
  });

  it('envelopes: accepts every valid health-report envelope and decides mutated ones alike', () => {
    fc.assert(
      fc.property(
        validReport,
        fc.array(mutation, { maxLength: 2 }),
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'schemaVersion',
              'messageId',
              'type',
              'timestamp',
              'sender',
              'connectionId',
              'sidecarId',
              'epoch',
              'correlationId',
              'payload',
              'extra',
            ),
            oddValue,
          ),
          { maxLength: 2 },
        ),
        (report, payloadMutations, envelopeMutations) => {
          const env = envelopeOf(payloadMutations.reduce(mutate, report));
          for (const [key, value] of envelopeMutations) env[key] = value;
          checkEnvelope(env);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('envelopes of other message types always take the full validation', () => {
    const command = JSON.parse(
      JSON.stringify(
        createEnvelope('command', examples.command('TRIGGER_FAILOVER'), { sender: { kind: 'controller', id: 'c-0' } }),
      ),
    ) as Json;
    expect(fastHealthReportEnvelope(command)).toBeUndefined();
    expect(validateEnvelope(command).ok).toBe(true);
  });

  it('decodeEnvelope keeps its cross-checks on the fast path', () => {
    const report = examples.healthReport();
    const env = createEnvelope('health-report', report, { sender: { kind: 'sidecar', id: examples.SIDECAR_ID } });
    expect(decodeEnvelope(TOPICS.HEALTH_REPORTS, encodeEnvelope(env)).ok).toBe(true);
    const mismatched = { ...env, connectionId: 'another-link' };
    const decoded = decodeEnvelope(TOPICS.HEALTH_REPORTS, encodeEnvelope(mismatched as typeof env));
    expect(decoded).toEqual({
      ok: false,
      reason: 'INVALID_ENVELOPE',
      errors: [{ path: 'connectionId', message: 'connectionId must equal payload.connectionId' }],
    });
    const wrongSender = { ...env, sender: { kind: 'controller', id: 'c-0' } };
    expect(decodeEnvelope(TOPICS.HEALTH_REPORTS, encodeEnvelope(wrongSender as typeof env)).ok).toBe(false);
  });
});
