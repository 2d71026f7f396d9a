/**
 * Failover history outlives its connection: deleting a connection (ops API, admin) must not erase
 * the audit trail of the decisions taken on it. The foreign key (on delete cascade) goes; the
 * connection id stays on each event as a plain value. Health snapshots still cascade (telemetry).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KeepFailoverHistory1795400000500 implements MigrationInterface {
  name = 'KeepFailoverHistory1795400000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table failover_events drop constraint if exists failover_events_connection_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `delete from failover_events e where not exists (select 1 from connections c where c.id = e.connection_id)`,
    );
    await q.query(
      `alter table failover_events add constraint failover_events_connection_id_fkey
         foreign key (connection_id) references connections (id) on delete cascade`,
    );
  }
}
