/**
 * Query and path parameters of the config endpoints. Values arrive as strings; unknown
 * parameters are refused; each error names the parameter.
 */
import { IsOptional, IsString, Matches } from 'class-validator';
import {
  CONFIG_SCOPE_PATTERN,
  CONNECTION_ID_PATTERN,
  SIDECAR_ID_PATTERN,
  validateDto,
  type ContractError,
  type ValidationOutcome,
} from '@switchyard/contracts';

const SCOPE_MESSAGE = 'scope must be "global" or "connection:<connectionId>"';
const VERSION = /^[1-9]\d{0,8}$/;
const VERSION_MESSAGE = 'version must be a positive integer';

export class ListVersionsQuery {
  @IsOptional()
  @Matches(CONFIG_SCOPE_PATTERN, { message: SCOPE_MESSAGE })
  scope?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,2}$/, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;
}

export class RolloutQuery {
  @IsString()
  @Matches(CONFIG_SCOPE_PATTERN, { message: SCOPE_MESSAGE })
  scope!: string;

  @IsOptional()
  @Matches(VERSION, { message: VERSION_MESSAGE })
  version?: string;
}

export class EffectiveConfigQuery {
  @IsOptional()
  @Matches(SIDECAR_ID_PATTERN, { message: 'sidecarId must be a sidecar id of the form <namespace>/<podName>' })
  sidecarId?: string;

  @IsOptional()
  @Matches(CONNECTION_ID_PATTERN, { message: 'connectionId must be a connection id' })
  connectionId?: string;
}

export function parseListVersionsQuery(input: unknown): ValidationOutcome<{ scope?: string; limit: number }> {
  const outcome = validateDto(ListVersionsQuery, input);
  if (!outcome.ok) return outcome;
  const limit = outcome.value.limit === undefined ? 50 : Number(outcome.value.limit);
  if (limit > 500) return { ok: false, errors: [{ path: 'limit', message: 'limit must be an integer from 1 to 500' }] };
  return { ok: true, value: { ...(outcome.value.scope ? { scope: outcome.value.scope } : {}), limit } };
}

export function parseRolloutQuery(input: unknown): ValidationOutcome<{ scope: string; version?: number }> {
  const outcome = validateDto(RolloutQuery, input);
  if (!outcome.ok) return outcome;
  const { scope, version } = outcome.value;
  return { ok: true, value: { scope, ...(version !== undefined ? { version: Number(version) } : {}) } };
}

export function validateEffectiveConfigQuery(input: unknown): ValidationOutcome<EffectiveConfigQuery> {
  return validateDto(EffectiveConfigQuery, input);
}

/** Path parameters of `GET /config/versions/{scope}/{version}`. */
export function parseVersionPath(
  scope: string,
  version: string,
): ValidationOutcome<{ scope: string; version: number }> {
  const errors: ContractError[] = [];
  if (!CONFIG_SCOPE_PATTERN.test(scope)) errors.push({ path: 'scope', message: SCOPE_MESSAGE });
  if (!VERSION.test(version)) errors.push({ path: 'version', message: VERSION_MESSAGE });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { scope, version: Number(version) } };
}
