import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { ConfigDocumentDto, validateConfigDocument } from './config-document.dto';
import { DEFAULT_CONFIG } from './default-config';

function withChange(section: 'connection' | 'health' | 'failover', change: Record<string, unknown>): unknown {
  const doc = examples.configDocument();
  return { ...doc, [section]: { ...doc[section], ...change } };
}

describe('validateConfigDocument', () => {
  it('DEFAULT_CONFIG is valid, frozen, and has the seed intervals', () => {
    const value = expectValid(validateConfigDocument(DEFAULT_CONFIG));
    expect(value).toBeInstanceOf(ConfigDocumentDto);
    expect(Object.isFrozen(DEFAULT_CONFIG.health)).toBe(true);
    expect(DEFAULT_CONFIG.health).toMatchObject({
      applicationIntervalMs: 10_000,
      networkIntervalMs: 5_000,
      protocolIntervalMs: 30_000,
      resourcesIntervalMs: 15_000,
    });
  });

  it('accepts a per-connection scope', () => {
    expectValid(validateConfigDocument(examples.configDocument({ scope: 'connection:visa-base1' })));
  });

  it.each([
    ['scope', 'everywhere'],
    ['scope', 'connection:'],
    ['version', 0],
    ['version', 1.5],
  ])('rejects %s = %j', (field, value) => {
    expectErrorPaths(validateConfigDocument({ ...examples.configDocument(), [field]: value }), [field]);
  });

  it.each([
    ['connection', 'framing', '3-byte-ebcdic'],
    ['connection', 'spec', 'ISO 8583!'],
    ['connection', 'connectTimeoutMs', 50],
    ['connection', 'echoEnabled', 'on'],
    ['health', 'networkIntervalMs', 99],
    ['health', 'applicationIntervalMs', 10_000.5],
    ['failover', 'consecutiveBadReports', 0],
    ['failover', 'scoreThreshold', 101],
    ['failover', 'mode', 'YOLO'],
    ['failover', 'autoFailback', 1],
  ] as const)('rejects %s.%s = %j at that path', (section, field, value) => {
    expectErrorPaths(validateConfigDocument(withChange(section, { [field]: value })), [`${section}.${field}`]);
  });

  it('rejects layer weights that do not sum to 100, with a clear message', () => {
    const outcome = validateConfigDocument(
      withChange('health', { weights: { application: 25, network: 25, protocol: 25, resources: 20 } }),
    );
    expectErrorPaths(outcome, ['health.weights']);
    expectErrorAt(outcome, 'health.weights', /must sum to 100, got 95/);
  });

  it('reports a bad single weight at its own path, not as a wrong sum', () => {
    const outcome = validateConfigDocument(
      withChange('health', { weights: { application: 'x', network: 30, protocol: 40, resources: 10 } }),
    );
    expectErrorPaths(outcome, ['health.weights.application']);
  });

  it('rejects holdDownMaxMs below holdDownMs and an echo timeout above the echo interval', () => {
    expectErrorPaths(validateConfigDocument(withChange('failover', { holdDownMs: 60_000, holdDownMaxMs: 30_000 })), [
      'failover.holdDownMaxMs',
    ]);
    expectErrorPaths(validateConfigDocument(withChange('health', { echoTimeoutMs: 40_000 })), ['health.echoTimeoutMs']);
  });

  it('rejects unknown fields in sections', () => {
    expectErrorPaths(validateConfigDocument(withChange('failover', { aggressive: true })), ['failover.aggressive']);
  });
});
