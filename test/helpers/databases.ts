import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/store/database";
import { migrate } from "../../src/store/migrate";

/**
 * Database tests run against PGlite always and against PostgreSQL when TEST_DATABASE_URL
 * points at a server. In CI a missing server is a failure, never a silent skip.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI === "true" && !postgresUrl) {
  throw new Error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests cannot be skipped in CI");
}

export type DatabaseKind = "pglite" | "postgres";

/** How long a hook that opens and migrates a database may take on a busy machine. */
export const DATABASE_START_TIMEOUT_MS = 120_000;
export const databaseKinds: DatabaseKind[] = postgresUrl ? ["pglite", "postgres"] : ["pglite"];

/** A fresh, empty PostgreSQL database on the test server; dropped by the returned function. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `scb_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestDatabase extends Database {
  /** For PostgreSQL, the scratch database's URL (to start a server process against it). */
  url?: string;
}

/** An empty database of the given kind (not migrated); close() also removes it. */
export async function emptyDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") return openDatabase({ kind: "pglite" });
  const scratch = await createScratchPostgres();
  const db = await openDatabase({ kind: "postgres", url: scratch.url });
  return {
    ...db,
    url: scratch.url,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** An empty database with every migration applied. */
export async function migratedDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const db = await emptyDatabase(kind);
  await migrate(db.raw);
  return db;
}
