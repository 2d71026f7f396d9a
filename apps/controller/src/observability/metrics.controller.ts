import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { ControllerMetrics } from './controller-metrics';

/** Prometheus scrape endpoint, at the root beside the probes (no token: scrapers hold none). */
export const METRICS_ROUTE = 'metrics';

@ApiTags('probes')
@Controller()
@Public()
export class MetricsController {
  constructor(private readonly metrics: ControllerMetrics) {}

  @Get(METRICS_ROUTE)
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
