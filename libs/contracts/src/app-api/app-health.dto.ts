/** `GET /health` (and `/actuator/health`) on the client application: the sidecar's application layer. */
import { IsIn, IsObject, IsString, Length } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import { IsUtcTimestamp, Optional } from '../common/decorators';
import { validateDto } from '../common/validation';

/** Spring-Boot-actuator-compatible top-level status (a Java app's actuator answers as-is). */
export const AppHealthStatus = {
  UP: 'UP',
  DEGRADED: 'DEGRADED',
  DOWN: 'DOWN',
  OUT_OF_SERVICE: 'OUT_OF_SERVICE',
  UNKNOWN: 'UNKNOWN',
} as const;
export type AppHealthStatus = (typeof AppHealthStatus)[keyof typeof AppHealthStatus];
export const APP_HEALTH_STATUSES: readonly AppHealthStatus[] = Object.values(AppHealthStatus);

export class AppHealthDto {
  @IsIn(APP_HEALTH_STATUSES)
  status!: AppHealthStatus;

  @Optional()
  @IsUtcTimestamp()
  checkedAt?: string;

  @Optional()
  @IsString()
  @Length(1, 64)
  version?: string;

  /** Free-form (actuator `components`, connection counts…). */
  @Optional()
  @IsObject()
  components?: Record<string, unknown>;
}

export function validateAppHealth(input: unknown): ValidationOutcome<AppHealthDto> {
  return validateDto(AppHealthDto, input);
}
