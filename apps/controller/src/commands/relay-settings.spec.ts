import { DEFAULT_RELAY_SETTINGS, nextAttemptDelayMs } from './relay-settings';

describe('nextAttemptDelayMs', () => {
  it('starts at the base and doubles per attempt', () => {
    expect([1, 2, 3, 4].map((n) => nextAttemptDelayMs(n, DEFAULT_RELAY_SETTINGS))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('is capped, however many attempts', () => {
    expect(nextAttemptDelayMs(5, DEFAULT_RELAY_SETTINGS)).toBe(8000);
    expect(nextAttemptDelayMs(10_000, DEFAULT_RELAY_SETTINGS)).toBe(8000);
  });

  it('treats a first attempt below 1 as the first', () => {
    expect(nextAttemptDelayMs(0, { backoffBaseMs: 250, backoffMaxMs: 1000 })).toBe(250);
  });
});
