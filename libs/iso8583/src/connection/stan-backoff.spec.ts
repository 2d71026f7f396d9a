import { backoffDelay, resolveReconnect } from './backoff';
import { StanGenerator } from './stan.generator';

describe('StanGenerator', () => {
  it('issues six digits and wraps 999999 -> 000001 (never 000000)', () => {
    const g = new StanGenerator({ start: 999998 });
    expect([g.next(), g.next(), g.next(), g.next()]).toEqual(['999998', '999999', '000001', '000002']);
  });

  it('starts from an injected random source', () => {
    expect(new StanGenerator({ random: () => 0 }).next()).toBe('000001');
    expect(new StanGenerator({ random: () => 0.999999999 }).next()).toBe('999999');
    expect(new StanGenerator({ random: () => 0.5 }).next()).toBe('500000');
  });

  it('rejects an invalid start', () => {
    expect(() => new StanGenerator({ start: 0 })).toThrow(RangeError);
    expect(() => new StanGenerator({ start: 1_000_000 })).toThrow(RangeError);
  });
});

describe('reconnect backoff', () => {
  const r = resolveReconnect({ initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0.2 });

  it('grows exponentially up to the cap (no jitter at random = 0.5)', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, r, () => 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads by +/- jitter and never exceeds the cap', () => {
    expect(backoffDelay(2, r, () => 0)).toBe(160);
    expect(backoffDelay(2, r, () => 0.999999)).toBe(240);
    expect(backoffDelay(10, r, () => 0.999999)).toBe(1000);
  });

  it('is on by default and validates options', () => {
    expect(resolveReconnect(undefined).enabled).toBe(true);
    expect(resolveReconnect(false).enabled).toBe(false);
    expect(() => resolveReconnect({ jitter: 2 })).toThrow(RangeError);
  });
});
