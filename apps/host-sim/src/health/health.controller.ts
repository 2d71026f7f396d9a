import { Controller, Get } from '@nestjs/common';

export interface HostSimHealth {
  status: 'UP';
}

@Controller()
export class HealthController {
  /** UP means the process serves HTTP; the ISO 8583 listener's state joins this body with it. */
  @Get('health')
  health(): HostSimHealth {
    return { status: 'UP' };
  }
}
