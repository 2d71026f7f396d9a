/**
 * One valid example of every message, with fixed ids and times. Used by this package's tests and
 * the OpenAPI examples check; other packages may use them as starting points for their own tests
 * (`examples.healthReport({ score: 10 })`). Each call returns a fresh deep copy.
 */
import type { CommandResultDto } from '../commands/command-result.dto';
import type { Command } from '../commands/command.dto';
import type { CommandParamsByType } from '../commands/command-params.dto';
import type { CommandType } from '../commands/command.enums';
import type { ConfigAckDto } from '../config/config-ack.dto';
import type { ConfigDocumentDto } from '../config/config-document.dto';
import { DEFAULT_CONFIG } from '../config/default-config';
import type { ConnectionEventDto } from '../connection-events/connection-event.dto';
import type { HealthReportDto } from '../health/health-report.dto';
import type { ConnectionRegistrationDto } from '../registration/connection-registration.dto';
import type { FailoverRequestDto } from '../registration/failover-request.dto';
import type { SidecarHeartbeatDto } from '../registration/sidecar-heartbeat.dto';
import type { SidecarRegistrationDto } from '../registration/sidecar-registration.dto';

export const SIDECAR_ID = 'payments/acquirer-7d9f-x2k4q';
export const CONNECTION_ID = 'visa-base1';
export const COMMAND_ID = '6f1c2a52-3b0e-4c8e-9d5b-1a2b3c4d5e6f';
export const FAILOVER_EVENT_ID = '0b6a9d1e-7c2f-4e1a-8b3d-9f8e7d6c5b4a';
export const T0 = '2024-05-01T12:00:00.000Z';
export const T1 = '2024-05-01T12:00:01.000Z';
export const T30 = '2024-05-01T12:00:30.000Z';
/**
 * The workspace's test card numbers: the ONE place a full PAN is written down. Every number is a
 * public test number that card schemes, processors or standards publish for integration testing
 * (Luhn-valid, never issued); never add one that is not on a published test-card list. Tests use
 * these constants (`@switchyard/testing` re-exports them) instead of repeating digits, and nothing
 * may log them unmasked.
 */
export const TEST_CARDS = {
  /** Visa, the classic public test number. */
  visa: '4111111111111111',
  /** Visa, the public test number Stripe and others publish. */
  visa2: '4242424242424242',
  /** Visa, a public processor test number. */
  visa3: '4000000000000002',
  /** Visa, from the published EMVCo / Visa test card lists. */
  visaEmv: '4761739001010119',
  /** Mastercard, a public test number. */
  mastercard: '5555555555554444',
  /** Mastercard, a public test number. */
  mastercard2: '5500000000000004',
  /** American Express, a public test number (15 digits). */
  amex: '378282246310005',
} as const;

/** A test PAN (Luhn-valid, not a real card). */
export const TEST_PAN = TEST_CARDS.visa;

/** Digits shaped like a Visa PAN but failing the Luhn check (`TEST_CARDS.visa` with a wrong check digit). */
export const NOT_LUHN_VALID_PAN = `${TEST_CARDS.visa.slice(0, 15)}2`;

/** Track data built on `TEST_CARDS.visa`: separator, expiry 2512, service code 101, then discretionary data. */
export const TEST_TRACKS = {
  /** Track 2 equivalent data (PAN `=` YYMM service-code discretionary), no sentinels. */
  track2: `${TEST_CARDS.visa}=25121011234567890`,
  /** Track 1 (format B: `B` PAN `^` NAME `^` YYMM service-code discretionary), no sentinels. */
  track1: `B${TEST_CARDS.visa}^DOE/JOHN^25121011234567890`,
} as const;

type Overrides<T> = { [K in keyof T]?: T[K] };

function fresh<T>(value: T, overrides?: Overrides<T>): T {
  return { ...structuredClone(value), ...(overrides ?? {}) };
}

