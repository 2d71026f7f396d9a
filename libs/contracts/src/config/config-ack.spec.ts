import { expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { validateConfigAck } from './config-ack.dto';

describe('validateConfigAck', () => {
  it('accepts an APPLIED ack and a REJECTED one with errors', () => {
    expectValid(validateConfigAck(examples.configAck()));
    const rejected = examples.configAck({
      status: 'REJECTED',
      errors: [{ path: 'health.weights', message: 'layer weights must sum to 100, got 95' }],
    });
    expectValid(validateConfigAck(rejected));
  });

  it('requires errors when REJECTED', () => {
    expectErrorPaths(validateConfigAck(examples.configAck({ status: 'REJECTED' })), ['errors']);
    expectErrorPaths(validateConfigAck(examples.configAck({ status: 'REJECTED', errors: [] })), ['errors']);
  });

  it.each([
    ['status', 'DONE'],
    ['scope', 'connection:a:b'],
    ['version', 0],
    ['appliedAt', 'soon'],
  ])('rejects %s = %j', (field, value) => {
    expectErrorPaths(validateConfigAck({ ...examples.configAck(), [field]: value }), [field]);
  });

  it('names a bad error item by index', () => {
    const ack = { ...examples.configAck({ status: 'REJECTED' }), errors: [{ path: 'a', message: 'b' }, { path: 'a' }] };
    expectErrorPaths(validateConfigAck(ack), ['errors[1].message']);
  });
});
