/**
 * Query of `GET /api/v1/commands`: filters and keyset pagination (newest first). Query values
 * arrive as strings; unknown parameters are refused like unknown body fields.
 */
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import {
  COMMAND_TYPES,
  CONNECTION_ID_PATTERN,
  SIDECAR_ID_PATTERN,
  validateDto,
  type CommandType,
  type ContractError,
  type ValidationOutcome,
} from '@switchyard/contracts';
import type { OutboxStatus } from '../../database/entities';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = [
  'PENDING',
  'DELIVERED',
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
  'TIMEOUT',
  'EXPIRED',
];

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

export class ListCommandsQuery {
  @IsOptional()
  @Matches(SIDECAR_ID_PATTERN, { message: 'sidecarId must be a sidecar id of the form <namespace>/<podName>' })
  sidecarId?: string;

  @IsOptional()
  @Matches(CONNECTION_ID_PATTERN, { message: 'connectionId must be a connection id' })
  connectionId?: string;

  @IsOptional()
  @IsIn(OUTBOX_STATUSES, { message: `status must be one of ${OUTBOX_STATUSES.join(', ')}` })
  status?: OutboxStatus;

  @IsOptional()
  @IsIn(COMMAND_TYPES, { message: `type must be one of ${COMMAND_TYPES.join(', ')}` })
  type?: CommandType;

  /** Only commands issued at or after this instant (ISO-8601). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 timestamp' })
  since?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,2}$/, { message: `limit must be an integer from 1 to ${MAX_PAGE}` })
  limit?: string;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export interface CommandsPageRequest {
  sidecarId?: string;
  connectionId?: string;
  status?: OutboxStatus;
  type?: CommandType;
  since?: Date;
  limit: number;
  after?: { issuedAt: Date; id: string };
}

export function encodeCursor(issuedAt: Date, id: string): string {
  return Buffer.from(`${issuedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { issuedAt: Date; id: string } | null {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !at || !id) return null;
  const issuedAt = new Date(at);
  if (Number.isNaN(issuedAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { issuedAt, id };
}

/** Validates the raw query and turns it into a page request (errors name the parameter). */
export function parseListCommandsQuery(input: unknown): ValidationOutcome<CommandsPageRequest> {
  const outcome = validateDto(ListCommandsQuery, input);
  if (!outcome.ok) return outcome;
  const q = outcome.value;
  const errors: ContractError[] = [];
  const limit = q.limit === undefined ? DEFAULT_PAGE : Number(q.limit);
  if (limit > MAX_PAGE) errors.push({ path: 'limit', message: `limit must be an integer from 1 to ${MAX_PAGE}` });
  const since = q.since === undefined ? undefined : new Date(q.since);
  if (since && Number.isNaN(since.getTime()))
    errors.push({ path: 'since', message: 'since must be an ISO-8601 timestamp' });
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (after === null) errors.push({ path: 'cursor', message: 'cursor must be the nextCursor of a previous page' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(q.sidecarId !== undefined ? { sidecarId: q.sidecarId } : {}),
      ...(q.connectionId !== undefined ? { connectionId: q.connectionId } : {}),
      ...(q.status !== undefined ? { status: q.status } : {}),
      ...(q.type !== undefined ? { type: q.type } : {}),
      ...(since ? { since } : {}),
      limit,
      ...(after ? { after } : {}),
    },
  };
}
