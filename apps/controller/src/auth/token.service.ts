/**
 * Bearer tokens: created with a role, shown once, stored as a SHA-256 hash, listable and
 * revocable. The bootstrap admin token comes from SWITCHYARD_ADMIN_TOKEN and is compared in
 * constant time, never stored. A sidecar token binds to the first sidecar id it acts for.
 */
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ApiTokenEntity, type TokenRole } from '../database/entities';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem/problem.exception';
import type { Principal } from './principal';

export const TOKEN_PREFIX = 'syt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface TokenView {
  id: string;
  role: TokenRole;
  label: string | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  boundSidecarId: string | null;
  lastUsedAt: string | null;
}

function view(t: ApiTokenEntity): TokenView {
  return {
    id: t.id,
    role: t.role,
    label: t.label,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
    boundSidecarId: t.boundSidecarId,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

/** Seconds a verified token is trusted without a database round trip (bounds revocation delay). */
const CACHE_TTL_MS = 2_000;
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class TokenService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly adminDigest: Buffer | null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    adminToken: string | undefined,
  ) {
    this.adminDigest = adminToken ? createHash('sha256').update(adminToken, 'utf8').digest() : null;
  }

  async create(role: TokenRole, createdBy: string, label?: string): Promise<{ token: string; view: TokenView }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const entity = this.db.getRepository(ApiTokenEntity).create({
      id: randomUUID(),
      role,
      tokenHash: hashToken(token),
      label: label ?? null,
      createdBy,
      createdAt: this.clock.now(),
      revokedAt: null,
      boundSidecarId: null,
      lastUsedAt: null,
    });
    await this.db.getRepository(ApiTokenEntity).insert(entity);
    return { token, view: view(entity) };
  }

  async list(): Promise<TokenView[]> {
    const rows = await this.db.getRepository(ApiTokenEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map(view);
  }

  async revoke(id: string): Promise<TokenView> {
    const repo = this.db.getRepository(ApiTokenEntity);
    const row = await repo.findOneBy({ id });
    if (!row) throw ProblemException.notFound(`token ${id}`);
    if (!row.revokedAt) {
      row.revokedAt = this.clock.now();
      await repo.update({ id }, { revokedAt: row.revokedAt });
    }
    this.cache.clear();
    return view(row);
  }

  /** The principal behind a bearer token, or null when the token is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    if (token.length === 0 || token.length > 512) return null;
    const digest = createHash('sha256').update(token, 'utf8').digest();
    if (this.adminDigest && timingSafeEqual(digest, this.adminDigest)) {
      return { tokenId: 'bootstrap-admin', role: 'admin', boundSidecarId: null, name: 'bootstrap-admin' };
    }
    const hash = digest.toString('hex');
    const now = this.clock.now().getTime();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const row = await this.db.getRepository(ApiTokenEntity).findOneBy({ tokenHash: hash });
    if (!row || row.revokedAt) {
      this.cache.delete(hash);
      return null;
    }
    const principal: Principal = {
      tokenId: row.id,
      role: row.role,
      boundSidecarId: row.boundSidecarId,
      name: row.label ? `${row.role}:${row.label}` : `${row.role}:${row.id.slice(0, 8)}`,
    };
    this.cache.set(hash, { principal, until: now + CACHE_TTL_MS });
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.getRepository(ApiTokenEntity).update({ id: row.id }, { lastUsedAt: new Date(now) });
    }
    return principal;
  }

  /**
   * A sidecar token may act only for one sidecar: the first one it acts for. Binding is a
   * compare-and-set, so two sidecars racing with one token cannot both win.
   */
  async assertActsFor(principal: Principal, sidecarId: string): Promise<void> {
    if (principal.role !== 'sidecar') return;
    if (principal.boundSidecarId === sidecarId) return;
    if (principal.boundSidecarId !== null) {
      throw ProblemException.forbidden(`this sidecar token is bound to sidecar ${principal.boundSidecarId}`);
    }
    const repo = this.db.getRepository(ApiTokenEntity);
    const res = await repo.update({ id: principal.tokenId, boundSidecarId: IsNull() }, { boundSidecarId: sidecarId });
    if (res.affected !== 1) {
      const row = await repo.findOneBy({ id: principal.tokenId });
      if (row?.boundSidecarId !== sidecarId) {
        throw ProblemException.forbidden(
          `this sidecar token is bound to sidecar ${row?.boundSidecarId ?? 'another sidecar'}`,
        );
      }
    }
    principal.boundSidecarId = sidecarId;
    this.cache.clear();
  }
}
