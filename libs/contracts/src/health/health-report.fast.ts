/**
 * The fast path (common/fast-path.ts) for health reports: the rules of health-report.dto.ts,
 * field by field. Keep the two in step — the property test (health-report.fast.spec.ts) fails
 * when a rule is added to one and not the other.
 */
import { arrayMaxSize, isBoolean, isIn, isInt, isNumber, isString, matches, max, min } from 'class-validator';
import { hasUniqueKey, isNonBlankString, isUtcTimestamp } from '../common/decorators';
import { REJECT, buildIfValid, shape, type FieldRule, type Shape } from '../common/fast-path';
import { CONNECTION_ID_PATTERN, ENDPOINT_ID_PATTERN, SIDECAR_ID_PATTERN } from '../common/identifiers';
import {
  ApplicationLayerDto,
  EndpointProbeDto,
  HardSignalDto,
  HealthLayersDto,
  HealthReportDto,
  NetworkLayerDto,
  ProtocolLayerDto,
  ResourcesLayerDto,
} from './health-report.dto';
import { CONNECTION_STATUSES, HARD_SIGNAL_KINDS, LAYER_STATUSES, SOCKET_STATES } from './health.enums';

const FINITE = { allowNaN: false, allowInfinity: false };

const oneOf =
  (values: readonly unknown[]) =>
  (v: unknown): boolean =>
    isIn(v, values);
/** IsIntIn(lo, hi): IsInt + Min + Max. */
const intIn =
  (lo: number, hi: number = Number.MAX_SAFE_INTEGER) =>
  (v: unknown): boolean =>
    isInt(v) && min(v, lo) && max(v, hi);
/** IsNumber({ allowNaN: false, allowInfinity: false }) + Min(lo) (+ Max(hi)). */
const finiteAtLeast =
  (lo: number, hi?: number) =>
  (v: unknown): boolean =>
    isNumber(v, FINITE) && min(v, lo) && (hi === undefined || max(v, hi));
const pattern =
  (re: RegExp) =>
  (v: unknown): boolean =>
    typeof v === 'string' && re.test(v);
const timestamp = (v: unknown): boolean => isUtcTimestamp(v);
const RESPONSE_CODE = /^[0-9A-Za-z]{2}$/;

/**
 * Built on first use, not at import: health-report.dto.ts imports this module, so the DTO
 * classes are not defined yet while it loads.
 */
function compile(): { report: Shape; hardSignal: Shape } {
  const layerBase: Record<string, FieldRule> = {
    status: { check: oneOf(LAYER_STATUSES) },
    checkedAt: { check: timestamp },
    latencyMs: { optional: true, check: finiteAtLeast(0) },
  };

  const APPLICATION: Shape = shape(ApplicationLayerDto, {
    ...layerBase,
    httpStatus: { optional: true, check: intIn(100, 599) },
  });

  const NETWORK: Shape = shape(NetworkLayerDto, {
    ...layerBase,
    reachable: { check: isBoolean },
    socketState: { optional: true, check: oneOf(SOCKET_STATES) },
    connectLatencyMs: { optional: true, check: finiteAtLeast(0) },
  });

  const PROTOCOL: Shape = shape(ProtocolLayerDto, {
    ...layerBase,
    echoRttMs: { optional: true, check: finiteAtLeast(0) },
    responseCode: { optional: true, check: (v) => isString(v) && matches(v, RESPONSE_CODE) },
    mtiOk: { optional: true, check: isBoolean },
    stanMatched: { optional: true, check: isBoolean },
    consecutiveTimeouts: { check: intIn(0) },
  });

  const RESOURCES: Shape = shape(ResourcesLayerDto, {
    ...layerBase,
    eventLoopLagMs: { optional: true, check: finiteAtLeast(0) },
    rssBytes: { optional: true, check: intIn(0) },
    heapUsedBytes: { optional: true, check: intIn(0) },
    cpuPercent: { optional: true, check: finiteAtLeast(0, 10000) },
  });

  const LAYERS: Shape = shape(HealthLayersDto, {
    application: { nested: () => APPLICATION },
    network: { nested: () => NETWORK },
    protocol: { nested: () => PROTOCOL },
    resources: { nested: () => RESOURCES },
  });

  const HARD_SIGNAL: Shape = shape(HardSignalDto, {
    kind: { check: oneOf(HARD_SIGNAL_KINDS) },
    detail: { check: (v) => isNonBlankString(v, 1024) },
    observedAt: { check: timestamp },
  });

  const ENDPOINT_PROBE: Shape = shape(EndpointProbeDto, {
    endpointId: { check: pattern(ENDPOINT_ID_PATTERN) },
    reachable: { check: isBoolean },
    echoRttMs: { optional: true, check: finiteAtLeast(0) },
    checkedAt: { check: timestamp },
  });

  const REPORT: Shape = shape(HealthReportDto, {
    connectionId: { check: pattern(CONNECTION_ID_PATTERN) },
    sidecarId: { check: pattern(SIDECAR_ID_PATTERN) },
    status: { check: oneOf(CONNECTION_STATUSES) },
    score: { check: intIn(0, 100) },
    activeEndpointId: { check: pattern(ENDPOINT_ID_PATTERN) },
    layers: { nested: () => LAYERS },
    hardSignal: { optional: true, nested: () => HARD_SIGNAL },
    endpoints: {
      optional: true,
      check: (v) => arrayMaxSize(v, 32) && hasUniqueKey(v, 'endpointId'),
      nestedArray: () => ENDPOINT_PROBE,
    },
    sequence: { check: intIn(0) },
    epoch: { optional: true, check: intIn(0) },
    reportedAt: { check: timestamp },
  });
  return { report: REPORT, hardSignal: HARD_SIGNAL };
}

let compiled: { report: Shape; hardSignal: Shape } | undefined;

/** The fast-path shapes of a health report and of a hard signal (shared with failover requests). */
export function healthShapes(): { report: Shape; hardSignal: Shape } {
  compiled ??= compile();
  return compiled;
}

/** The validated report when `input` is certainly valid, else undefined (run the full validation). */
export function fastHealthReport(input: unknown): HealthReportDto | undefined {
  const built = buildIfValid(healthShapes().report, input);
  return built === REJECT ? undefined : (built as HealthReportDto);
}