export function endpoints() {
  return [
    { id: 'primary', host: '10.0.0.5', port: 8583, priority: 0, role: 'PRIMARY' as const, tls: false },
    { id: 'dr-1', host: 'dr.example.net', port: 8583, priority: 1, role: 'DR' as const },
  ];
}

export function healthReport(overrides?: Overrides<HealthReportDto>): HealthReportDto {
  return fresh<HealthReportDto>(
    {
      connectionId: CONNECTION_ID,
      sidecarId: SIDECAR_ID,
      status: 'ACTIVE',
      score: 97,
      activeEndpointId: 'primary',
      layers: {
        application: { status: 'UP', checkedAt: T0, latencyMs: 3, httpStatus: 200 },
        network: {
          status: 'UP',
          checkedAt: T0,
          latencyMs: 1,
          reachable: true,
          socketState: 'OPEN',
          connectLatencyMs: 1,
        },
        protocol: {
          status: 'UP',
          checkedAt: T0,
          latencyMs: 12,
          echoRttMs: 12,
          responseCode: '00',
          mtiOk: true,
          stanMatched: true,
          consecutiveTimeouts: 0,
        },
        resources: {
          status: 'UP',
          checkedAt: T0,
          eventLoopLagMs: 2.5,
          rssBytes: 150_000_000,
          heapUsedBytes: 60_000_000,
          cpuPercent: 12.5,
        },
      },
      endpoints: [
        { endpointId: 'primary', reachable: true, echoRttMs: 12, checkedAt: T0 },
        { endpointId: 'dr-1', reachable: true, checkedAt: T0 },
      ],
      sequence: 42,
      epoch: 3,
      reportedAt: T0,
    },
    overrides,
  );
}

export function connectionEvent(overrides?: Overrides<ConnectionEventDto>): ConnectionEventDto {
  return fresh<ConnectionEventDto>(
    {
      connectionId: CONNECTION_ID,
      sidecarId: SIDECAR_ID,
      event: 'FAILOVER_PHASE',
      fromStatus: 'DEGRADED',
      toStatus: 'DEGRADED',
      endpointId: 'dr-1',
      detail: 'main phase: DR link signed on',
      occurredAt: T1,
      phase: { name: 'MAIN', outcome: 'SUCCESS', durationMs: 850 },
      failoverEventId: FAILOVER_EVENT_ID,
      epoch: 4,
    },
    overrides,
  );
}

export function sidecarRegistration(overrides?: Overrides<SidecarRegistrationDto>): SidecarRegistrationDto {
  return fresh<SidecarRegistrationDto>(
    {
      sidecarId: SIDECAR_ID,
      podName: 'acquirer-7d9f-x2k4q',
      namespace: 'payments',
      version: '0.1.0',
      applicationEndpoint: 'http://localhost:8081',
      capabilities: ['kafka', 'redis', 'http'],
      startedAt: T0,
      connections: [
        {
          connectionId: CONNECTION_ID,
          endpoints: endpoints(),
          activeEndpointId: 'primary',
          metadata: { network: 'visa' },
        },
      ],
    },
    overrides,
  );
}

export function connectionRegistration(overrides?: Overrides<ConnectionRegistrationDto>): ConnectionRegistrationDto {
  return fresh<ConnectionRegistrationDto>(
    {
      sidecarId: SIDECAR_ID,
      connectionId: CONNECTION_ID,
      endpoints: endpoints(),
      activeEndpointId: 'primary',
      metadata: { network: 'visa' },
      status: 'CONNECTING',
    },
    overrides,
  );
}

export function sidecarHeartbeat(overrides?: Overrides<SidecarHeartbeatDto>): SidecarHeartbeatDto {
  return fresh<SidecarHeartbeatDto>(
    {
      sidecarId: SIDECAR_ID,
      sentAt: T0,
      uptimeMs: 60_000,
      version: '0.1.0',
      configVersion: 1,
      connections: [
        { connectionId: CONNECTION_ID, status: 'ACTIVE', score: 97, activeEndpointId: 'primary', epoch: 3 },
      ],
    },
    overrides,
  );
}

