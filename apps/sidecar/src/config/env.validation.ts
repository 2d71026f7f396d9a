/**
 * The sidecar's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 *
 * The endpoints, identity and transport variables are checked for format when set; they become
 * required as the features that use them arrive (registration, reporting, command delivery).
 */
import {
  distinctPorts,
  IsHostPortListEnv,
  IsRedisEndpointEnv,
  IsBindAddressEnv,
  IsHttpUrlEnv,
  IsPortEnv,
  SecretEnv,
  validateEnv,
  type RawEnv,
} from '@switchyard/platform';
import { Expose } from 'class-transformer';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

// Kubernetes object names: a pod name is a DNS-1123 subdomain, a namespace a DNS-1123 label.
const DNS_LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';

export class SidecarEnv {
  /** If set, must say this process is the sidecar half of the shared image (DESIGN.md). */
  @Expose()
  @IsOptional()
  @IsIn(['sidecar'], { message: 'must be "sidecar" for the sidecar (or unset)' })
  CONTROLLER_MODE?: string;

  /** Address every listener binds; 0.0.0.0 suits a pod, 127.0.0.1 a developer machine. */
  @Expose()
  @IsBindAddressEnv()
  HOST: string = '0.0.0.0';

  /** The sidecar's control API (the Nest HTTP application). */
  @Expose()
  @IsPortEnv()
  CONTROL_PORT: number = 8080;

  /** Prometheus scrape endpoint `/metrics`. */
  @Expose()
  @IsPortEnv()
  METRICS_PORT: number = 8082;

  /** Kubernetes probes `/livez` and `/readyz`. */
  @Expose()
  @IsPortEnv()
  HEALTH_PORT: number = 8083;

  /** The client application's local API, e.g. http://localhost:8081. */
  @Expose()
  @IsOptional()
  @IsHttpUrlEnv()
  APPLICATION_ENDPOINT?: string;

  /** The central controller's REST API, e.g. http://central-controller:8080. */
  @Expose()
  @IsOptional()
  @IsHttpUrlEnv()
  CENTRAL_CONTROLLER_ENDPOINT?: string;

  @Expose()
  @IsOptional()
  @MaxLength(253, { message: 'must be a Kubernetes pod name (DNS-1123 subdomain, at most 253 characters)' })
  @Matches(new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`), {
    message: 'must be a Kubernetes pod name (DNS-1123 subdomain, at most 253 characters)',
  })
  POD_NAME?: string;

  @Expose()
  @IsOptional()
  @MaxLength(63, { message: 'must be a Kubernetes namespace (DNS-1123 label, at most 63 characters)' })
  @Matches(new RegExp(`^${DNS_LABEL}$`), {
    message: 'must be a Kubernetes namespace (DNS-1123 label, at most 63 characters)',
  })
  POD_NAMESPACE?: string;

  /** Bearer token of role `sidecar`; secret, so never echoed. */
  @Expose()
  @IsOptional()
  @SecretEnv()
  @Matches(/^\S+$/, { message: 'must be a non-empty token without whitespace' })
  SIDECAR_TOKEN?: string;

  /** Volume shared with the application (connection state, health status, config.yaml). */
  @Expose()
  @IsOptional()
  @Matches(/^\//, { message: 'must be an absolute path, e.g. /shared' })
  SHARED_DIR?: string;

  /** host:port or a redis:// / rediss:// URL. */
  @Expose()
  @IsOptional()
  @IsRedisEndpointEnv()
  REDIS_ENDPOINT?: string;

  /** Comma-separated host:port list. */
  @Expose()
  @IsOptional()
  @IsHostPortListEnv()
  KAFKA_BROKERS?: string;
}

const LISTENER_PORTS = ['CONTROL_PORT', 'METRICS_PORT', 'HEALTH_PORT'] as const;

export function validateSidecarEnv(raw: RawEnv): SidecarEnv {
  // Three listeners on one port would fail later with EADDRINUSE; say which variables clash.
  return validateEnv(SidecarEnv, raw, (env) => distinctPorts(env, LISTENER_PORTS));
}
