import { TEST_CARDS } from '../examples/examples';
import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { COMMAND_TYPES, type CommandType } from './command.enums';
import { validateCommand } from './command.dto';
import { COMMAND_PARAMS_CLASSES } from './command-params.dto';

describe('validateCommand', () => {
  it.each(COMMAND_TYPES.map((t) => [t]))('accepts a valid %s and types its params by class', (type) => {
    const command = expectValid(validateCommand(examples.command(type)));
    expect(command.type).toBe(type);
    expect(command.params).toBeInstanceOf(COMMAND_PARAMS_CLASSES[type]);
  });

  it('narrows params by type', () => {
    const command = expectValid(validateCommand(examples.command('TRIGGER_FAILOVER')));
    if (command.type === 'TRIGGER_FAILOVER') expect(command.params.targetEndpointId).toBe('dr-1');
    else throw new Error('wrong type');
  });

  it.each([
    ['commandId', 'cmd-1'],
    ['type', 'SELF_DESTRUCT'],
    ['sidecarId', 'pod-only'],
    ['epoch', -1],
    ['epoch', '4'],
    ['issuedAt', 'yesterday'],
    ['reason', ''],
    ['reason', '   '],
  ])('rejects %s = %j', (field, value) => {
    expectErrorAt(validateCommand({ ...examples.command('CLOSE_CONNECTION'), [field]: value }), field);
  });

  it('rejects an unknown type once, without judging its params', () => {
    expectErrorPaths(validateCommand({ ...examples.command('CLOSE_CONNECTION'), type: 'SELF_DESTRUCT' }), ['type']);
  });

  it('rejects a deadline at or before issuedAt', () => {
    const before = validateCommand(examples.command('CLOSE_CONNECTION', { deadline: '2024-05-01T11:59:59.000Z' }));
    expectErrorPaths(before, ['deadline']);
    expectErrorAt(before, 'deadline', /later than issuedAt/);
    expectErrorPaths(validateCommand(examples.command('CLOSE_CONNECTION', { deadline: examples.T0 })), ['deadline']);
  });

  it('checks the issuer', () => {
    const outcome = validateCommand(examples.command('CLOSE_CONNECTION', { issuer: { kind: 'cron', id: '' } }));
    expectErrorPaths(outcome, ['issuer.kind', 'issuer.id']);
  });

  it.each(['ESTABLISH_CONNECTION', 'CLOSE_CONNECTION', 'SEND_MESSAGE', 'TRIGGER_FAILOVER'] as CommandType[])(
    'requires connectionId for %s',
    (type) => {
      const { connectionId: _c, ...rest } = examples.command(type);
      expectErrorPaths(validateCommand(rest), ['connectionId']);
    },
  );

  it.each(['UPDATE_CONFIG', 'HEALTH_CHECK'] as CommandType[])(
    'lets %s omit connectionId, but checks it when given',
    (type) => {
      const { connectionId: _c, ...rest } = examples.command(type);
      expectValid(validateCommand(rest));
      expectErrorPaths(validateCommand({ ...rest, connectionId: 'bad:id' }), ['connectionId']);
    },
  );

  describe('params, discriminated by type', () => {
    it('a TRIGGER_FAILOVER with CLOSE_CONNECTION params names the missing and the foreign fields', () => {
      const command = examples.command('TRIGGER_FAILOVER', {
        params: { graceful: true, drainTimeoutMs: 1000, signOn: true },
      });
      expectErrorPaths(validateCommand(command), [
        'params.signOn',
        'params.targetEndpointId',
        'params.strategy',
        'params.failoverEventId',
      ]);
    });

    it('ESTABLISH_CONNECTION: endpoint and signOn', () => {
      const bad = examples.command('ESTABLISH_CONNECTION', {
        params: { endpoint: { ...examples.endpoints()[1], port: 99999 } },
      });
      expectErrorPaths(validateCommand(bad), ['params.endpoint.port', 'params.signOn']);
    });

    it('CLOSE_CONNECTION: graceful and drainTimeoutMs', () => {
      const bad = examples.command('CLOSE_CONNECTION', { params: { graceful: 'yes', drainTimeoutMs: -5 } });
      expectErrorPaths(validateCommand(bad), ['params.graceful', 'params.drainTimeoutMs']);
    });

    it('SEND_MESSAGE: 4-digit MTI, field-number keys, string values, timeout', () => {
      const base = examples.command('SEND_MESSAGE').params;
      expectErrorPaths(validateCommand(examples.command('SEND_MESSAGE', { params: { ...base, mti: '800' } })), [
        'params.mti',
      ]);
      const badKey = validateCommand(examples.command('SEND_MESSAGE', { params: { ...base, fields: { '1': 'x' } } }));
      expectErrorAt(badKey, 'params.fields', /key "1" which is not an ISO 8583 field number/);
      const badValue = validateCommand(
        examples.command('SEND_MESSAGE', { params: { ...base, fields: { '2': Number(TEST_CARDS.visa) } } }),
      );
      const error = expectErrorAt(badValue, 'params.fields', /entry "2" must be a string/);
      expect(error.message).not.toContain(TEST_CARDS.visa);
      expectErrorPaths(validateCommand(examples.command('SEND_MESSAGE', { params: { ...base, timeoutMs: 0 } })), [
        'params.timeoutMs',
      ]);
    });

    it('UPDATE_CONFIG: validates the nested config document and its version', () => {
      const base = examples.command('UPDATE_CONFIG').params;
      const badConfig = {
        ...base,
        config: { ...base.config, health: { ...base.config.health, networkIntervalMs: 5 } },
      };
      expectErrorPaths(validateCommand(examples.command('UPDATE_CONFIG', { params: badConfig })), [
        'params.config.health.networkIntervalMs',
      ]);
      const mismatch = validateCommand(examples.command('UPDATE_CONFIG', { params: { ...base, version: 3 } }));
      expectErrorAt(mismatch, 'params.version', /config.version/);
    });

    it('TRIGGER_FAILOVER: strategy and failoverEventId', () => {
      const base = examples.command('TRIGGER_FAILOVER').params;
      const bad = examples.command('TRIGGER_FAILOVER', { params: { ...base, strategy: 'PANIC', failoverEventId: '' } });
      expectErrorPaths(validateCommand(bad), ['params.strategy', 'params.failoverEventId']);
    });

    it('HEALTH_CHECK: optional subset of the four layers', () => {
      expectValid(validateCommand(examples.command('HEALTH_CHECK', { params: {} })));
      const bad = examples.command('HEALTH_CHECK', { params: { layers: ['network', 'vibes'] } });
      expectErrorPaths(validateCommand(bad), ['params.layers']);
    });

    it('params must be an object', () => {
      expectErrorPaths(validateCommand(examples.command('HEALTH_CHECK', { params: [] })), ['params']);
      const { params: _p, ...noParams } = examples.command('HEALTH_CHECK');
      expectErrorPaths(validateCommand(noParams), ['params']);
    });
  });
});
