import { expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { validateConnectionEvent } from './connection-event.dto';

describe('validateConnectionEvent', () => {
  it('accepts the example (a failover phase) and a plain lifecycle event', () => {
    expectValid(validateConnectionEvent(examples.connectionEvent()));
    expectValid(
      validateConnectionEvent({
        connectionId: examples.CONNECTION_ID,
        sidecarId: examples.SIDECAR_ID,
        event: 'ESTABLISHED',
        endpointId: 'primary',
        occurredAt: examples.T0,
      }),
    );
  });

  it.each([
    ['event', 'EXPLODED'],
    ['fromStatus', 'HAPPY'],
    ['occurredAt', 1714564800000],
    ['failoverEventId', 'evt-1'],
    ['detail', '   '],
  ])('rejects %s = %j', (field, value) => {
    expectErrorPaths(validateConnectionEvent({ ...examples.connectionEvent(), [field]: value }), [field]);
  });

  it('requires a phase on FAILOVER_PHASE and checks it', () => {
    const { phase: _phase, ...noPhase } = examples.connectionEvent();
    expectErrorPaths(validateConnectionEvent(noPhase), ['phase']);
    const badPhase = { ...examples.connectionEvent(), phase: { name: 'CLEANUP', outcome: 'SUCCESS', durationMs: -1 } };
    expectErrorPaths(validateConnectionEvent(badPhase), ['phase.name', 'phase.durationMs']);
  });

  it('requires toStatus on STATE_CHANGED', () => {
    const { toStatus: _to, phase: _phase, ...rest } = examples.connectionEvent();
    expectErrorPaths(validateConnectionEvent({ ...rest, event: 'STATE_CHANGED' }), ['toStatus']);
  });
});
