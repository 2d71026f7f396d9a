/** Query of `GET /api/v1/sidecars/commands/stream`: which sidecar's commands to stream. */
import { IsString, Matches } from 'class-validator';
import { SIDECAR_ID_PATTERN, validateDto, type ValidationOutcome } from '@switchyard/contracts';

export class CommandStreamQuery {
  @IsString()
  @Matches(SIDECAR_ID_PATTERN, { message: 'sidecarId must be a sidecar id of the form <namespace>/<podName>' })
  sidecarId!: string;
}

export function validateCommandStreamQuery(input: unknown): ValidationOutcome<CommandStreamQuery> {
  return validateDto(CommandStreamQuery, input);
}
