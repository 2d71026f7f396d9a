/** The built-in config: seed intervals, conservative failover. Lowest layer of the precedence chain. */
import type { ConfigDocumentDto } from './config-document.dto';

export const DEFAULT_CONFIG: Readonly<ConfigDocumentDto> = deepFreeze<ConfigDocumentDto>({
  version: 1,
  scope: 'global',
  connection: {
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 30_000,
    framing: '2-byte-binary',
    spec: 'iso87ascii',
    echoEnabled: true,
  },
  health: {
    // Seed intervals: application 10 s, network 5 s, protocol (echo) 30 s, resources 15 s.
    applicationIntervalMs: 10_000,
    networkIntervalMs: 5_000,
    protocolIntervalMs: 30_000,
    resourcesIntervalMs: 15_000,
    echoTimeoutMs: 5_000,
    weights: { application: 20, network: 30, protocol: 40, resources: 10 },
  },
  failover: {
    consecutiveBadReports: 3,
    scoreThreshold: 50,
    badForMs: 15_000,
    holdDownMs: 30_000,
    holdDownMaxMs: 600_000,
    minDwellMs: 60_000,
    autoFailback: false,
    failbackDwellMs: 300_000,
    commandDeadlineMs: 30_000,
    mode: 'ACTIVE',
  },
});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
