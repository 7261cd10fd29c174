import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate, readMigrations, MIGRATIONS_DIR, MigrationError } from "../../src/store/migrate";
import { databaseKinds, emptyDatabase, type TestDatabase } from "../helpers/databases";

describe.each(databaseKinds)("migrations on %s", (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await emptyDatabase(kind);
  });
  afterEach(async () => {
    await db.close();
  });

  it("applies every migration once and records it as Prisma does", async () => {
    const local = readMigrations();
    expect(local.length).toBeGreaterThan(0);
    expect(await migrate(db.raw)).toEqual(local.map((m) => m.name));
    expect(await migrate(db.raw)).toEqual([]);
    const rows = await db.raw.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(local.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    // The schema is usable through Prisma.
    const department = await db.prisma.department.create({ data: { key: "billing", name: "Billing" } });
    expect(department.id).toBeGreaterThan(0);
  });

  it("stops with a clear message when an applied migration was changed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    await migrate(db.raw, readMigrations(dir));
    const [first] = readMigrations(dir);
    writeFileSync(path.join(dir, first!.name, "migration.sql"), `${first!.script}\n-- edited\n`);
    await expect(migrate(db.raw, readMigrations(dir))).rejects.toThrow(MigrationError);
    await expect(migrate(db.raw, readMigrations(dir))).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls back a failing migration completely", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "20990101000000_broken"));
    writeFileSync(
      path.join(dir, "20990101000000_broken", "migration.sql"),
      `CREATE TABLE half_written (id int);\nSELECT * FROM no_such_table;`,
    );
    await expect(migrate(db.raw, readMigrations(dir))).rejects.toThrow(/20990101000000_broken failed/);
    const tables = await db.raw.query(`SELECT 1 FROM pg_tables WHERE tablename = 'half_written'`);
    expect(tables).toHaveLength(0);
  });

  it("applies each migration once when several replicas start together", async () => {
    const results = await Promise.all([migrate(db.raw), migrate(db.raw), migrate(db.raw)]);
    const names = readMigrations().map((m) => m.name);
    // Which replica applied which depends on who got the lock first; each was applied once, in order.
    expect(results.flat().sort()).toEqual(names);
    const applied = await db.raw.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY finished_at`);
    expect(applied.map((row) => row.migration_name)).toEqual(names);
  });
});
