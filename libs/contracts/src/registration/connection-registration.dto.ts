/** Body of the seed's `POST /api/v1/connections/register`: one connection registered by a sidecar. */
import { IsIn } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import { IsSidecarId, Optional } from '../common/decorators';
import { validateDto } from '../common/validation';
import { CONNECTION_STATUSES, type ConnectionStatus } from '../health/health.enums';
import { RegisteredConnectionDto } from './sidecar-registration.dto';

export class ConnectionRegistrationDto extends RegisteredConnectionDto {
  @IsSidecarId()
  sidecarId!: string;

  /** The connection's status as the sidecar sees it at registration time. */
  @Optional()
  @IsIn(CONNECTION_STATUSES)
  status?: ConnectionStatus;
}

export function validateConnectionRegistration(input: unknown): ValidationOutcome<ConnectionRegistrationDto> {
  return validateDto(ConnectionRegistrationDto, input);
}
