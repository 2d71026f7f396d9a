import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { validateDto, type ValidationOutcome } from '@switchyard/contracts';
import type { TokenRole } from '../../database/entities';

export const TOKEN_ROLES: readonly TokenRole[] = ['viewer', 'operator', 'admin', 'sidecar'];

/** `POST /api/v1/tokens` body. */
export class CreateTokenDto {
  @IsIn(TOKEN_ROLES, { message: `role must be one of ${TOKEN_ROLES.join(', ')}` })
  role!: TokenRole;

  /** What the token is for (shown in lists and audit names), e.g. "grafana" or a pod name. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  label?: string;
}

export function validateCreateToken(input: unknown): ValidationOutcome<CreateTokenDto> {
  return validateDto(CreateTokenDto, input);
}
