import { readFileSync } from "node:fs";
import { migrate } from "../../src/store/migrate";
import { migrationSql, SCHEMA_FILE } from "../../scripts/lib/prisma-diff";
import { catalogSnapshot } from "../helpers/catalog";
import { databaseKinds, emptyDatabase } from "../helpers/databases";

// The Prisma CLI takes several seconds to start.

describe("prisma/migrations and prisma/schema.prisma", () => {
  let schemaSql: string;
  beforeAll(async () => {
    schemaSql = await migrationSql(null, readFileSync(SCHEMA_FILE, "utf8"));
  });

  it.each(databaseKinds)("build exactly the same database on %s (no drift)", async (kind) => {
    const fromMigrations = await emptyDatabase(kind);
    const fromSchema = await emptyDatabase(kind);
    try {
      await migrate(fromMigrations.raw);
      await fromSchema.raw.exec(schemaSql);
      const expected = await catalogSnapshot(fromSchema.raw);
      expect(expected.length).toBeGreaterThan(100);
      expect(await catalogSnapshot(fromMigrations.raw)).toEqual(expected);
    } finally {
      await fromMigrations.close();
      await fromSchema.close();
    }
  });
});
