// Configuration for the Prisma 6.19 CLI, used only for `migrate diff` between two
// datamodels: its WASM schema engine works offline (see DESIGN.md). The CLI insists on a
// driver adapter to choose that engine, so it gets a throwaway in-memory PGlite database.
import { defineConfig } from "prisma6/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "schema.prisma",
  adapter: async () => new PrismaPGlite(new PGlite()) as never,
});
