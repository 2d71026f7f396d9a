import { holdDownFor, switchesInWindow } from './hold-down';

const policy = { holdDownMs: 30_000, holdDownMaxMs: 600_000 };
const noJitter = (): number => 0;

describe('holdDownFor', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [5, 480_000],
    [6, 600_000],
    [50, 600_000],
  ])('after the switch number %i in the window holds down for %i ms', (k, expected) => {
    expect(holdDownFor(k, policy, noJitter)).toEqual({
      durationMs: expected,
      baseMs: expected,
      jitterMs: 0,
      switchesInWindow: k,
    });
  });

  it('adds up to 20 % jitter from the injected random source', () => {
    expect(holdDownFor(1, policy, () => 0.5)).toMatchObject({ durationMs: 33_000, baseMs: 30_000, jitterMs: 3_000 });
    expect(holdDownFor(2, policy, () => 0.999)).toMatchObject({ durationMs: 71_988, jitterMs: 11_988 });
  });

  it('never exceeds holdDownMaxMs, jitter included: the cap is a real cap', () => {
    expect(holdDownFor(5, policy, () => 0.99).durationMs).toBe(480_000 + 95_040);
    expect(holdDownFor(6, policy, () => 0.99)).toMatchObject({ durationMs: 600_000, jitterMs: 0 });
    expect(holdDownFor(5, { holdDownMs: 500_000, holdDownMaxMs: 550_000 }, () => 0.99).durationMs).toBe(550_000);
  });

  it('is zero when holdDownMs is zero (flap damping off)', () => {
    expect(holdDownFor(7, { holdDownMs: 0, holdDownMaxMs: 0 }, () => 0.7).durationMs).toBe(0);
  });

  it('treats k below 1 as the first switch and tolerates a random source outside [0, 1)', () => {
    expect(holdDownFor(0, policy, noJitter).durationMs).toBe(30_000);
    expect(holdDownFor(1, policy, () => -1).durationMs).toBe(30_000);
    expect(holdDownFor(1, policy, () => Number.NaN).durationMs).toBe(30_000);
    expect(holdDownFor(1, policy, () => 7).durationMs).toBeLessThan(36_000);
  });

  it('does not overflow with very many switches', () => {
    expect(holdDownFor(10_000, policy, noJitter).durationMs).toBe(600_000);
  });
});

describe('switchesInWindow', () => {
  it('keeps the switches inside the window ending now', () => {
    expect(switchesInWindow([0, 100, 900, 1000, 1001], 1000, 900)).toEqual([900, 1000]);
  });
});