export function failoverRequest(overrides?: Overrides<FailoverRequestDto>): FailoverRequestDto {
  return fresh<FailoverRequestDto>(
    {
      sidecarId: SIDECAR_ID,
      reason: 'socket reset by primary host',
      suggestedTargetEndpointId: 'dr-1',
      hardSignal: { kind: 'SOCKET_RESET', detail: 'ECONNRESET from 10.0.0.5:8583', observedAt: T0 },
      requestedAt: T0,
    },
    overrides,
  );
}

export function configDocument(overrides?: Overrides<ConfigDocumentDto>): ConfigDocumentDto {
  return fresh<ConfigDocumentDto>(structuredClone(DEFAULT_CONFIG) as ConfigDocumentDto, overrides);
}

const PARAMS: { [K in CommandType]: () => CommandParamsByType[K] } = {
  ESTABLISH_CONNECTION: () => ({
    endpoint: endpoints()[1] as CommandParamsByType['ESTABLISH_CONNECTION']['endpoint'],
    signOn: true,
  }),
  CLOSE_CONNECTION: () => ({ graceful: true, drainTimeoutMs: 5_000 }),
  SEND_MESSAGE: () => ({
    mti: '0200',
    fields: {
      '2': TEST_PAN,
      '3': '000000',
      '4': '000000001000',
      '11': '000123',
      '35': `${TEST_PAN}=2512101`,
      '52': '0123456789ABCDEF',
    },
    timeoutMs: 10_000,
  }),
  UPDATE_CONFIG: () => ({ version: 2, config: configDocument({ version: 2 }) }),
  TRIGGER_FAILOVER: () => ({
    targetEndpointId: 'dr-1',
    strategy: 'NETWORK_FAILURE',
    graceful: true,
    drainTimeoutMs: 2_000,
    failoverEventId: FAILOVER_EVENT_ID,
  }),
  HEALTH_CHECK: () => ({ layers: ['network', 'protocol'] }),
};

/** A valid command of `type` with its example params. */
export function command<K extends CommandType>(type: K, overrides?: Record<string, unknown>): Command<K> {
  const base = {
    commandId: COMMAND_ID,
    type,
    sidecarId: SIDECAR_ID,
    connectionId: CONNECTION_ID,
    epoch: 4,
    issuedAt: T0,
    deadline: T30,
    issuer: { kind: 'controller', id: 'controller-0' },
    reason: 'primary unhealthy: 3 consecutive bad reports (score 20 < 50)',
    params: PARAMS[type](),
  };
  return { ...base, ...(overrides ?? {}) } as unknown as Command<K>;
}

export function commandResult(overrides?: Overrides<CommandResultDto>): CommandResultDto {
  return fresh<CommandResultDto>(
    {
      commandId: COMMAND_ID,
      sidecarId: SIDECAR_ID,
      connectionId: CONNECTION_ID,
      type: 'TRIGGER_FAILOVER',
      status: 'SUCCESS',
      timings: {
        receivedAt: T0,
        startedAt: T0,
        finishedAt: T1,
        durationMs: 1_000,
        phases: [
          { name: 'ASSESS', startedAt: T0, durationMs: 10, outcome: 'SUCCESS' },
          { name: 'MAIN', startedAt: T0, durationMs: 850, outcome: 'SUCCESS', detail: 'DR link signed on' },
        ],
      },
      deliveredVia: 'kafka',
      epoch: 4,
    },
    overrides,
  );
}

export function configAck(overrides?: Overrides<ConfigAckDto>): ConfigAckDto {
  return fresh<ConfigAckDto>(
    { version: 2, scope: 'global', sidecarId: SIDECAR_ID, status: 'APPLIED', appliedAt: T1 },
    overrides,
  );
}
