/**
 * `GET /api/v1/events`: the operator event stream, Server-Sent Events of every registry event
 * (`event: <type>`, `id`, `data: <json>`), optionally for one connection. A keep-alive comment
 * every 15 s keeps proxies from closing an idle stream; the subscription ends with the client.
 */
import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONNECTION_ID_PATTERN } from '@switchyard/contracts';
import { RequireRole } from '../auth/roles.decorator';
import { assertNoUnknownQuery, queryPattern, type QueryValue } from '../connections/query-params';
import { ApiProblems } from '../openapi/api-docs';
import { DEFAULT_MAX_BUFFERED_BYTES, KEEP_ALIVE_MS, SseClient, formatComment } from './event-stream';
import { EventStreamService } from './event-stream.service';

@ApiTags('events')
@ApiBearerAuth('bearer')
@Controller('events')
export class EventsController {
  constructor(private readonly stream: EventStreamService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Server-Sent Events stream of state changes',
    description:
      'Each registry event as `id: <stream>-<seq>`, `event: <type>` (connection.created|updated|deleted|state, failover.decided|completed, sidecar.*, command.updated, config.*), `data: <json>`. Keep-alive comment every 15 s. Reconnect with Last-Event-ID to resume (the last 1,000 events of this replica are kept; otherwise a `stream.reset` event says to re-read state). A client that stops reading (over 1 MiB unread) is cut off after a `stream.overflow` event.',
  })
  @ApiQuery({
    name: 'connectionId',
    required: false,
    schema: { type: 'string', pattern: CONNECTION_ID_PATTERN.source },
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'The stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems(400)
  open(
    @Query() query: Record<string, QueryValue>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    assertNoUnknownQuery(query, ['connectionId']);
    const connectionId = queryPattern('connectionId', query['connectionId'], CONNECTION_ID_PATTERN, 'a connection id');
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);

    const client = new SseClient(
      res,
      (e) => connectionId === undefined || e.connectionId === connectionId,
      DEFAULT_MAX_BUFFERED_BYTES,
      () => {
        this.stream.overflowed += 1;
      },
    );
    client.raw(`retry: 3000\n${formatComment(`switchyard event stream ${this.stream.ring.streamId}`)}`);
    if (typeof lastEventId === 'string' && lastEventId !== '') {
      const missed = this.stream.ring.since(lastEventId.trim());
      if (missed === null) {
        client.raw(
          `event: stream.reset\ndata: ${JSON.stringify({ reason: 'cannot resume from that Last-Event-ID; re-read state' })}\n\n`,
        );
      } else {
        for (const e of missed) client.send(e);
      }
    }
    const remove = this.stream.add(client);
    const keepAlive = setInterval(() => client.raw(formatComment('keep-alive')), KEEP_ALIVE_MS);
    keepAlive.unref();
    const cleanup = () => {
      clearInterval(keepAlive);
      remove();
    };
    res.on('close', cleanup);
    req.on('close', cleanup);
  }
}
