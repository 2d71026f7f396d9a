import { errorsOf, expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { TOPICS, ALL_TOPICS, type Topic } from '../topics/topics';
import { CommandDto } from '../commands/command.dto';
import { HealthReportDto } from '../health/health-report.dto';
import {
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  messageKey,
  validateEnvelope,
  type Envelope,
  type EnvelopeMeta,
} from './envelope';
import { CURRENT_SCHEMA_VERSION } from './envelope.dto';
import { MESSAGE_TYPES, TOPIC_MESSAGE_TYPES, topicOf, type MessagePayloads, type MessageType } from './message-type';

const MESSAGE_ID = '11111111-2222-4333-8444-555555555555';
const deps = { now: () => new Date(examples.T0), newId: () => MESSAGE_ID };
const sidecar: EnvelopeMeta = { sender: { kind: 'sidecar', id: examples.SIDECAR_ID } };
const controller: EnvelopeMeta = { sender: { kind: 'controller', id: 'controller-0' } };

const PAYLOADS: { [K in MessageType]: () => [MessagePayloads[K], EnvelopeMeta] } = {
  'health-report': () => [examples.healthReport(), sidecar],
  'connection-event': () => [examples.connectionEvent(), sidecar],
  command: () => [examples.command('TRIGGER_FAILOVER'), controller],
  'command-result': () => [examples.commandResult(), sidecar],
  'config-update': () => [examples.configDocument({ version: 2 }), controller],
  'config-ack': () => [examples.configAck(), sidecar],
  'sidecar-registration': () => [examples.sidecarRegistration(), sidecar],
  'sidecar-heartbeat': () => [examples.sidecarHeartbeat(), sidecar],
};

function envelopeOf<K extends MessageType>(type: K): Envelope<K> {
  const [payload, meta] = PAYLOADS[type]();
  return createEnvelope(type, payload as MessagePayloads[K], meta, deps);
}

function raw(env: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(env)) as Record<string, unknown>;
}

describe('createEnvelope', () => {
  it('fills version, id, time and sender from the injected deps, ids from the payload', () => {
    const env = createEnvelope('health-report', examples.healthReport(), sidecar, deps);
    expect(env).toMatchObject({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      messageId: MESSAGE_ID,
      type: 'health-report',
      timestamp: examples.T0,
      sender: { kind: 'sidecar', id: examples.SIDECAR_ID },
      connectionId: examples.CONNECTION_ID,
      sidecarId: examples.SIDECAR_ID,
    });
    expect(env.epoch).toBeUndefined();
  });

  it('copies a command’s epoch and honours explicit meta', () => {
    const env = createEnvelope(
      'command',
      examples.command('CLOSE_CONNECTION'),
      { ...controller, correlationId: 'c-1' },
      deps,
    );
    expect(env.epoch).toBe(4);
    expect(env.correlationId).toBe('c-1');
  });

  it('uses a random UUID and the real clock by default', () => {
    const a = createEnvelope('config-ack', examples.configAck(), sidecar);
    const b = createEnvelope('config-ack', examples.configAck(), sidecar);
    expect(a.messageId).not.toBe(b.messageId);
    expectValid(validateEnvelope(raw(a)));
  });
});

