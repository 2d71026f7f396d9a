/** Bearer-token auth for every route (default deny), and token administration. */
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ControllerEnv } from '../config/env.validation';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';
import { TokensController } from './tokens.controller';

@Module({
  controllers: [TokensController],
  providers: [
    {
      provide: TokenService,
      inject: [DataSource, Clock, ControllerEnv],
      useFactory: (db: DataSource, clock: Clock, env: ControllerEnv) =>
        new TokenService(db, clock, env.SWITCHYARD_ADMIN_TOKEN),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
