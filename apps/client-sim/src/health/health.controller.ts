import { Controller, Get } from '@nestjs/common';

export interface ApplicationHealth {
  status: 'UP';
}

@Controller()
export class HealthController {
  /**
   * UP means the process serves HTTP. The connection states join this body when the ISO 8583
   * link arrives; until then there is nothing else to report truthfully.
   */
  @Get(['health', 'actuator/health'])
  health(): ApplicationHealth {
    return { status: 'UP' };
  }
}