describe('validateEnvelope', () => {
  it.each(MESSAGE_TYPES.map((t) => [t]))('accepts a valid %s envelope and types its payload', (type) => {
    const env = expectValid(validateEnvelope(raw(envelopeOf(type))));
    expect(env.type).toBe(type);
  });

  it('returns payload instances of the class for the type', () => {
    const env = expectValid(validateEnvelope(raw(envelopeOf('health-report'))));
    expect(env.payload).toBeInstanceOf(HealthReportDto);
    const cmd = expectValid(validateEnvelope(raw(envelopeOf('command'))));
    expect(cmd.payload).toBeInstanceOf(CommandDto);
  });

  it('names bad payload fields with a payload. prefix', () => {
    const env = raw(envelopeOf('health-report'));
    (env['payload'] as Record<string, Record<string, Record<string, unknown>>>)['layers']!['network']!['latencyMs'] =
      -5;
    expectErrorPaths(validateEnvelope(env), ['payload.layers.network.latencyMs']);
  });

  it.each([
    ['messageId', 'not-a-uuid'],
    ['timestamp', '2024-05-01T12:00:00+02:00'],
    ['timestamp', '2024-05-01 12:00:00'],
    ['type', 'gossip'],
    ['schemaVersion', 2],
    ['epoch', -1],
    ['epoch', 1.5],
    ['connectionId', 'has:colon'],
    ['sidecarId', 'no-slash'],
    ['correlationId', ''],
  ])('rejects %s = %j', (field, value) => {
    expectErrorAt(validateEnvelope({ ...raw(envelopeOf('health-report')), [field]: value }), field);
  });

  it('rejects a bad sender at sender.kind / sender.id', () => {
    const env = raw(envelopeOf('health-report'));
    expectErrorAt(validateEnvelope({ ...env, sender: { kind: 'robot', id: 'x' } }), 'sender.kind');
    expectErrorAt(validateEnvelope({ ...env, sender: { kind: 'sidecar', id: ' ' } }), 'sender.id');
  });

  it('does not validate the payload when the type is unknown (one error, at type)', () => {
    expectErrorPaths(validateEnvelope({ ...raw(envelopeOf('health-report')), type: 'gossip' }), ['type']);
  });

  it('rejects unknown envelope fields and a missing payload', () => {
    expectErrorAt(
      validateEnvelope({ ...raw(envelopeOf('health-report')), priority: 'high' }),
      'priority',
      /unknown field/,
    );
    const { payload: _payload, ...noPayload } = raw(envelopeOf('health-report'));
    expectErrorPaths(validateEnvelope(noPayload), ['payload']);
  });

  it('rejects a payload of another type', () => {
    const env = { ...raw(envelopeOf('health-report')), payload: raw(examples.configAck()) };
    const errors = errorsOf(validateEnvelope(env));
    expect(errors.some((e) => e.path === 'payload.version' && /unknown field/.test(e.message))).toBe(true);
    expect(errors.some((e) => e.path === 'payload.layers')).toBe(true);
  });

  it('checks the sender kind against the message type', () => {
    const env = raw(createEnvelope('command', examples.command('HEALTH_CHECK'), sidecar, deps));
    expectErrorPaths(validateEnvelope(env), ['sender.kind']);
  });

  it('checks envelope ids and epoch against the payload', () => {
    const env = raw(envelopeOf('command'));
    expectErrorPaths(validateEnvelope({ ...env, connectionId: 'other-link' }), ['connectionId']);
    expectErrorPaths(validateEnvelope({ ...env, sidecarId: 'payments/other-pod' }), ['sidecarId']);
    expectErrorPaths(validateEnvelope({ ...env, epoch: 3 }), ['epoch']);
  });
});

describe('TOPIC_MESSAGE_TYPES', () => {
  it('puts every message type on exactly one topic', () => {
    for (const type of MESSAGE_TYPES) {
      const topics = ALL_TOPICS.filter((t) => TOPIC_MESSAGE_TYPES[t].includes(type));
      expect(topics).toEqual([topicOf(type)]);
    }
  });
});

