/**
 * Request bodies of the ops connection endpoints. The endpoint, id and metadata rules are the
 * contracts' own (EndpointDto, RegisteredConnectionDto): a link an operator pre-provisions must
 * be one a sidecar could have registered. Validated with `validateDto` (unknown fields rejected,
 * fields named in every error).
 */
import { IsArray, IsBoolean, IsObject, IsString, Length, Matches, ValidateIf } from 'class-validator';
import {
  ENDPOINT_ID_PATTERN,
  RegisteredConnectionDto,
  validateDto,
  type ContractError,
  type EndpointDto,
  type ValidationOutcome,
} from '@switchyard/contracts';

/** Optional, but not nullable (same rule as the contracts' `Optional()`). */
const Optional = () => ValidateIf((_o: unknown, value: unknown) => value !== undefined);
/** Optional, and `null` clears the value. */
const OptionalOrNull = () => ValidateIf((_o: unknown, value: unknown) => value !== undefined && value !== null);

const NON_BLANK = /\S/;

/** `POST /connections`: a connection pre-provisioned before any sidecar registers it. */
export class CreateConnectionDto extends RegisteredConnectionDto {
  @Optional()
  @IsString()
  @Length(1, 1024)
  @Matches(NON_BLANK, { message: 'description must not be blank' })
  description?: string;

  /** Failover policy overrides (partial failover settings); checked against the merged policy. */
  @Optional()
  @IsObject()
  policy?: Record<string, unknown>;
}

/** `PATCH /connections/{id}`. */
export class UpdateConnectionDto {
  @OptionalOrNull()
  @IsString()
  @Length(1, 1024)
  @Matches(NON_BLANK, { message: 'description must not be blank' })
  description?: string | null;

  /** Replaces the whole endpoint list (priority order as given by `priority`). */
  @Optional()
  @IsArray()
  endpoints?: EndpointDto[];

  @Optional()
  @IsObject()
  metadata?: Record<string, string>;
}

const REASON_RULES = [IsString(), Length(1, 1024), Matches(NON_BLANK, { message: 'reason must not be blank' })];
function Reason(): PropertyDecorator {
  return (target, key) => REASON_RULES.forEach((d) => d(target, key));
}

/** `POST /connections/{id}/switchover`. */
export class SwitchoverDto {
  @IsString()
  @Matches(ENDPOINT_ID_PATTERN, { message: 'targetEndpointId must be an endpoint id' })
  targetEndpointId!: string;

  /** Why (recorded in the failover event; never card data). */
  @Reason()
  reason!: string;

  /** Switch even to an endpoint known bad, or over a switch in flight. */
  @Optional()
  @IsBoolean()
  force?: boolean;
}

/** `POST /connections/{id}/failback`: back to the top-priority endpoint. */
export class FailbackDto {
  @Reason()
  reason!: string;

  @Optional()
  @IsBoolean()
  force?: boolean;
}

/** `PUT /connections/{id}/maintenance`. */
export class MaintenanceDto {
  @IsBoolean()
  on!: boolean;

  @Reason()
  reason!: string;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000: a NUL in any string (or key) of a body is refused
 * here, naming where, instead of failing in the database.
 */
export function nulCharacters(input: unknown, path = '', out: ContractError[] = []): ContractError[] {
  if (out.length >= 20) return out;
  if (typeof input === 'string') {
    if (input.includes('\u0000')) out.push({ path, message: `${path || 'value'} must not contain NUL characters` });
  } else if (Array.isArray(input)) {
    input.forEach((v, i) => nulCharacters(v, `${path}[${i}]`, out));
  } else if (input !== null && typeof input === 'object') {
    for (const [k, v] of Object.entries(input)) {
      const child = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) out.push({ path: path || '', message: 'keys must not contain NUL characters' });
      else nulCharacters(v, child, out);
    }
  }
  return out;
}

/** Runs `validate` only on input free of NUL characters. */
function withoutNul<T>(validate: (input: unknown) => ValidationOutcome<T>): (input: unknown) => ValidationOutcome<T> {
  return (input) => {
    const nul = nulCharacters(input);
    return nul.length > 0 ? { ok: false, errors: nul } : validate(input);
  };
}

function prefixed(errors: readonly ContractError[], prefix: string): ContractError[] {
  return errors.map((e) => ({ ...e, path: e.path === '' ? prefix : `${prefix}.${e.path}` }));
}

/** A valid stand-in for the fields of RegisteredConnectionDto a PATCH does not touch. */
const PROBE_ENDPOINT = { id: 'probe', host: 'probe', port: 1, priority: 0, role: 'PRIMARY' };

export const validateCreateConnection = withoutNul((input): ValidationOutcome<CreateConnectionDto> =>
  validateDto(CreateConnectionDto, input),
);

/**
 * PATCH body: shape first, then `endpoints` and `metadata` with the contracts' registration rules
 * (one to sixteen endpoints, unique ids, EndpointDto each; metadata keys and sizes), by validating
 * them inside a RegisteredConnectionDto so the rules and error paths are exactly the contracts'.
 */
export const validateUpdateConnection = withoutNul(updateConnection);

function updateConnection(input: unknown): ValidationOutcome<UpdateConnectionDto> {
  const shape = validateDto(UpdateConnectionDto, input);
  if (!shape.ok) return shape;
  const body = shape.value;
  if (body.description === undefined && body.endpoints === undefined && body.metadata === undefined) {
    return {
      ok: false,
      errors: [{ path: '', message: 'the body must set at least one of description, endpoints, metadata' }],
    };
  }
  if (body.endpoints === undefined && body.metadata === undefined) return shape;
  const probe: Record<string, unknown> = {
    connectionId: 'probe',
    endpoints: body.endpoints ?? [PROBE_ENDPOINT],
  };
  if (body.metadata !== undefined) probe['metadata'] = body.metadata;
  const checked = validateDto(RegisteredConnectionDto, probe);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  return {
    ok: true,
    value: Object.assign(body, {
      ...(body.endpoints !== undefined ? { endpoints: checked.value.endpoints } : {}),
      ...(body.metadata !== undefined ? { metadata: checked.value.metadata } : {}),
    }),
  };
}

export const validateSwitchover = withoutNul((input): ValidationOutcome<SwitchoverDto> =>
  validateDto(SwitchoverDto, input),
);

export const validateFailback = withoutNul((input): ValidationOutcome<FailbackDto> => validateDto(FailbackDto, input));

export const validateMaintenance = withoutNul((input): ValidationOutcome<MaintenanceDto> =>
  validateDto(MaintenanceDto, input),
);

export { prefixed };
