/**
 * JSON Schemas of what the API answers (OpenAPI 3.0 dialect), by name under components.schemas.
 * Kept beside the views they describe in spirit; the schemathesis run checks responses against
 * them (response_schema_conformance), so a drift fails the fuzz job.
 */
import type { JsonSchema } from './class-validator-schema';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str: JsonSchema = { type: 'string' };
const strOrNull: JsonSchema = { type: 'string', nullable: true };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const timeOrNull: JsonSchema = { type: 'string', format: 'date-time', nullable: true };
const int: JsonSchema = { type: 'integer' };
const bool: JsonSchema = { type: 'boolean' };

function object(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
  };
}

function page(item: string): JsonSchema {
  return object({
    items: { type: 'array', items: ref(item) },
    nextCursor: {
      ...strOrNull,
      description: 'Opaque cursor of the next page (pass as `cursor`); null on the last page',
    },
  });
}

const CONNECTION_STATUS = ['CONNECTING', 'ACTIVE', 'DEGRADED', 'FAILED', 'UNKNOWN'];
const PHASES = ['STEADY', 'SUSPECT', 'SWITCHING', 'FAILED'];

const pendingSwitch: JsonSchema = {
  ...object({
    decisionId: str,
    kind: { type: 'string', enum: ['FAILOVER', 'SWITCHOVER', 'FAILBACK'] },
    automatic: bool,
    trigger: str,
    fromEndpointId: strOrNull,
    targetEndpointId: str,
    startedAt: timeOrNull,
    deadline: timeOrNull,
  }),
  nullable: true,
  description: 'A commanded switch in flight',
};

const openAlert: JsonSchema = {
  ...object({
    key: { type: 'string', enum: ['NO_HEALTHY_TARGET', 'HOLD_DOWN', 'MIN_DWELL'] },
    severity: { type: 'string', enum: ['critical', 'warning'] },
    since: timeOrNull,
  }),
  nullable: true,
};

const connectionSummary = object({
  connectionId: str,
  sidecarId: strOrNull,
  description: strOrNull,
  status: { type: 'string', enum: CONNECTION_STATUS },
  score: { type: 'integer', minimum: 0, maximum: 100, nullable: true },
  activeEndpointId: strOrNull,
  epoch: { ...int, description: 'Fencing epoch: bumped by every commanded switch' },
  maintenance: bool,
  phase: { type: 'string', enum: PHASES },
  pendingSwitch,
  openAlert,
  lastReportAt: timeOrNull,
  updatedAt: time,
  rowVersion: { ...int, description: 'Send as If-Match: "<rowVersion>" to update only this version' },
});

const endpointHealth = object({
  healthy: bool,
  since: timeOrNull,
  lastSeenAt: timeOrNull,
  detail: str,
  source: { type: 'string', enum: ['probe', 'link', 'command'] },
});

const connectionDetail = object({
  connectionId: str,
  sidecarId: strOrNull,
  description: strOrNull,
  status: { type: 'string', enum: CONNECTION_STATUS },
  score: { type: 'integer', minimum: 0, maximum: 100, nullable: true },
  activeEndpointId: strOrNull,
  epoch: int,
  maintenance: bool,
  endpoints: { type: 'array', items: ref('EndpointDto') },
  metadata: { type: 'object', additionalProperties: { type: 'string' } },
  policy: object({
    overrides: ref('FailoverPolicyOverrides'),
    effective: {
      allOf: [ref('FailoverSettingsDto')],
      description: 'defaults ← global config ← connection config ← overrides',
    },
  }),
  decision: object({
    phase: { type: 'string', enum: PHASES },
    pendingSwitch,
    holdDownUntil: timeOrNull,
    openAlert,
    pinned: {
      ...object({ endpointId: str, operator: str, reason: str, at: timeOrNull }),
      nullable: true,
      description: 'An operator switchover pins the link: automatic failback will not undo it',
    },
    consecutiveBad: int,
    lastDecisionAt: timeOrNull,
    endpointHealth: { type: 'object', additionalProperties: endpointHealth },
  }),
  lastReportAt: timeOrNull,
  createdAt: time,
  updatedAt: time,
  rowVersion: int,
});

const actionReceipt = object({
  action: {
    type: 'string',
    enum: ['SWITCHOVER', 'FAILBACK', 'FAILOVER', 'MARK_FAILED', 'SUPPRESSED', 'RECOVERED', 'RECONCILED'],
  },
  reason: str,
  failoverEventId: { type: 'string', format: 'uuid' },
  commandId: {
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'null when nothing could be commanded (no sidecar, shadow mode)',
  },
  fromEndpointId: strOrNull,
  toEndpointId: strOrNull,
  epoch: int,
  shadow: bool,
  outcome: str,
  outcomeDetail: strOrNull,
});

