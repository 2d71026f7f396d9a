/**
 * `GET /api/v1/sidecars/commands/stream?sidecarId=…` — the sidecar's HTTP command stream
 * (Server-Sent Events): the delivery path of direct mode and a third path beside Kafka and Redis.
 */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, RequireRole } from '../auth/roles.decorator';
import { TokenService } from '../auth/token.service';
import { ProblemException } from '../common/problem/problem.exception';
import { CommandStreamHub } from './command-stream.hub';
import { validateCommandStreamQuery } from './dto/command-stream.query';

@ApiTags('sidecars')
@ApiBearerAuth()
@Controller('sidecars/commands')
export class CommandStreamController {
  constructor(
    private readonly hub: CommandStreamHub,
    private readonly tokens: TokenService,
  ) {}

  @Get('stream')
  @RequireRole('sidecar')
  @ApiOperation({
    summary: "A sidecar's command stream (Server-Sent Events)",
    description:
      'On connect: every unfinished, unexpired command for the sidecar and the latest config document of each ' +
      'scope that applies to it; then live ones. `event: command` (id = command id, data = command envelope), ' +
      '`event: config` (id = scope@version, data = config-update envelope), `: keep-alive` comments every 15 s. ' +
      'Commands may arrive more than once (re-sends, other paths): execute a command id once.',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'sidecarId', required: true, description: '<namespace>/<podName>' })
  @ApiResponse({ status: 200, description: 'The event stream (stays open)' })
  @ApiResponse({ status: 400, description: 'sidecarId missing or malformed' })
  @ApiResponse({ status: 403, description: 'The token acts for another sidecar' })
  async stream(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const checked = validateCommandStreamQuery(query ?? {});
    if (!checked.ok) throw ProblemException.validation(checked.errors);
    await this.tokens.assertActsFor(principal, checked.value.sidecarId);
    await this.hub.open(checked.value.sidecarId, req, res);
  }
}
