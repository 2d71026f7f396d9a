/**
 * `POST /connections/{id}/send`: the sidecar asks the app to send one ISO 8583 request on the link
 * and return the response. Field values may carry card data: they travel unmasked on localhost
 * only; log them through maskIsoFields / the safe views.
 */
import { IsString, Matches } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import { IsIntIn, IsStringMap, Optional } from '../common/decorators';
import { validateDto } from '../common/validation';
import { ISO_FIELDS_RULE, MTI_PATTERN } from '../commands/command-params.dto';

export class AppSendRequestDto {
  @IsString()
  @Matches(MTI_PATTERN, { message: 'mti must be 4 digits, e.g. 0800' })
  mti!: string;

  @IsStringMap(ISO_FIELDS_RULE)
  fields!: Record<string, string>;

  @Optional()
  @IsIntIn(1, 5 * 60_000)
  timeoutMs?: number;
}

export class AppSendResponseDto {
  @IsString()
  @Matches(MTI_PATTERN, { message: 'mti must be 4 digits, e.g. 0810' })
  mti!: string;

  @IsStringMap(ISO_FIELDS_RULE)
  fields!: Record<string, string>;

  /** Request → response round trip on the link. */
  @IsIntIn(0)
  rttMs!: number;
}

export function validateAppSendRequest(input: unknown): ValidationOutcome<AppSendRequestDto> {
  return validateDto(AppSendRequestDto, input);
}

export function validateAppSendResponse(input: unknown): ValidationOutcome<AppSendResponseDto> {
  return validateDto(AppSendResponseDto, input);
}
