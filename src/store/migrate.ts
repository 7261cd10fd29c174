import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RawSql } from "./database";

/**
 * Applies `prisma/migrations/<name>/migration.sql` the way `prisma migrate deploy` does,
 * because Prisma 7's migration engine cannot run offline. The bookkeeping table, the
 * checksums and the advisory lock key are Prisma's own, so either tool can take over.
 */

export const MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");

/** The advisory lock key Prisma Migrate uses, so our runner and Prisma exclude each other. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface LocalMigration {
  name: string;
  script: string;
  checksum: string;
}

interface AppliedMigration extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): LocalMigration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, "migration.sql"));
      return {
        name,
        script: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    });
}

const CREATE_BOOKKEEPING_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

async function appliedMigrations(tx: RawSql): Promise<Map<string, AppliedMigration>> {
  const rows = await tx.query<AppliedMigration>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

function checkApplied(local: LocalMigration, applied: AppliedMigration): void {
  if (applied.finished_at === null) {
    throw new MigrationError(
      `Migration ${local.name} started earlier but never finished. Inspect the database, then mark it ` +
        `rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${local.name}') and start again.`,
    );
  }
  if (applied.checksum !== local.checksum) {
    throw new MigrationError(
      `Migration ${local.name} was changed after it was applied to this database ` +
        `(prisma/migrations/${local.name}/migration.sql). Restore the file as it was and put the change ` +
        `in a new migration (npm run db:migration:new -- <name>).`,
    );
  }
}

/**
 * Applies every pending migration, each in its own transaction holding Prisma's advisory
 * lock, so several replicas starting together apply each migration once. Returns the names
 * applied now.
 */
export async function migrate(raw: RawSql, migrations: LocalMigration[] = readMigrations()): Promise<string[]> {
  const appliedNow: string[] = [];
  for (const migration of migrations) {
    const done = await raw.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
      await tx.exec(CREATE_BOOKKEEPING_TABLE);
      const applied = (await appliedMigrations(tx)).get(migration.name);
      if (applied) {
        checkApplied(migration, applied);
        return false;
      }
      const id = randomUUID();
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      try {
        await tx.exec(migration.script);
      } catch (error) {
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      await tx.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      return true;
    });
    if (done) appliedNow.push(migration.name);
  }
  return appliedNow;
}
