import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/store/database";
import { migrate } from "../../src/store/migrate";
import { PGLITE_TEMPLATE_ENV, POSTGRES_TEMPLATE_ENV } from "./database-templates";

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
export const DATABASE_START_TIMEOUT_MS = 240_000;
export const databaseKinds: DatabaseKind[] = postgresUrl ? ["pglite", "postgres"] : ["pglite"];

/**
 * A fresh PostgreSQL database on the test server, empty or (`migrated`) a copy of the run's
 * migrated template when the global setup made one; dropped by the returned function.
 */
export async function createScratchPostgres(options: { migrated?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `scb_test_${randomBytes(6).toString("hex")}`;
  const template = options.migrated ? process.env[POSTGRES_TEMPLATE_ENV] : undefined;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
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

async function scratchPostgresDatabase(migrated: boolean): Promise<TestDatabase> {
  const scratch = await createScratchPostgres({ migrated });
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

/** An empty database of the given kind (not migrated); close() also removes it. */
export async function emptyDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === "pglite" ? openDatabase({ kind: "pglite" }) : scratchPostgresDatabase(false);
}

let pgliteSnapshot: Blob | undefined;

/**
 * An empty database with every migration applied: under Jest a copy of the run's template,
 * elsewhere (the benches) migrated on the spot.
 */
export async function migratedDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const pgliteTemplate = process.env[PGLITE_TEMPLATE_ENV];
  if (kind === "pglite" && pgliteTemplate) {
    pgliteSnapshot ??= new Blob([readFileSync(path.join(pgliteTemplate, "snapshot.tar"))]);
    return openDatabase({ kind: "pglite", snapshot: pgliteSnapshot });
  }
  if (kind === "postgres" && process.env[POSTGRES_TEMPLATE_ENV]) return scratchPostgresDatabase(true);
  const db = await emptyDatabase(kind);
  await migrate(db.raw);
  return db;
}