const failoverEvent = object({
  failoverEventId: { type: 'string', format: 'uuid' },
  connectionId: str,
  action: str,
  trigger: str,
  reason: str,
  fromEndpointId: strOrNull,
  toEndpointId: strOrNull,
  epochBefore: int,
  epochAfter: { type: 'integer', nullable: true },
  decidedBy: { ...str, description: '`controller:<replica>`, `operator:<token name>` or `sidecar:<id>`' },
  shadow: bool,
  outcome: {
    type: 'string',
    enum: ['PENDING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'SUPERSEDED', 'SUPPRESSED', 'REJECTED', 'RECORDED'],
  },
  outcomeDetail: strOrNull,
  detectedAt: timeOrNull,
  decidedAt: time,
  commandIssuedAt: timeOrNull,
  deliveredAt: timeOrNull,
  completedAt: timeOrNull,
  durationMs: { type: 'integer', nullable: true },
  phases: { type: 'array', items: { type: 'object' } },
});

const failoverEventDetail = {
  allOf: [
    ref('FailoverEvent'),
    object({
      commands: {
        type: 'array',
        items: object({
          commandId: { type: 'string', format: 'uuid' },
          type: str,
          sidecarId: str,
          epoch: int,
          status: str,
          statusDetail: strOrNull,
          issuedAt: time,
          deadline: time,
          attempts: int,
          firstDeliveredAt: timeOrNull,
          ackedAt: timeOrNull,
          delivered: { type: 'object' },
        }),
      },
    }),
  ],
};

const healthSnapshot = object({
  id: str,
  kind: { type: 'string', enum: ['TRANSITION', 'SAMPLE'] },
  status: str,
  previousStatus: strOrNull,
  score: int,
  activeEndpointId: strOrNull,
  hardSignal: strOrNull,
  sidecarId: str,
  reportedAt: time,
  receivedAt: time,
  report: { allOf: [ref('HealthReportDto')], description: 'The report as received' },
});

const tokenView = object({
  id: { type: 'string', format: 'uuid' },
  role: { type: 'string', enum: ['viewer', 'operator', 'admin', 'sidecar'] },
  label: strOrNull,
  createdBy: str,
  createdAt: time,
  revokedAt: timeOrNull,
  boundSidecarId: strOrNull,
  lastUsedAt: timeOrNull,
});

const sidecarView = object({
  sidecarId: str,
  podName: str,
  namespace: str,
  version: str,
  applicationEndpoint: str,
  capabilities: { type: 'array', items: str },
  status: { type: 'string', enum: ['ACTIVE', 'LOST', 'DEREGISTERED'] },
  registeredAt: time,
  lastHeartbeatAt: time,
  lostAt: timeOrNull,
  connections: { type: 'array', items: str },
});

const connectionClaim = object({ connectionId: str, epoch: int, activeEndpointId: strOrNull });

const terminusResult = object(
  {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', nullable: true },
    error: { type: 'object', nullable: true },
    details: { type: 'object' },
  },
  ['info', 'error'],
);

export const RESPONSE_SCHEMAS = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      errors: {
        type: 'array',
        description: 'One entry per bad field: `path` in the contracts’ path style (`endpoints[1].port`)',
        items: object({ path: str, message: str }),
      },
    },
    required: ['type', 'title', 'status'],
  },
  ConnectionSummary: connectionSummary,
  ConnectionPage: page('ConnectionSummary'),
  ConnectionDetail: connectionDetail,
  ActionReceipt: actionReceipt,
  MaintenanceReceipt: object({
    connectionId: str,
    maintenance: bool,
    epoch: int,
    phase: { type: 'string', enum: PHASES },
    decisions: { type: 'array', items: ref('ActionReceipt') },
  }),
  FailoverEvent: failoverEvent,
  FailoverEventDetail: failoverEventDetail,
  FailoverPage: page('FailoverEvent'),
  HealthSnapshot: healthSnapshot,
  HealthSnapshotPage: page('HealthSnapshot'),
  TokenView: tokenView,
  CreatedToken: {
    allOf: [ref('TokenView'), object({ token: { ...str, description: 'Shown once; only its hash is stored' } })],
  },
  TokenList: object({ items: { type: 'array', items: ref('TokenView') } }),
  SidecarView: sidecarView,
  SidecarList: object({ items: { type: 'array', items: ref('SidecarView') } }),
  RegistrationReceipt: object({
    sidecarId: str,
    heartbeatIntervalMs: int,
    ttlMs: int,
    connections: { type: 'array', items: connectionClaim },
  }),
  ConnectionClaim: connectionClaim,
  HeartbeatAck: object({ ttlMs: int, heartbeatIntervalMs: int }),
  DecisionSummary: object(
    {
      epoch: int,
      phase: { type: 'string', enum: PHASES },
      activeEndpointId: strOrNull,
      decisions: {
        type: 'array',
        items: object({
          failoverEventId: { type: 'string', format: 'uuid' },
          action: str,
          toEndpointId: strOrNull,
          commandId: { type: 'string', format: 'uuid', nullable: true },
          reason: str,
        }),
      },
      dropped: object({ code: str, message: str }),
    },
    ['dropped'],
  ),
  Liveness: object({ status: { type: 'string', enum: ['ok'] } }),
  Readiness: terminusResult,
} satisfies Record<string, JsonSchema>;
