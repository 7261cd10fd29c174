import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Offline schema diffs with the Prisma 6.19 CLI (installed as `prisma6`), whose WASM schema
 * engine needs no download, unlike Prisma 7's (see README.md, Development).
 */

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
export const SCHEMA_FILE = path.join(root, "prisma/schema.prisma");
export const MIGRATIONS_FOLDER = path.join(root, "prisma/migrations");
const cli = path.join(root, "node_modules/prisma6/build/index.js");
const config = path.join(root, "prisma/diff.config.ts");

/** Prisma 6 insists on a datasource URL; it is never used, since the adapter stands in. */
function withUnusedUrl(schema: string): string {
  if (/datasource\s+\w+\s*\{[^}]*\burl\s*=/.test(schema)) return schema;
  return schema.replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*"postgresql")/, `$1\n  url = "postgresql://unused"`);
}

function scratchFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "prisma-diff-")), name);
  writeFileSync(file, text);
  return file;
}

async function prisma6(args: string[], env: Record<string, string> = {}): Promise<string> {
  const placeholder = path.join(root, "package.json"); // any existing file stops engine downloads
  const { stdout } = await run(process.execPath, [cli, ...args, "--config", config], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
      PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      ...env,
    },
  });
  return stdout;
}

/** The datamodel that the migrations in `folder` produce, read back from a database. */
export async function datamodelOfMigrations(folder: string = MIGRATIONS_FOLDER): Promise<string> {
  // A schema with no models, so the result is pure introspection.
  const schema = scratchFile("schema.prisma", withUnusedUrl(`datasource db {\n  provider = "postgresql"\n}\n`));
  const printed = await prisma6(["db", "pull", "--print", "--schema", schema], {
    PRISMA_DIFF_APPLY_MIGRATIONS: folder,
    PRISMA_DIFF_SCHEMA: schema,
  });
  // The CLI prints a warning about the unused URL on stdout before the datamodel.
  return printed.slice(Math.max(0, printed.search(/^datasource /m)));
}

/** SQL that takes a database from datamodel `from` (empty when null) to datamodel `to`. */
export async function migrationSql(from: string | null, to: string): Promise<string> {
  const toFile = scratchFile("to.prisma", withUnusedUrl(to));
  const fromArgs = from === null ? ["--from-empty"] : ["--from-schema-datamodel", scratchFile("from.prisma", withUnusedUrl(from))];
  return prisma6(["migrate", "diff", ...fromArgs, "--to-schema-datamodel", toFile, "--script"], {
    PRISMA_DIFF_SCHEMA: toFile,
  });
}

export function isEmptyMigration(sql: string): boolean {
  return sql.trim() === "" || /^-- This is an empty migration\.?$/m.test(sql.trim());
}