describe('decodeEnvelope', () => {
  it.each(MESSAGE_TYPES.map((t) => [t, topicOf(t)] as const))('decodes a %s from %s bytes', (type, topic) => {
    const outcome = decodeEnvelope(topic, encodeEnvelope(envelopeOf(type)));
    const env = expectValid(outcome as Parameters<typeof expectValid<Envelope>>[0]);
    expect(env.type).toBe(type);
  });

  it('decodes from a string too', () => {
    expect(decodeEnvelope(TOPICS.HEALTH_REPORTS, JSON.stringify(envelopeOf('health-report'))).ok).toBe(true);
  });

  it('round-trips: encode(decode(x)) equals x', () => {
    const original = envelopeOf('command');
    const decoded = decodeEnvelope(TOPICS.FAILOVER_COMMANDS, encodeEnvelope(original));
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
    expect(JSON.parse(encodeEnvelope(decoded.value).toString('utf8'))).toEqual(raw(original));
  });

  it('rejects a type that is not allowed on the topic', () => {
    const outcome = decodeEnvelope(TOPICS.HEALTH_REPORTS, encodeEnvelope(envelopeOf('command')));
    expect(outcome).toMatchObject({ ok: false, reason: 'TYPE_NOT_ALLOWED_ON_TOPIC' });
    expectErrorAt(outcome, 'type', /not allowed on topic health-reports/);
  });

  it('reports bad JSON at path "" with its position, never quoting the input', () => {
    const pan = examples.TEST_PAN;
    const outcome = decodeEnvelope(TOPICS.FAILOVER_COMMANDS, Buffer.from(`{"fields":{"2":"${pan}"},,}`));
    expect(outcome).toMatchObject({ ok: false, reason: 'INVALID_JSON' });
    const error = expectErrorAt(outcome, '', /^invalid JSON at position 35 \(line 1, column 36\)/);
    expect(error.message).not.toContain(pan);
  });

  it.each([
    ['an array', '[1,2]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"hello"'],
  ])('rejects %s at path ""', (what, text) => {
    const outcome = decodeEnvelope(TOPICS.HEALTH_REPORTS, text);
    expect(outcome).toMatchObject({ ok: false, reason: 'INVALID_ENVELOPE' });
    expectErrorAt(outcome, '', new RegExp(`expected a JSON object, got ${what}`));
  });

  it.each([[2], [0], ['1'], [null]])('rejects schemaVersion %j as unsupported', (version) => {
    const outcome = decodeEnvelope(
      TOPICS.HEALTH_REPORTS,
      JSON.stringify({ ...raw(envelopeOf('health-report')), schemaVersion: version }),
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'UNSUPPORTED_SCHEMA_VERSION' });
    expectErrorPaths(outcome, ['schemaVersion']);
  });

  it('classifies payload-only failures as INVALID_PAYLOAD and envelope failures as INVALID_ENVELOPE', () => {
    const badPayload = raw(envelopeOf('health-report'));
    (badPayload['payload'] as Record<string, unknown>)['score'] = 101;
    expect(decodeEnvelope(TOPICS.HEALTH_REPORTS, JSON.stringify(badPayload))).toMatchObject({
      ok: false,
      reason: 'INVALID_PAYLOAD',
    });
    const badEnvelope = { ...raw(envelopeOf('health-report')), messageId: 'x' };
    expect(decodeEnvelope(TOPICS.HEALTH_REPORTS, JSON.stringify(badEnvelope))).toMatchObject({
      ok: false,
      reason: 'INVALID_ENVELOPE',
    });
  });

  it('handles a tombstone (null value) and an unknown topic without throwing', () => {
    expect(decodeEnvelope(TOPICS.CONFIG_UPDATES, null)).toMatchObject({ ok: false, reason: 'INVALID_JSON' });
    expect(decodeEnvelope('no-such-topic' as Topic, '{}')).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary bytes', () => {
    const samples: Array<Buffer | string> = [
      Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      '',
      '{',
      '{"schemaVersion":1,"type":"command","payload":{"type":"SEND_MESSAGE","params":[]}}',
      '{"schemaVersion":1,"type":"health-report","payload":"x"}',
      '['.repeat(10_000),
      '{"a":'.repeat(5_000),
    ];
    for (const bytes of samples) {
      const outcome = decodeEnvelope(TOPICS.HEALTH_REPORTS, bytes);
      expect(outcome.ok).toBe(false);
    }
  });
});

describe('messageKey', () => {
  it('keys each message as TOPIC_DEFINITIONS says', () => {
    expect(messageKey(envelopeOf('health-report'))).toBe(examples.CONNECTION_ID);
    expect(messageKey(envelopeOf('connection-event'))).toBe(examples.CONNECTION_ID);
    expect(messageKey(envelopeOf('command'))).toBe(examples.SIDECAR_ID);
    expect(messageKey(envelopeOf('command-result'))).toBe(examples.SIDECAR_ID);
    expect(messageKey(envelopeOf('config-ack'))).toBe(examples.SIDECAR_ID);
    expect(messageKey(envelopeOf('config-update'))).toBe('global');
    expect(messageKey(envelopeOf('sidecar-registration'))).toBe(examples.SIDECAR_ID);
    expect(messageKey(envelopeOf('sidecar-heartbeat'))).toBe(examples.SIDECAR_ID);
  });
});
