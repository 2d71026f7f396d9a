/**
 * The OpenAPI document against the app that serves it: every route Nest's router serves is
 * documented (no undocumented route), with bearer security and problem+json errors, request bodies
 * derived from the validating DTOs, and the docs UI served without a token.
 */
import request from 'supertest';
import type { Express } from 'express';
import { writeFileSync } from 'node:fs';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(60_000);

type Operation = {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every METHOD path Nest registered on Express, in OpenAPI's `{param}` style. */
function servedRoutes(app: Express): string[] {
  const router = (app as unknown as { router: { stack: RouterLayer[] } }).router;
  const out: string[] = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      out.push(`${method.toUpperCase()} ${layer.route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
  }
  return out.sort();
}

describe('OpenAPI document', () => {
  let c: ControllerUnderTest;
  let doc: Doc;

  beforeAll(async () => {
    c = await startController();
    const res = await request(c.app.getHttpServer()).get('/api/openapi.json').expect(200);
    doc = res.body as Doc;
    if (process.env['OPENAPI_DUMP']) writeFileSync(process.env['OPENAPI_DUMP'], JSON.stringify(doc, null, 2));
  });

  afterAll(async () => {
    await c.close();
  });

  it('lists every route the app serves, and nothing it does not', () => {
    const express = c.app.getHttpAdapter().getInstance() as Express;
    const served = servedRoutes(express).filter(
      // The document and the UI are served by SwaggerModule itself.
      (r) => !r.includes('/api/openapi.json') && !r.startsWith('GET /api/docs'),
    );
    const documented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) documented.push(`${method.toUpperCase()} ${path}`);
    }
    expect(served.length).toBeGreaterThan(20);
    expect(documented.sort()).toEqual(served);
  });

  it('documents bearer security, roles and 401/403 on every non-public operation', () => {
    expect(doc.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const publicOps: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (op.security && op.security.length === 0) {
          publicOps.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        expect({ path, method, security: op.security }).toEqual({ path, method, security: [{ bearer: [] }] });
        for (const status of ['401', '403']) {
          expect(op.responses[status]?.content?.['application/problem+json']?.schema).toEqual({
            $ref: '#/components/schemas/Problem',
          });
        }
      }
    }
    expect(publicOps.sort()).toEqual(['GET /livez', 'GET /metrics', 'GET /readyz']);
  });

  it('derives request bodies from the validating DTOs (contracts and ours), strict about unknown fields', () => {
    const bodyOf = (path: string, method: string) =>
      doc.paths[path]![method]!.requestBody!.content['application/json']!.schema;
    expect(bodyOf('/api/v1/connections/{id}/health', 'put')).toEqual({ $ref: '#/components/schemas/HealthReportDto' });
    expect(bodyOf('/api/v1/sidecars/register', 'post')).toEqual({
      $ref: '#/components/schemas/SidecarRegistrationDto',
    });
    expect(bodyOf('/api/v1/connections', 'post')).toEqual({ $ref: '#/components/schemas/CreateConnectionDto' });
    const s = doc.components.schemas;
    expect(s['EndpointDto']).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['id', 'host', 'port', 'priority', 'role'],
      properties: {
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        role: { enum: ['PRIMARY', 'DR'] },
        tls: { type: 'boolean' },
      },
    });
    expect(s['HealthReportDto']!['properties']).toMatchObject({
      score: { type: 'integer', minimum: 0, maximum: 100 },
      reportedAt: { type: 'string', format: 'date-time' },
      layers: { $ref: '#/components/schemas/HealthLayersDto' },
    });
    expect(s['CreateConnectionDto']).toMatchObject({
      required: ['connectionId', 'endpoints'],
      properties: {
        connectionId: { type: 'string', pattern: expect.any(String) },
        endpoints: { type: 'array', minItems: 1, maxItems: 16, items: { $ref: '#/components/schemas/EndpointDto' } },
      },
    });
    expect(s['FailoverPolicyOverrides']).toMatchObject({ additionalProperties: false });
    expect(s['FailoverPolicyOverrides']!['required']).toBeUndefined();
    expect(s['UpdateConnectionDto']!['properties']).toMatchObject({ description: { nullable: true } });
  });

  it('documents problem+json error responses per operation', () => {
    const op = doc.paths['/api/v1/connections/{id}/switchover']!['post']!;
    for (const status of ['400', '404', '409', '422']) {
      expect(op.responses[status]?.content?.['application/problem+json']).toBeDefined();
    }
    expect(op.responses['202']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ActionReceipt',
    });
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z0-9]+/g) ?? [];
    for (const ref of new Set(refs)) expect(doc.components.schemas[ref.split('/').pop()!]).toBeDefined();
  });

  it('serves the docs UI without a token', async () => {
    const http = request(c.app.getHttpServer());
    const ui = await http.get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    await http.get('/api/v1/connections').expect(401);
    await http.get('/api/v1/connections').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
  });
});
