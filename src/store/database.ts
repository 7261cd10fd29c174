import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";

/**
 * SQL below Prisma, for what Prisma cannot do: multi-statement migration scripts and
 * catalog queries. One shape for PGlite and for PostgreSQL.
 */
export interface RawSql {
  exec(script: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(work: (tx: RawSql) => Promise<T>): Promise<T>;
}

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  raw: RawSql;
  close(): Promise<void>;
}

/**
 * Names each distinct SQL text, so every pooled connection prepares it once and PostgreSQL
 * can reuse its plan: planning was about a millisecond per `/idea` statement
 * (bench/RESULTS.md). The texts are Prisma's parameterised SQL, so there are few of them.
 */
const statementNames = new Map<string, string>();
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (!name) statementNames.set(query.sql, (name = `s_${createHash("sha1").update(query.sql).digest("base64url")}`));
  return name;
}

/**
 * `snapshot` starts an in-memory embedded database from a dump made with PGlite's
 * `dumpDataDir`: much quicker than creating one (the tests start each database from one
 * migrated snapshot).
 */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir?: string; snapshot?: Blob };

/** Raised when the database cannot be reached; the message says where and why. */
export class DatabaseConnectionError extends Error {
  override name = "DatabaseConnectionError";
}

type PgliteQueryable = Pick<PGlite, "exec" | "query">;

function pgliteRaw(db: PgliteQueryable & Partial<Pick<PGlite, "transaction">>): RawSql {
  return {
    async exec(script) {
      await db.exec(script);
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async transaction(work) {
      if (!db.transaction) throw new Error("nested transactions are not supported");
      return db.transaction((tx) => work(pgliteRaw(tx)));
    },
  };
}

function clientRaw(client: pg.PoolClient): RawSql {
  return {
    async exec(script) {
      await client.query(script);
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as T[];
    },
    async transaction() {
      throw new Error("nested transactions are not supported");
    },
  };
}

function poolRaw(pool: pg.Pool): RawSql {
  return {
    async exec(script) {
      await pool.query(script);
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(clientRaw(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** The URL without its password, for messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

async function openPostgres(url: string): Promise<Database> {
  // Without a connection timeout the pool waits forever for a server that is not there.
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000, max: 10 });
  pool.on("error", () => undefined); // idle-client errors surface on the next query instead
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseConnectionError(
      `Cannot connect to PostgreSQL at ${redactDatabaseUrl(url)} (DATABASE_URL): ${(error as Error).message}`,
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: statementName }) });
  return {
    kind: "postgres",
    prisma,
    raw: poolRaw(pool),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir?: string, snapshot?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, loadDataDir: snapshot });
  } catch (error) {
    throw new DatabaseConnectionError(
      `Cannot open the embedded database in ${dataDir ?? "memory"}: ${(error as Error).message}`,
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: "pglite",
    prisma,
    raw: pgliteRaw(db),
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (in memory without one). */
export function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target.url) : openPglite(target.dataDir, target.snapshot);
}
