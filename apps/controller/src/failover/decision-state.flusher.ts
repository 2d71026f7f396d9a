/**
 * Drives FailoverDecisionService.flushDirty: every `persistIntervalMs` the states that changed
 * without anything material (a steady stream of healthy reports) are written in one batch, and
 * once more before the application shuts down. Kept apart from the service so the service has
 * no timers of its own (tests drive `flushDirty` directly).
 */
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DECISION_SETTINGS, FailoverDecisionService, type DecisionSettings } from './failover-decision.service';

@Injectable()
export class DecisionStateFlusher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Decisions');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly decisions: FailoverDecisionService,
    @Inject(DECISION_SETTINGS) private readonly settings: DecisionSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.decisions.flushDirty(), this.settings.persistIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.decisions.flushDirty();
    const left = this.decisions.unflushed;
    if (left > 0) this.logger.warn(`${left} connection states could not be written before shutdown`);
  }
}
