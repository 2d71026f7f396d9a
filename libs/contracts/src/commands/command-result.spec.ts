import { expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { validateCommandResult } from './command-result.dto';

describe('validateCommandResult', () => {
  it('accepts the example and a rejection with an error', () => {
    expectValid(validateCommandResult(examples.commandResult()));
    const rejected = examples.commandResult({
      status: 'REJECTED',
      error: { code: 'STALE_EPOCH', message: 'command epoch 3 < held epoch 4' },
      timings: { receivedAt: examples.T0, finishedAt: examples.T0, durationMs: 0 },
      deliveredVia: 'redis',
    });
    expectValid(validateCommandResult(rejected));
  });

  it('accepts free-form output', () => {
    const result = examples.commandResult({
      type: 'SEND_MESSAGE',
      output: { mti: '0810', fields: { '39': '00' }, rttMs: 12 },
    });
    expectValid(validateCommandResult(result));
  });

  it('requires an error unless SUCCESS', () => {
    expectErrorPaths(validateCommandResult(examples.commandResult({ status: 'FAILED' })), ['error']);
  });

  it.each([
    ['status', 'MAYBE'],
    ['deliveredVia', 'fax'],
    ['type', 'REBOOT'],
    ['output', 'done'],
    ['commandId', '123'],
  ])('rejects %s = %j', (field, value) => {
    expectErrorPaths(validateCommandResult({ ...examples.commandResult(), [field]: value }), [field]);
  });

  it('names bad error and timing fields', () => {
    const bad = {
      ...examples.commandResult({ status: 'FAILED' }),
      error: { code: 'OOPS', message: '' },
      timings: { ...examples.commandResult().timings, durationMs: -1 },
    };
    expectErrorPaths(validateCommandResult(bad), ['error.code', 'error.message', 'timings.durationMs']);
    const phases = examples.commandResult();
    phases.timings.phases![1] = { ...phases.timings.phases![1]!, outcome: 'MEH' as 'SUCCESS' };
    expectErrorPaths(validateCommandResult(phases), ['timings.phases[1].outcome']);
  });
});
