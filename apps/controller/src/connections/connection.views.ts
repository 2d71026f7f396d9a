/** What the ops API shows of a connection: live state, decision summary, policy. Times are ISO-8601. */
import type { FailoverSettingsDto } from '@switchyard/contracts';
import type { ConnectionEntity } from '../database/entities';
import type { ConnectionDecisionState, EndpointHealthRecord, OpenAlert, PendingSwitch, PinRecord } from '../decisions';

const iso = (ms: number | null | undefined): string | null =>
  typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null;

export function pendingView(p: PendingSwitch | null | undefined) {
  if (!p) return null;
  return {
    decisionId: p.decisionId,
    kind: p.kind,
    automatic: p.automatic,
    trigger: p.trigger,
    fromEndpointId: p.fromEndpointId,
    targetEndpointId: p.targetEndpointId,
    startedAt: iso(p.startedAt),
    deadline: iso(p.deadline),
  };
}

export function alertView(a: OpenAlert | null | undefined) {
  if (!a) return null;
  return { key: a.key, severity: a.severity, since: iso(a.since) };
}

function pinView(p: PinRecord | null | undefined) {
  if (!p) return null;
  return { endpointId: p.endpointId, operator: p.operator, reason: p.reason, at: iso(p.at) };
}

function healthView(h: EndpointHealthRecord) {
  return { healthy: h.healthy, since: iso(h.since), lastSeenAt: iso(h.lastSeenAt), detail: h.detail, source: h.source };
}

/** One row of `GET /connections` (decision fields read straight from the jsonb state). */
export interface ConnectionListRow {
  id: string;
  sidecar_id: string | null;
  description: string | null;
  status: string;
  score: number | null;
  active_endpoint_id: string | null;
  epoch: string | number;
  maintenance: boolean;
  phase: string | null;
  pending: PendingSwitch | null;
  open_alert: OpenAlert | null;
  last_report_at: Date | null;
  updated_at: Date;
  row_version: number;
}

export function connectionSummaryView(r: ConnectionListRow) {
  return {
    connectionId: r.id,
    sidecarId: r.sidecar_id,
    description: r.description,
    status: r.status,
    score: r.score,
    activeEndpointId: r.active_endpoint_id,
    epoch: Number(r.epoch),
    maintenance: r.maintenance,
    phase: r.phase ?? 'STEADY',
    pendingSwitch: pendingView(r.pending),
    openAlert: alertView(r.open_alert),
    lastReportAt: r.last_report_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    rowVersion: r.row_version,
  };
}

export function connectionDetailView(c: ConnectionEntity, effective: FailoverSettingsDto) {
  const s = (c.decisionState as ConnectionDecisionState | null) ?? null;
  return {
    connectionId: c.id,
    sidecarId: c.sidecarId,
    description: c.description,
    status: c.status,
    score: c.score,
    activeEndpointId: c.activeEndpointId,
    epoch: c.epoch,
    maintenance: c.maintenance,
    endpoints: [...c.endpoints].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id)),
    metadata: c.metadata,
    policy: { overrides: c.policy, effective },
    decision: {
      phase: s?.phase ?? 'STEADY',
      pendingSwitch: pendingView(s?.pending),
      holdDownUntil: iso(s?.holdDownUntil),
      openAlert: alertView(s?.openAlert),
      pinned: pinView(s?.pinned),
      consecutiveBad: s?.consecutiveBad ?? 0,
      lastDecisionAt: iso(s?.lastDecisionAt),
      endpointHealth: Object.fromEntries(Object.entries(s?.endpointHealth ?? {}).map(([id, h]) => [id, healthView(h)])),
    },
    lastReportAt: c.lastReportAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    rowVersion: c.rowVersion,
  };
}

export type ConnectionDetailView = ReturnType<typeof connectionDetailView>;
