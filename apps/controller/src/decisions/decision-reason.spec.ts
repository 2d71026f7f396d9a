import { describeEndpoint, describeHardSignal, formatDuration, formatTime, ordinal, plural } from './decision-reason';
import { ENDPOINTS, T0 } from './decision-engine.test-kit';

describe('decision reason wording', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1000, '1 s'],
    [1500, '1.5 s'],
    [15_000, '15 s'],
    [59_999, '60 s'],
    [60_000, '1 min'],
    [150_000, '2 min 30 s'],
    [3_599_999, '60 min'],
    [3_600_000, '1 h'],
    [3_900_000, '1 h 5 min'],
    [-5, '0 ms'],
  ])('formats %i ms as "%s"', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });

  it('formats times of day in UTC', () => {
    expect(formatTime(T0 + 5 * 60_000 + 30_000)).toBe('00:05:30Z');
  });

  it('names endpoints with host and port, and flags unregistered ones', () => {
    expect(describeEndpoint(ENDPOINTS, 'dr-1')).toBe('dr-1 (10.1.0.5:8583)');
    expect(describeEndpoint(ENDPOINTS, 'dr-9')).toBe('dr-9 (not in the registry)');
    expect(describeEndpoint(ENDPOINTS, null)).toBe('no endpoint');
  });

  it('explains hard signals in words', () => {
    expect(describeHardSignal('ECHO_TIMEOUT', 'no 0810 within 5 s')).toBe(
      'ECHO_TIMEOUT (the 0800 echo went unanswered: no 0810 within 5 s)',
    );
  });

  it('counts in English', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ]);
    expect(plural(1, 'report')).toBe('1 report');
    expect(plural(2, 'switch', 'switches')).toBe('2 switches');
  });
});
