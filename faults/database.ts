import { randomBytes } from "node:crypto";
import { Client } from "pg";

/** The PostgreSQL server the suite may use; each scenario gets its own scratch database on it. */
export const POSTGRES_URL = process.env.FAULTS_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";

const adminUrl = () => `${POSTGRES_URL.replace(/\/+$/, "")}/postgres`;

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Runs one query on a fresh connection (the suite queries rarely; no pool to leak). */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, f: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** Databases created and not yet dropped, so the runner can drop them on any exit path. */
const live = new Set<ScratchDatabase>();

/** Creates an empty database named faults_<random>; the bot migrates it itself on start. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `faults_${randomBytes(5).toString("hex")}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${name}`));
  const url = `${POSTGRES_URL.replace(/\/+$/, "")}/${name}`;
  const db: ScratchDatabase = {
    name,
    url,
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      withClient(url, async (c) => (await c.query(sql, params)).rows as T[]),
    drop: async () => {
      live.delete(db);
      // FORCE: a replica killed with -9 may leave a backend behind for a moment.
      await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
  live.add(db);
  return db;
}

export async function dropAllScratchDatabases(): Promise<void> {
  for (const db of [...live]) await db.drop().catch(() => undefined);
}

/** Outbox rows by status; the relation may not exist yet if no replica migrated. */
export async function outboxStatusCounts(db: ScratchDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: string }>(`SELECT status::text AS status, count(*) AS n FROM outbox_messages GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function ideaTitles(db: ScratchDatabase): Promise<string[]> {
  return (await db.query<{ title: string }>(`SELECT title FROM ideas`)).map((r) => r.title);
}
