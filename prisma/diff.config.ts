// Configuration for the Prisma 6.19 CLI, which scripts/lib/prisma-diff.ts uses offline:
// its WASM schema engine diffs datamodels and introspects a database through a driver
// adapter, with no download. The adapter is an in-memory PGlite database; when
// PRISMA_DIFF_APPLY_MIGRATIONS names a migrations folder, those migrations are applied to it
// first, so `db pull` prints the datamodel the migrations produce.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma6/config";

async function database(): Promise<PGlite> {
  const db = new PGlite();
  // The CLI exits without closing the adapter, and PGlite's runtime then reports exit
  // status 99 although the command succeeded; any other status is left alone.
  process.on("exit", (code) => {
    if (code === 99) process.exitCode = 0;
  });
  const dir = process.env.PRISMA_DIFF_APPLY_MIGRATIONS;
  if (dir) {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name, "migration.sql");
      try {
        await db.exec(readFileSync(file, "utf8"));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      }
    }
  }
  return db;
}

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: process.env.PRISMA_DIFF_SCHEMA ?? "schema.prisma",
  adapter: async () => new PrismaPGlite(await database()) as never,
});
