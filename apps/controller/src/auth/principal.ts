import type { TokenRole } from '../database/entities';

/** Who is calling: resolved from the bearer token by the AuthGuard. */
export interface Principal {
  /** Token id, or "bootstrap-admin" for SWITCHYARD_ADMIN_TOKEN. */
  tokenId: string;
  role: TokenRole;
  /** For sidecar tokens: the sidecar this token is bound to (set on first use). */
  boundSidecarId: string | null;
  /** A name for audit records (failover events, config versions, commands). */
  name: string;
}

/** viewer < operator < admin; sidecar is a separate lane (only sidecar endpoints). */
const RANK: Record<TokenRole, number> = { viewer: 1, operator: 2, admin: 3, sidecar: 0 };

export function satisfies(role: TokenRole, required: TokenRole): boolean {
  if (required === 'sidecar') return role === 'sidecar';
  if (role === 'sidecar') return false;
  return RANK[role] >= RANK[required];
}
