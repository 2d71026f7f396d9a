import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { DEFAULT_CONFIG } from './default-config';
import { mergeConfig, mergeConfigValues, resolveConfig } from './merge-config';

describe('mergeConfig', () => {
  it('overrides only what the partial sets, deeply, and validates the result', () => {
    const merged = expectValid(
      mergeConfig(DEFAULT_CONFIG, { health: { networkIntervalMs: 2_000 }, failover: { mode: 'SHADOW' } }),
    );
    expect(merged.health.networkIntervalMs).toBe(2_000);
    expect(merged.health.applicationIntervalMs).toBe(10_000);
    expect(merged.health.weights).toEqual(DEFAULT_CONFIG.health.weights);
    expect(merged.failover.mode).toBe('SHADOW');
    expect(merged.failover.holdDownMs).toBe(DEFAULT_CONFIG.failover.holdDownMs);
  });

  it('treats undefined as "not set" and does not modify its inputs', () => {
    const base = examples.configDocument();
    const before = JSON.stringify(base);
    const merged = expectValid(mergeConfig(base, { health: { networkIntervalMs: undefined }, version: undefined }));
    expect(merged.health.networkIntervalMs).toBe(5_000);
    expect(JSON.stringify(base)).toBe(before);
    expect(merged.health).not.toBe(base.health);
  });

  it('reports an invalid result at the document path', () => {
    const outcome = mergeConfig(DEFAULT_CONFIG, { health: { weights: { application: 50 } } });
    expectErrorAt(outcome, 'health.weights', /sum to 100, got 130/);
  });

  it('rejects unknown keys from a layer (typos are errors)', () => {
    expectErrorPaths(mergeConfig(DEFAULT_CONFIG, { health: { networkIntervalMS: 1 } } as never), [
      'health.networkIntervalMS',
    ]);
  });

  it('rejects a layer that is not an object', () => {
    expectErrorPaths(mergeConfig(DEFAULT_CONFIG, 'yaml?' as never), ['']);
  });

  it('replaces arrays and scalars rather than merging them', () => {
    expect(mergeConfigValues({ a: [1, 2], b: { c: 1 } }, { a: [3], b: 2 })).toEqual({ a: [3], b: 2 });
  });
});

describe('resolveConfig (defaults ← central ← file ← env)', () => {
  it('applies layers in precedence order: env beats file beats central beats defaults', () => {
    const value = expectValid(
      resolveConfig({
        central: {
          version: 7,
          health: { networkIntervalMs: 1_000, protocolIntervalMs: 20_000 },
          failover: { mode: 'SHADOW' },
        },
        file: { health: { networkIntervalMs: 2_000 } },
        env: { health: { networkIntervalMs: 3_000 } },
      }),
    );
    expect(value.version).toBe(7);
    expect(value.health.networkIntervalMs).toBe(3_000);
    expect(value.health.protocolIntervalMs).toBe(20_000);
    expect(value.health.applicationIntervalMs).toBe(10_000);
    expect(value.failover.mode).toBe('SHADOW');
  });

  it('validates only the result: a layer may be fixed by a later one', () => {
    expectValid(
      resolveConfig({
        central: { health: { weights: { application: 70 } } },
        file: { health: { weights: { application: 20 } } },
      }),
    );
  });

  it('says which layer set an invalid value', () => {
    const outcome = resolveConfig({
      central: { failover: { scoreThreshold: 60 } },
      file: { failover: { scoreThreshold: 160 } },
    });
    expectErrorAt(outcome, 'failover.scoreThreshold', /\(set by file\)$/);
    const fromEnv = resolveConfig({ env: { connection: { framing: 'morse' as never } } });
    expectErrorAt(fromEnv, 'connection.framing', /\(set by env\)$/);
  });

  it('resolves to DEFAULT_CONFIG with no layers', () => {
    expect(JSON.parse(JSON.stringify(expectValid(resolveConfig({}))))).toEqual(DEFAULT_CONFIG);
  });

  it('rejects a layer that is not an object, naming it', () => {
    expectErrorAt(resolveConfig({ file: [] as never }), '', /file config layer must be an object/);
  });
});
