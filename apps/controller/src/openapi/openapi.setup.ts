/**
 * The OpenAPI document (`/api/openapi.json`) and its docs UI (`/api/docs`), both public and outside
 * `/api/v1`. Built from the running app's controllers, so a route cannot exist undocumented:
 * paths and parameters from Nest's router metadata, request bodies from the class-validator DTOs
 * the API validates with, security and 401/403 from each route's @RequireRole / @Public.
 */
import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { EndpointDto, FailoverSettingsDto, HealthReportDto } from '@switchyard/contracts';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from '../auth/roles.decorator';
import type { TokenRole } from '../database/entities';
import { API_SCHEMAS, PROBLEM_SCHEMA } from './api-docs';
import { RESPONSE_SCHEMAS } from './response-schemas';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const DOCS_UI_PATH = 'api/docs';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, unknown>;
  description?: string;
  tags?: string[];
};

/** Classes every document names even when no route uses them directly. */
function registerSharedSchemas(): void {
  API_SCHEMAS.ref(EndpointDto);
  API_SCHEMAS.ref(FailoverSettingsDto);
  API_SCHEMAS.ref(HealthReportDto);
  API_SCHEMAS.partial(FailoverSettingsDto, 'FailoverPolicyOverrides');
}

interface RouteAccess {
  public: boolean;
  roles: TokenRole[];
}

/** operationId (`<Controller>_<method>`) → what the AuthGuard will require of it. */
function accessByOperation(app: INestApplication): Map<string, RouteAccess> {
  const out = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as Type<unknown> | null;
      if (!cls || typeof cls !== 'function') continue;
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        if (key === 'constructor') continue;
        const handler = (cls.prototype as Record<string, unknown>)[key];
        if (typeof handler !== 'function') continue;
        const pick = <T>(k: string): T | undefined =>
          (Reflect.getMetadata(k, handler) as T | undefined) ?? (Reflect.getMetadata(k, cls) as T | undefined);
        out.set(`${cls.name}_${key}`, {
          public: pick<boolean>(PUBLIC_ROUTE) === true,
          roles: pick<TokenRole[]>(REQUIRED_ROLE) ?? [],
        });
      }
    }
  }
  return out;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
});

function withProblem(op: Operation, status: string, description: string): void {
  const existing = op.responses[status] as { description?: string; content?: Record<string, unknown> } | undefined;
  if (!existing) {
    op.responses[status] = problem(description);
    return;
  }
  if (!existing.content?.['application/problem+json']) {
    op.responses[status] = { ...existing, content: problem(existing.description ?? description).content };
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  registerSharedSchemas();
  const config = new DocumentBuilder()
    .setTitle('Switchyard controller API')
    .setDescription(
      'Failover control plane for ISO 8583 payment links. Every call needs a bearer token whose role is named per operation (viewer < operator < admin; sidecar is its own lane). Errors are RFC 9457 problem+json naming the bad field.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/tokens, or SWITCHYARD_ADMIN_TOKEN' },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
  document.components = {
    ...document.components,
    schemas: { ...(document.components?.schemas ?? {}), ...API_SCHEMAS.all(), ...RESPONSE_SCHEMAS },
  };
  const access = accessByOperation(app);
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const a = op.operationId ? access.get(op.operationId) : undefined;
      if (a?.public) {
        op.security = [];
        continue;
      }
      op.security = [{ bearer: [] }];
      const roles = a?.roles ?? [];
      const who =
        roles.length > 0
          ? `Role: ${roles.join(' or ')}${roles.includes('sidecar') ? '' : ' (or higher)'}.`
          : 'Role: none declared (refused).';
      op.description = op.description ? `${who} ${op.description}` : who;
      withProblem(op, '401', 'No bearer token, or an unknown or revoked one');
      withProblem(op, '403', 'The token’s role is not enough for this call');
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      // Every 4xx/5xx the API writes is problem+json, whoever declared the response.
      for (const [status, response] of Object.entries(op.responses)) {
        if (/^[45]/.test(status))
          withProblem(op, status, (response as { description?: string }).description ?? 'Error');
      }
    }
  }
  return document;
}

/** Serves the document and the docs UI; called from configureApp so tests and main.ts agree. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Switchyard controller API',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}
