/**
 * A fresh PostgreSQL database per test file, on the real server of the test stack, dropped at the
 * end. Tests never share rows, and a migration test starts from an empty schema.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testInfra } from './infra';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'sy'): Promise<TestDatabase> {
  const base = new URL(testInfra().databaseUrl);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new Client({ connectionString: base.toString() });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
