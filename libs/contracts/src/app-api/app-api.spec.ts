import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { validateAppConfigApplied } from './app-config.dto';
import { validateAppConnection, validateAppConnectionCreateRequest } from './app-connection.dto';
import { validateAppHealth } from './app-health.dto';
import { validateAppSendRequest, validateAppSendResponse } from './app-send.dto';
import { validateProblemDetails, validationProblem } from './problem-details.dto';

const endpoint = examples.endpoints()[0];

describe('app-local API bodies', () => {
  it('GET /health', () => {
    expectValid(validateAppHealth({ status: 'UP' }));
    expectErrorPaths(validateAppHealth({ status: 'FINE' }), ['status']);
  });

  it('POST /connections', () => {
    expectValid(validateAppConnectionCreateRequest({ connectionId: 'c1', endpoint }));
    expectErrorPaths(
      validateAppConnectionCreateRequest({ connectionId: 'c1', endpoint: { ...endpoint, port: -1 }, framing: 'xml' }),
      ['endpoint.port', 'framing'],
    );
  });

  it('GET /connections/{id}', () => {
    const connection = {
      connectionId: 'c1',
      endpoint,
      state: 'SIGNED_ON',
      stats: { messagesSent: 1, messagesReceived: 1, inFlight: 0, timeouts: 0 },
    };
    expectValid(validateAppConnection(connection));
    expectErrorPaths(validateAppConnection({ ...connection, stats: { ...connection.stats, inFlight: -1 } }), [
      'stats.inFlight',
    ]);
    expectErrorPaths(validateAppConnection({ ...connection, state: 'OPEN' }), ['state']);
  });

  it('POST /connections/{id}/send', () => {
    expectValid(validateAppSendRequest({ mti: '0800', fields: { '70': '301' } }));
    expectErrorAt(validateAppSendRequest({ mti: '0800', fields: { '0': 'x' } }), 'fields');
    expectValid(validateAppSendResponse({ mti: '0810', fields: { '39': '00' }, rttMs: 3 }));
    expectErrorPaths(validateAppSendResponse({ mti: '0810', fields: {} }), ['rttMs']);
  });

  it('PUT /config answer', () => {
    expectValid(validateAppConfigApplied({ version: 2, appliedAt: examples.T0 }));
    expectErrorPaths(validateAppConfigApplied({ version: 2 }), ['appliedAt']);
  });

  it('problem+json: extension members are ignored, known members checked', () => {
    expectValid(validateProblemDetails({ type: 'about:blank', title: 'Bad Request', status: 400, traceId: 'abc' }));
    expectErrorPaths(validateProblemDetails({ type: 'about:blank', title: 'OK', status: 200 }), ['status']);
    expectErrorPaths(validateProblemDetails(null), ['']);
  });

  it('validationProblem turns contract errors into a 400 problem', () => {
    const problem = validationProblem(
      [{ path: 'endpoint.port', message: 'port must not be greater than 65535' }],
      '/connections',
    );
    expect(problem).toMatchObject({
      status: 400,
      detail: 'endpoint.port: port must not be greater than 65535',
      instance: '/connections',
    });
    expectValid(validateProblemDetails(problem));
  });
});
