import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDatabase } from "../../src/store/database";
import { migrate, MIGRATIONS_DIR } from "../../src/store/migrate";

/**
 * Creating an embedded database takes seconds (PGlite runs initdb), copying a migrated one a
 * fraction of that: the suite migrates once, before any test, and every test database starts
 * as a copy. Keyed by the migrations and the PGlite version, so that a new migration makes
 * new templates.
 */

/** Set for the test workers by the global setup. */
export const PGLITE_TEMPLATE_ENV = "TEST_PGLITE_TEMPLATE";
export const POSTGRES_TEMPLATE_ENV = "TEST_POSTGRES_TEMPLATE";

function templateKey(): string {
  const hash = createHash("sha256");
  hash.update((JSON.parse(readFileSync(path.resolve(__dirname, "../../node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string }).version);
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    const file = path.join(MIGRATIONS_DIR, name, "migration.sql");
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * A folder holding the migrated embedded database twice: `pglite/`, a data directory to copy
 * for a bot, and `snapshot.tar`, its dump for an in-memory database. Made once, then reused.
 */
export async function pgliteTemplate(): Promise<string> {
  const root = path.join(tmpdir(), `scb-pglite-template-${templateKey()}`);
  if (existsSync(path.join(root, "snapshot.tar"))) return root;
  const building = `${root}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const db = await openDatabase({ kind: "pglite", dataDir: path.join(building, "pglite") });
  await migrate(db.raw);
  await db.close();
  const reopened = await PGlite.create(path.join(building, "pglite"));
  writeFileSync(path.join(building, "snapshot.tar"), Buffer.from(await (await reopened.dumpDataDir("none")).arrayBuffer()));
  await reopened.close();
  try {
    renameSync(building, root);
  } catch {
    // Another run made it first; theirs is the same.
    rmSync(building, { recursive: true, force: true });
  }
  return root;
}

/** A migrated database on the test server, to be copied with CREATE DATABASE … TEMPLATE; dropped by the returned function. */
export async function postgresTemplate(serverUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `scb_template_${templateKey()}_${randomBytes(3).toString("hex")}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString() });
  try {
    await migrate(db.raw);
  } finally {
    await db.close();
  }
  return { name, drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}
