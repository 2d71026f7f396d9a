/**
 * PostgreSQL for the controller: one DataSource per process, migrations applied at start-up
 * (under an advisory lock) unless MIGRATE_ON_START=false (the helm chart runs them in a hook).
 */
import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ControllerEnv } from '../config/env.validation';
import { dataSourceOptions, runMigrations } from '../database/data-source';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ControllerEnv],
      useFactory: (env: ControllerEnv) =>
        dataSourceOptions(env.DATABASE_URL, { applicationName: `switchyard-controller:${env.CONTROLLER_REPLICA_ID}` }),
      dataSourceFactory: async (options) => {
        const ds = await new DataSource(options!).initialize();
        return ds;
      },
    }),
  ],
  providers: [
    {
      provide: 'MIGRATIONS_APPLIED',
      inject: [DataSource, ControllerEnv],
      useFactory: async (ds: DataSource, env: ControllerEnv) => {
        if (env.MIGRATE_ON_START !== 'true') return [];
        const applied = await runMigrations(ds);
        new Logger('Database').log(applied.length ? `applied migrations ${applied.join(', ')}` : 'schema up to date');
        return applied;
      },
    },
  ],
  exports: ['MIGRATIONS_APPLIED'],
})
export class DatabaseModule {}
