/**
 * Config distribution over REST: versions (create, list, get), rollout status, the sidecars'
 * REST fallback `GET /config`, and config acks in direct mode (`POST /config-acks`).
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { validateConfigAck, type ConfigAckDto, type ConfigDocumentDto } from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, RequireRole } from '../auth/roles.decorator';
import { TokenService } from '../auth/token.service';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { ProblemException } from '../common/problem/problem.exception';
import {
  ConfigDistributionService,
  type AckDisposition,
  type ConfigVersionView,
  type RolloutView,
} from './config-distribution.service';
import {
  parseListVersionsQuery,
  parseRolloutQuery,
  parseVersionPath,
  validateEffectiveConfigQuery,
} from './dto/config-queries';

@ApiTags('config')
@ApiBearerAuth()
@Controller()
export class ConfigDistributionController {
  constructor(
    private readonly config: ConfigDistributionService,
    private readonly tokens: TokenService,
  ) {}

  @Post('config/versions')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Create the next config version of a scope and publish it',
    description:
      'Body: a ConfigDocumentDto (libs/contracts) without `version` (the server assigns latest + 1) or with the ' +
      'expected next version. Published to Kafka config-updates (key = scope), Redis connection:{id}:config ' +
      '(connection scopes) and the sidecars’ HTTP streams.',
  })
  @ApiBody({ description: 'ConfigDocumentDto, version optional' })
  @ApiResponse({ status: 201, description: 'The created version' })
  @ApiResponse({ status: 400, description: 'Invalid document (problem+json naming each field)' })
  @ApiResponse({ status: 409, description: 'An explicit version that is not the next one' })
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<ConfigVersionView> {
    return this.config.create(body, principal.name);
  }

  @Get('config/versions')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List config versions, newest first' })
  @ApiQuery({ name: 'scope', required: false, description: 'global | connection:<id>' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 50' })
  @ApiResponse({ status: 200, description: '{ items: ConfigVersion[] }' })
  @ApiResponse({ status: 400, description: 'A bad query parameter (named)' })
  async list(@Query() query: Record<string, unknown>): Promise<{ items: ConfigVersionView[] }> {
    const q = parseListVersionsQuery(query ?? {});
    if (!q.ok) throw ProblemException.validation(q.errors);
    return { items: await this.config.list(q.value.scope, q.value.limit) };
  }

  @Get('config/versions/:scope/:version')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'One config version' })
  @ApiParam({ name: 'scope', description: 'global | connection:<id>' })
  @ApiParam({ name: 'version', description: 'positive integer' })
  @ApiResponse({ status: 200, description: 'The version and its document' })
  @ApiResponse({ status: 400, description: 'A bad path parameter (named)' })
  @ApiResponse({ status: 404, description: 'No such version' })
  async get(@Param('scope') scope: string, @Param('version') version: string): Promise<ConfigVersionView> {
    const p = parseVersionPath(scope, version);
    if (!p.ok) throw ProblemException.validation(p.errors);
    return this.config.get(p.value.scope, p.value.version);
  }

  @Get('config/rollout')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Rollout of a config version: per sidecar APPLIED / REJECTED (with reasons) / PENDING',
    description:
      'PENDING = an active sidecar the version applies to that has not acked it. Default version: the latest.',
  })
  @ApiQuery({ name: 'scope', required: true })
  @ApiQuery({ name: 'version', required: false })
  @ApiResponse({ status: 200, description: 'The rollout' })
  @ApiResponse({ status: 400, description: 'A bad query parameter (named)' })
  @ApiResponse({ status: 404, description: 'No such scope or version' })
  async rollout(@Query() query: Record<string, unknown>): Promise<RolloutView> {
    const q = parseRolloutQuery(query ?? {});
    if (!q.ok) throw ProblemException.validation(q.errors);
    return this.config.rollout(q.value.scope, q.value.version);
  }

  @Get('config')
  @RequireRole('sidecar', 'viewer')
  @ApiOperation({
    summary: 'The config documents in force (REST fallback of config-updates)',
    description:
      'The latest document of `global` and of each connection scope that applies (the given connection, or every ' +
      'connection of the given sidecar), lowest precedence first.',
  })
  @ApiQuery({ name: 'sidecarId', required: false })
  @ApiQuery({ name: 'connectionId', required: false })
  @ApiResponse({ status: 200, description: '{ documents: ConfigDocumentDto[] }' })
  @ApiResponse({ status: 400, description: 'A bad query parameter (named)' })
  @ApiResponse({ status: 403, description: 'A sidecar token asking for another sidecar' })
  async effective(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ documents: ConfigDocumentDto[] }> {
    const q = validateEffectiveConfigQuery(query ?? {});
    if (!q.ok) throw ProblemException.validation(q.errors);
    const sidecarId =
      q.value.sidecarId ?? (principal.role === 'sidecar' ? (principal.boundSidecarId ?? undefined) : undefined);
    if (sidecarId !== undefined) await this.tokens.assertActsFor(principal, sidecarId);
    return this.config.effective(sidecarId, q.value.connectionId);
  }

  @Post('config-acks')
  @HttpCode(200)
  @RequireRole('sidecar')
  @ApiOperation({ summary: 'Ack a config version: applied, or rejected with the reasons (sidecar)' })
  @ApiResponse({ status: 200, description: 'Recorded (or unchanged: the same ack again)' })
  @ApiResponse({ status: 400, description: 'Invalid ack (problem+json naming each field)' })
  @ApiResponse({ status: 403, description: 'The token acts for another sidecar' })
  @ApiResponse({ status: 404, description: 'No such config version' })
  async ack(
    @Body(new ContractPipe(validateConfigAck)) body: ConfigAckDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ disposition: AckDisposition }> {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    const disposition = await this.config.recordAck(body);
    if (disposition === 'unknown-version')
      throw ProblemException.notFound(`config version ${body.scope}@${body.version}`);
    return { disposition };
  }
}
