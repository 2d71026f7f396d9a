/** `PUT /config`: the sidecar hands the app the effective config document (ConfigDocumentDto). */
import type { ValidationOutcome } from '../common/contract-error';
import { IsIntIn, IsUtcTimestamp } from '../common/decorators';
import { validateDto } from '../common/validation';

/** The app's answer to `PUT /config` when it applied the document. */
export class AppConfigAppliedDto {
  @IsIntIn(1)
  version!: number;

  @IsUtcTimestamp()
  appliedAt!: string;
}

export function validateAppConfigApplied(input: unknown): ValidationOutcome<AppConfigAppliedDto> {
  return validateDto(AppConfigAppliedDto, input);
}
