import { readFileSync } from "node:fs";
import { parseOrganisation } from "../../src/config/organisation";
import { importOrganisation, storedOrganisation } from "../../src/services/organisation-import";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma } from "../helpers/service-deps";

/** Replicas started together on an empty database each import the organisation file. */
describe.each(databaseKinds)("organisation import on %s", (kind) => {
  let db: TestDatabase | undefined;
  const opened: Database[] = [];

  beforeEach(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    for (const other of opened.splice(0)) await other.close();
    await db?.close();
  });

  it("lets three replicas import at the same moment: one creates, the others find it unchanged", async () => {
    const organisation = parseOrganisation(readFileSync("examples/org.yml", "utf8"), "examples/org.yml");
    const clients = [db!.prisma, await replicaPrisma(kind, db!, opened), await replicaPrisma(kind, db!, opened)];
    const summaries = await Promise.all(clients.map((prisma) => importOrganisation(prisma, organisation, { name: "examples/org.yml", checksum: "same-file" })));
    const created = summaries.filter((s) => !s.unchanged);
    expect(created).toEqual([
      { departments: { created: 4, updated: 0, deactivated: 0 }, employees: { created: 12, updated: 0, deactivated: 0 }, unchanged: false },
    ]);
    expect(summaries.filter((s) => s.unchanged)).toHaveLength(2);
    expect(await db!.prisma.department.count()).toBe(4);
    expect(await db!.prisma.employee.count()).toBe(12);
  });
});

/** The database is the organisation's home: a server or CLI without ORG_FILE reads it back. */
describe.each(databaseKinds)("stored organisation on %s", (kind) => {
  let db: TestDatabase | undefined;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await db?.close();
  });

  it("has nothing before the first import", async () => {
    expect(await storedOrganisation(db!.prisma)).toBeUndefined();
  });

  it("gives back every setting of the last import, parsed from the text it kept", async () => {
    const text = readFileSync("examples/org.yml", "utf8");
    const organisation = parseOrganisation(text, "examples/org.yml");
    await importOrganisation(db!.prisma, organisation, { name: "examples/org.yml", checksum: "first", text });
    const stored = await storedOrganisation(db!.prisma);
    expect(stored?.text).toBe(text);
    expect(stored?.checksum).toBe("first");
    expect(stored?.source).toBe("examples/org.yml");
    expect(stored?.organisation).toEqual(organisation);
  });

  it("redoes an unchanged import once when the earlier one kept no text", async () => {
    const text = readFileSync("examples/org.yml", "utf8");
    const organisation = parseOrganisation(text, "examples/org.yml");
    await importOrganisation(db!.prisma, organisation, { name: "examples/org.yml", checksum: "same" });
    const again = await importOrganisation(db!.prisma, organisation, { name: "examples/org.yml", checksum: "same", text });
    expect(again).toEqual({
      departments: { created: 0, updated: 4, deactivated: 0 },
      employees: { created: 0, updated: 12, deactivated: 0 },
      unchanged: false,
    });
    const third = await importOrganisation(db!.prisma, organisation, { name: "examples/org.yml", checksum: "same", text });
    expect(third.unchanged).toBe(true);
    expect((await storedOrganisation(db!.prisma))?.text).toBe(text);
  });
});
