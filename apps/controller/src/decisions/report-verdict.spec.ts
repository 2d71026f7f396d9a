import type { BadReportRecord, HardSignalRecord } from './decision.types';
import { gracefulForFailure, judgeReport, strategyForFailure } from './report-verdict';

const policy = { scoreThreshold: 50 };

describe('judgeReport: what a bad report is', () => {
  it.each([
    ['FAILED', 90, true],
    ['FAILED', 0, true],
    ['DEGRADED', 49, true],
    ['DEGRADED', 50, false],
    ['DEGRADED', 51, false],
    ['ACTIVE', 49, true],
    ['ACTIVE', 100, false],
    ['CONNECTING', 20, true],
    ['CONNECTING', 80, false],
  ] as const)('status %s with score %i is bad: %s', (status, score, bad) => {
    expect(judgeReport({ status, score }, policy).bad).toBe(bad);
  });

  it('says why in words', () => {
    expect(judgeReport({ status: 'DEGRADED', score: 42 }, policy).summary).toBe(
      'status DEGRADED, score 42 under threshold 50',
    );
    expect(judgeReport({ status: 'FAILED', score: 80 }, policy).summary).toBe('status FAILED, score 80');
  });
});

describe('strategy and graceful drain for a failure', () => {
  const hard = (kind: HardSignalRecord['kind']): HardSignalRecord => ({ kind, detail: 'x', at: 0, source: 'report' });
  const bad = (over: Partial<BadReportRecord>): BadReportRecord => ({
    status: 'DEGRADED',
    score: 30,
    applicationDown: false,
    networkDown: false,
    at: 0,
    ...over,
  });

  it.each([
    ['SOCKET_RESET', 'NETWORK_FAILURE'],
    ['CONNECTION_REFUSED', 'NETWORK_FAILURE'],
    ['ECHO_TIMEOUT', 'NETWORK_FAILURE'],
    ['APP_LINK_DOWN', 'APPLICATION_FAILURE'],
    ['APP_UNREACHABLE', 'APPLICATION_FAILURE'],
  ] as const)('hard signal %s calls for %s', (kind, strategy) => {
    expect(strategyForFailure(hard(kind), null)).toBe(strategy);
  });

  it('a soft failure is an application failure only when the app layer is down and the network is not', () => {
    expect(strategyForFailure(null, bad({ applicationDown: true }))).toBe('APPLICATION_FAILURE');
    expect(strategyForFailure(null, bad({ applicationDown: true, networkDown: true }))).toBe('NETWORK_FAILURE');
    expect(strategyForFailure(null, bad({}))).toBe('NETWORK_FAILURE');
    expect(strategyForFailure(null, null)).toBe('NETWORK_FAILURE');
  });

  it('drains gracefully only while the old link still works', () => {
    expect(gracefulForFailure(null, bad({ status: 'DEGRADED' }))).toBe(true);
    expect(gracefulForFailure(null, bad({ status: 'FAILED' }))).toBe(false);
    expect(gracefulForFailure(hard('SOCKET_RESET'), bad({ status: 'DEGRADED' }))).toBe(false);
  });
});
