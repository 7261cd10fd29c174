// Writes the next migration from the difference between what the existing migrations build
// and prisma/schema.prisma, offline. Usage: npm run db:migration:new -- <name>
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { datamodelOfMigrations, isEmptyMigration, MIGRATIONS_FOLDER, migrationSql, SCHEMA_FILE } from "./lib/prisma-diff";

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration:new -- <name>   (lower case letters, digits and _)");
    process.exit(2);
  }
  const hasMigrations =
    existsSync(MIGRATIONS_FOLDER) && readdirSync(MIGRATIONS_FOLDER).some((d) => existsSync(path.join(MIGRATIONS_FOLDER, d, "migration.sql")));
  const current = hasMigrations ? await datamodelOfMigrations() : null;
  const sql = await migrationSql(current, readFileSync(SCHEMA_FILE, "utf8"));
  if (isEmptyMigration(sql)) {
    console.log("prisma/schema.prisma matches the migrations: nothing to write.");
    return;
  }
  const folder = path.join(MIGRATIONS_FOLDER, `${timestamp(new Date())}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), sql);
  console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql — read it before you commit it.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
