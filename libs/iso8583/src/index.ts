/**
 * @switchyard/iso8583: spec-driven ISO 8583 codec, framing, connection (client and server),
 * masking and CLI. No framework dependency.
 */
export * from './errors/iso8583.error';

export type * from './spec/spec.types';
export { loadSpec, extendSpec, validateSpec } from './spec/spec.loader';
export {
  getSpec,
  SHIPPED_SPEC_NAMES,
  iso87ascii,
  iso87binary,
  iso93ascii,
  iso87asciiPostilion,
} from './spec/spec.registry';

export type { FieldValue, SubfieldValues, IsoFields, IsoMessage } from './message/message.types';
export { pack, unpack, tryUnpack } from './message/message.codec';
export type { SpecLike, UnpackResult } from './message/message.codec';
export { compileSpec, CompiledSpec } from './message/spec-compiler';

export type { TlvItem, TlvTemplate, TlvNode } from './tlv/tlv.types';
export { parseTlv, parseTlvHex, tlvToHex, isConstructedTag } from './tlv/tlv.codec';
export { EMV_PAN_TAGS, EMV_SECRET_TAGS } from './tlv/emv-tags';

export { bytesToHex, hexToBytes } from './encoding/hex.encoding';
export { latin1ToEbcdic, ebcdicToLatin1 } from './encoding/ebcdic.encoding';
export type { EbcdicCodePage } from './encoding/ebcdic.encoding';

export { maskPan, maskAll, luhnValid, redactCardData } from './mask/card-data.mask';
export { describe } from './mask/describe';
export type { DescribedMessage, DescribedValue, DescribedTlv, DescribeOptions } from './mask/describe';

export { FrameCodec, FrameDecoder, swapTpdu } from './framing/frame.codec';
export type { Frame, FramingOptions, FrameLengthPrefix } from './framing/frame.codec';

export { systemClock, systemRandom } from './connection/clock';
export type { Clock, RandomSource, TimerHandle } from './connection/clock';
export { StanGenerator, formatStan, STAN_MAX } from './connection/stan.generator';
export type { StanGeneratorOptions } from './connection/stan.generator';
export { backoffDelay, resolveReconnect } from './connection/backoff';
export type { ReconnectOptions } from './connection/backoff';
export { defaultMatchKey, mtiClass } from './connection/match-key';
export type { MatchKeyFn } from './connection/match-key';
export {
  NETWORK_MANAGEMENT,
  buildNetworkManagementRequest,
  buildEchoRequest,
  buildSignOnRequest,
  buildSignOffRequest,
  buildNetworkManagementResponse,
  isNetworkManagementRequest,
  isNetworkManagementMti,
  isResponseMti,
  responseMti,
  transmissionDateTime,
} from './connection/network-management';
export type { NetworkManagementRequestOptions } from './connection/network-management';
export { Iso8583ConnectionError } from './connection/connection.errors';
export type { ConnectionErrorCode } from './connection/connection.errors';
export { TypedEmitter } from './connection/typed-emitter';
export { Iso8583Link } from './connection/iso8583-link';
export type {
  LinkOptions,
  LinkEvents,
  LinkState,
  LinkStats,
  EchoOptions,
  EchoResult,
  RequestHandler,
} from './connection/iso8583-link';
export { Iso8583Client } from './connection/iso8583-client';
export type { ClientOptions, ClientEvents, ClientState } from './connection/iso8583-client';
export { Iso8583Server } from './connection/iso8583-server';
export type { ServerOptions, ServerEvents } from './connection/iso8583-server';
