/**
 * Commands over REST: the sidecar lane's `POST /command-results` (direct mode, or whenever Kafka
 * is unreachable from the sidecar) and the ops views `GET /commands`, `GET /commands/{id}`.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { validateCommandResult, type CommandResultDto } from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, RequireRole } from '../auth/roles.decorator';
import { TokenService } from '../auth/token.service';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { PROBLEM_TYPES, ProblemException } from '../common/problem/problem.exception';
import { UuidParamPipe } from '../common/problem/uuid-param.pipe';
import { CommandResultsService } from './command-results.service';
import { CommandViews } from './command-views.service';
import { type CommandView } from './command.view';
import { MAX_PAGE, OUTBOX_STATUSES, parseListCommandsQuery } from './dto/list-commands.query';

@ApiTags('commands')
@ApiBearerAuth()
@Controller()
export class CommandsController {
  constructor(
    private readonly results: CommandResultsService,
    private readonly views: CommandViews,
    private readonly tokens: TokenService,
  ) {}

  @Post('command-results')
  @HttpCode(200)
  @RequireRole('sidecar')
  @ApiOperation({
    summary: 'Report the result of a command (sidecar)',
    description:
      'Body: CommandResultDto (libs/contracts). Idempotent: a second result for the same command changes nothing. ' +
      'REJECTED with error code DUPLICATE is a receipt for a re-sent copy and never closes a command.',
  })
  @ApiResponse({ status: 200, description: 'Recorded, or already recorded (disposition says which)' })
  @ApiResponse({ status: 400, description: 'Invalid result (problem+json naming each field)' })
  @ApiResponse({ status: 403, description: 'The token acts for another sidecar' })
  @ApiResponse({ status: 404, description: 'No such command' })
  @ApiResponse({ status: 409, description: 'The command was issued to another sidecar, or is of another type' })
  async postResult(
    @Body(new ContractPipe(validateCommandResult)) body: CommandResultDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ commandId: string; disposition: string; status: string }> {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    const outcome = await this.results.record(body, 'http');
    if (outcome.disposition === 'unknown') throw ProblemException.notFound(`command ${body.commandId}`);
    if (outcome.disposition === 'wrong-sidecar' || outcome.disposition === 'type-mismatch') {
      throw ProblemException.of(409, outcome.detail ?? 'result refused', PROBLEM_TYPES.conflict, {
        commandId: body.commandId,
      });
    }
    return { commandId: body.commandId, disposition: outcome.disposition, status: outcome.command!.status };
  }

  @Get('commands')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List commands (newest first), with filters and keyset pagination' })
  @ApiQuery({ name: 'sidecarId', required: false })
  @ApiQuery({ name: 'connectionId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: OUTBOX_STATUSES })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'since', required: false, description: 'ISO-8601; commands issued at or after it' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_PAGE}, default 50` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, description: '{ items: Command[], nextCursor: string | null }' })
  @ApiResponse({ status: 400, description: 'A bad query parameter (named)' })
  async list(@Query() query: Record<string, unknown>): Promise<{ items: CommandView[]; nextCursor: string | null }> {
    const parsed = parseListCommandsQuery(query ?? {});
    if (!parsed.ok) throw ProblemException.validation(parsed.errors);
    return this.views.list(parsed.value);
  }

  @Get('commands/:id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'One command: issued, delivered per path, acked, result, deadline' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The command' })
  @ApiResponse({ status: 400, description: 'id is not a UUID' })
  @ApiResponse({ status: 404, description: 'No such command' })
  async get(@Param('id', UuidParamPipe) id: string): Promise<CommandView> {
    return this.views.get(id);
  }
}
