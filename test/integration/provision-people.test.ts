import { readFileSync } from "node:fs";
import { organisationChecksum, parseOrganisation } from "../../src/config/organisation";
import { importOrganisation } from "../../src/services/organisation-import";
import { provisionPeople } from "../../src/services/people/provision-people";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

const ORGANISATION = `${readFileSync("examples/org.yml", "utf8")}\nsources:\n  scim:\n    default_department: support\n`;

describe.each(databaseKinds)("provisioning people given at the same moment, on %s", (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await db.close();
  });

  it("imports them together once, and when one is refused, the others still go in", async () => {
    const before = await db.prisma.organisationImport.count();
    const settled = await Promise.allSettled([
      provisionPeople(db.prisma, [{ email: "hila@acme.example", values: { name: "Hila" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "oren@acme.example", values: { name: "Oren", department: "Legal" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "maya@acme.example", values: { name: "Maya", department: "stores" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "avi@acme.example", values: {}, active: false }]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({
      status: 400,
      message: 'SCIM user oren@acme.example: "Legal" is not a department of the organisation (known: billing, marketing, support, stores); oren@acme.example is left out',
    });
    const people = await db.prisma.employee.findMany({ where: { email: { in: ["hila@acme.example", "oren@acme.example", "maya@acme.example", "avi@acme.example"] } }, include: { department: true }, orderBy: { email: "asc" } });
    expect(people.map((p) => [p.email, p.department?.key, p.active])).toEqual([
      ["avi@acme.example", "stores", false],
      ["hila@acme.example", "support", true],
      ["maya@acme.example", "stores", true],
    ]);
    // The four came as one batch, refused for Oren, then each on its own: three imports.
    expect(await db.prisma.organisationImport.count()).toBe(before + 3);

    const together = await Promise.allSettled([
      provisionPeople(db.prisma, [{ email: "gal@acme.example", values: { name: "Gal" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "ido@acme.example", values: { name: "Ido", department: "billing" }, active: true }]),
    ]);
    expect(together.map((s) => s.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await db.prisma.organisationImport.count()).toBe(before + 4);
  });
});
