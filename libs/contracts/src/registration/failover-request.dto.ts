/**
 * Body of the seed's `POST /api/v1/connections/{id}/failover`: a sidecar asks the controller to fail
 * over (the controller decides; the sidecar never switches on its own).
 */
import type { ValidationOutcome } from '../common/contract-error';
import {
  IsEndpointId,
  IsNonBlankString,
  IsSidecarId,
  IsUtcTimestamp,
  NestedObject,
  Optional,
} from '../common/decorators';
import { validateDto } from '../common/validation';
import { HardSignalDto } from '../health/health-report.dto';

export class FailoverRequestDto {
  @IsSidecarId()
  sidecarId!: string;

  /** Operator-readable reason. Never card data. */
  @IsNonBlankString(1024)
  reason!: string;

  @Optional()
  @IsEndpointId()
  suggestedTargetEndpointId?: string;

  @Optional()
  @NestedObject(() => HardSignalDto)
  hardSignal?: HardSignalDto;

  @IsUtcTimestamp()
  requestedAt!: string;
}

export function validateFailoverRequest(input: unknown): ValidationOutcome<FailoverRequestDto> {
  return validateDto(FailoverRequestDto, input);
}
