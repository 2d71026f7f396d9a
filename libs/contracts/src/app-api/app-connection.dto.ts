/**
 * The app's connections: `POST /connections` (open one), `GET /connections/{id}`,
 * `DELETE /connections/{id}` (close). The app owns the socket; the sidecar tells it where to connect.
 */
import { IsBoolean, IsIn, IsString, Matches } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import {
  IsConnectionId,
  IsIntIn,
  IsNonBlankString,
  IsUtcTimestamp,
  NestedObject,
  Optional,
} from '../common/decorators';
import { EndpointDto } from '../common/endpoint.dto';
import { validateDto } from '../common/validation';
import { FRAMINGS, type Framing } from '../config/config.enums';

/** The state of the app's link (socket + sign-on), finer than the sidecar's ConnectionStatus. */
export const AppLinkState = {
  CONNECTING: 'CONNECTING',
  CONNECTED: 'CONNECTED',
  SIGNED_ON: 'SIGNED_ON',
  CLOSING: 'CLOSING',
  CLOSED: 'CLOSED',
  FAILED: 'FAILED',
} as const;
export type AppLinkState = (typeof AppLinkState)[keyof typeof AppLinkState];
export const APP_LINK_STATES: readonly AppLinkState[] = Object.values(AppLinkState);

export class AppConnectionCreateRequestDto {
  @IsConnectionId()
  connectionId!: string;

  @NestedObject(() => EndpointDto)
  endpoint!: EndpointDto;

  /** Send a sign-on (0800, field 70 = 001) after connecting. Default false. */
  @Optional()
  @IsBoolean()
  signOn?: boolean;

  @Optional()
  @IsIn(FRAMINGS)
  framing?: Framing;

  @Optional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'spec must be an ISO 8583 spec name' })
  spec?: string;

  @Optional()
  @IsIntIn(100, 5 * 60_000)
  connectTimeoutMs?: number;
}

export class AppConnectionStatsDto {
  @IsIntIn(0)
  messagesSent!: number;

  @IsIntIn(0)
  messagesReceived!: number;

  /** Requests awaiting a response now. */
  @IsIntIn(0)
  inFlight!: number;

  @IsIntIn(0)
  timeouts!: number;

  @Optional()
  @IsIntIn(0)
  lastEchoRttMs?: number;

  @Optional()
  @IsUtcTimestamp()
  lastActivityAt?: string;
}

export class AppConnectionDto {
  @IsConnectionId()
  connectionId!: string;

  @NestedObject(() => EndpointDto)
  endpoint!: EndpointDto;

  @IsIn(APP_LINK_STATES)
  state!: AppLinkState;

  @Optional()
  @IsUtcTimestamp()
  connectedAt?: string;

  /** Last error on the link, operator-readable; never card data. */
  @Optional()
  @IsNonBlankString(2048)
  lastError?: string;

  @NestedObject(() => AppConnectionStatsDto)
  stats!: AppConnectionStatsDto;
}

export function validateAppConnectionCreateRequest(input: unknown): ValidationOutcome<AppConnectionCreateRequestDto> {
  return validateDto(AppConnectionCreateRequestDto, input);
}

export function validateAppConnection(input: unknown): ValidationOutcome<AppConnectionDto> {
  return validateDto(AppConnectionDto, input);
}
