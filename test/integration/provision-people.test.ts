import { readFileSync } from "node:fs";
import { organisationChecksum, parseOrganisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { importOrganisation, OrganisationChangedError, storedOrganisation } from "../../src/services/organisation-import";
import { LiveOrganisation } from "../../src/services/organisation-live";
import { compactChanges, provisionPeople } from "../../src/services/people/provision-people";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

const ORGANISATION = `${readFileSync("examples/org.yml", "utf8")}\nsources:\n  scim:\n    default_department: support\n`;

describe.each(databaseKinds)("people provisioned over SCIM, written change by change, on %s", (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await db.close();
  });

  const replica = async () => {
    const live = new LiveOrganisation(db.prisma, createLogger("silent"));
    await live.refresh("start-up");
    return live;
  };
  const changes = async () => (await db.prisma.peopleChange.findMany({ orderBy: { id: "asc" } })).map((c) => [c.email, c.kind, c.values, c.managerEmail, c.managerOf]);
  const person = (email: string) => db.prisma.employee.findUniqueOrThrow({ where: { email }, include: { department: true, managerOf: { include: { department: true } } } });

  it("writes each request's people alone, importing nothing, and every replica takes the changes up", async () => {
    const first = await replica();
    const second = await replica();
    const imports = await db.prisma.organisationImport.count();
    const settled = await Promise.allSettled([
      provisionPeople(db.prisma, [{ email: "hila@acme.example", values: { name: "Hila" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "oren@acme.example", values: { name: "Oren", department: "Legal" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "maya@acme.example", values: { name: "Maya", department: "חנויות", timezone: "europe/london", locale: "en" }, active: true }]),
      provisionPeople(db.prisma, [{ email: "michal@acme.example", values: {}, active: false }]),
      provisionPeople(db.prisma, [{ email: "Dana@acme.example", values: { name: "Dana Levi", department: "marketing", locale: "he", timezone: "Asia/Jerusalem" }, active: true }]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      message: 'SCIM user oren@acme.example: "Legal" is not a department of the organisation (known: billing, marketing, support, stores); oren@acme.example is left out',
    });
    expect(await db.prisma.organisationImport.count()).toBe(imports);
    // Dana's language and zone are the company's: only her name and department are written.
    expect((await changes()).sort()).toEqual([
      ["dana@acme.example", "set", { name: "Dana Levi", department: "marketing" }, null, null],
      ["hila@acme.example", "hire", { name: "Hila", department: "support" }, null, null],
      ["maya@acme.example", "hire", { name: "Maya", department: "stores", timezone: "Europe/London", locale: "en" }, null, null],
      ["michal@acme.example", "leave", {}, null, null],
    ]);
    expect(await person("hila@acme.example")).toMatchObject({ name: "Hila", active: true, timezone: "Asia/Jerusalem", locale: null, fte: 1, department: { key: "support" } });
    expect(await person("maya@acme.example")).toMatchObject({ timezone: "Europe/London", locale: "en", department: { key: "stores" } });
    expect(await person("michal@acme.example")).toMatchObject({ active: false, managerOf: [] });
    expect(await person("dana@acme.example")).toMatchObject({ name: "Dana Levi", isAdmin: true, department: { key: "marketing" } });

    // The document as `org export` prints it, and as both replicas hold it without parsing it again.
    const stored = (await storedOrganisation(db.prisma))!;
    expect(stored.text).toContain("  - email: hila@acme.example\n    name: Hila\n    department: support\n");
    expect(stored.text).toContain("  - email: maya@acme.example\n    name: Maya\n    department: stores\n    timezone: Europe/London\n    locale: en\n");
    expect(stored.text).not.toContain("michal@acme.example");
    for (const live of [first, second]) {
      expect(await live.refresh("provisioned over SCIM")).toBe(true);
      const organisation = live.organisation()!;
      expect(organisation.employees.find((e) => e.email === "hila@acme.example")).toEqual({
        email: "hila@acme.example",
        name: "Hila",
        department: "support",
        timezone: "Asia/Jerusalem",
        fte: 1,
        isAdmin: false,
        languages: [],
        skills: [],
      });
      expect(organisation.employees.find((e) => e.email === "dana@acme.example")).toMatchObject({ name: "Dana Levi", department: "marketing", isAdmin: true });
      expect(organisation.employees.map((e) => e.email)).not.toContain("michal@acme.example");
      expect(organisation.departments.find((d) => d.key === "support")!.managers).toEqual([]);
      expect(organisation.stories.curators).toEqual(["yossi@acme.example"]);
      expect(organisation.employees).toEqual(stored.organisation.employees);
      expect(organisation.departments).toEqual(stored.organisation.departments);
    }

    // Michal comes back: as anyone new, in the default department, no longer a manager or curator.
    await provisionPeople(db.prisma, [{ email: "michal@acme.example", values: { name: "Michal Biton" }, active: true }]);
    expect(await person("michal@acme.example")).toMatchObject({ active: true, deactivatedAt: null, name: "Michal Biton", isAdmin: false, department: { key: "support" }, managerOf: [] });
    await first.refresh("provisioned over SCIM");
    const back = (await storedOrganisation(db.prisma))!;
    expect(back.text).toContain("  - email: michal@acme.example\n    name: Michal Biton\n    department: support\n");
    expect(first.organisation()!.employees.find((e) => e.email === "michal@acme.example")).toMatchObject({ name: "Michal Biton", department: "support", isAdmin: false });
    expect(first.organisation()!.employees).toEqual(back.organisation.employees);
    expect(first.organisation()!.stories.curators).toEqual(["yossi@acme.example"]);
  });

  it("keeps the identity provider's id and manager, and makes the manager a manager of the person's department", async () => {
    const live = await replica();
    const dana = await person("dana@acme.example");
    await provisionPeople(db.prisma, [{ email: "ido@acme.example", values: { name: "Ido", department: "stores" }, active: true, externalId: "00u1ido", managerId: dana.id }]);
    expect(await person("ido@acme.example")).toMatchObject({ scimExternalId: "00u1ido", scimManagerId: dana.id, department: { key: "stores" } });
    expect((await person("dana@acme.example")).managerOf.map((m) => m.department.key).sort()).toEqual(["billing", "stores"]);
    expect(await changes()).toEqual([["ido@acme.example", "hire", { name: "Ido", department: "stores" }, "dana@acme.example", "stores"]]);
    await live.refresh("provisioned over SCIM");
    expect(live.organisation()!.departments.find((d) => d.key === "stores")!.managers).toEqual(["avi@acme.example", "dana@acme.example"]);
    expect((await storedOrganisation(db.prisma))!.organisation.departments.find((d) => d.key === "stores")!.managers).toEqual(["avi@acme.example", "dana@acme.example"]);

    // The same manager sent again (an identity provider's full PUT) writes nothing new.
    await provisionPeople(db.prisma, [{ email: "ido@acme.example", values: { name: "Ido" }, active: true, externalId: "00u1ido", managerId: dana.id }]);
    expect(await db.prisma.peopleChange.count()).toBe(1);
  });

  it("refuses an unknown manager, a taken externalId or a bad time zone, writing nothing of the request", async () => {
    const imports = await db.prisma.organisationImport.count();
    await provisionPeople(db.prisma, [{ email: "ido@acme.example", values: { name: "Ido" }, active: true, externalId: "00u1ido" }]);
    const refusals = [
      [{ email: "gal@acme.example", values: { name: "Gal" }, active: true }, { email: "lior@acme.example", values: { name: "Lior" }, active: true, managerId: 999_999 }],
      [{ email: "gal@acme.example", values: { name: "Gal" }, active: true, externalId: "00u1ido" }],
      [{ email: "gal@acme.example", values: { name: "Gal", timezone: "Mars/Olympus" }, active: true }],
    ];
    const reasons = await Promise.all(refusals.map((changes) => provisionPeople(db.prisma, changes).then(() => undefined, (error: unknown) => error)));
    expect(reasons.map((r) => [(r as { status: number }).status, (r as { scimType: string }).scimType, (r as Error).message])).toEqual([
      [400, "invalidValue", "SCIM user lior@acme.example: the manager 999999 is not an employee"],
      [409, "uniqueness", 'externalId "00u1ido" is already ido@acme.example\'s'],
      [400, "invalidValue", 'SCIM user gal@acme.example: timezone "Mars/Olympus" is not an IANA time zone such as Asia/Jerusalem'],
    ]);
    expect(await db.prisma.employee.count({ where: { email: { in: ["gal@acme.example", "lior@acme.example"] } } })).toBe(0);
    expect(await db.prisma.peopleChange.count()).toBe(1);
    expect(await db.prisma.organisationImport.count()).toBe(imports);
  });

  it("lets a source's import take the changes in, refuses one built before a change, and a file import undoes them", async () => {
    await provisionPeople(db.prisma, [{ email: "hila@acme.example", values: { name: "Hila" }, active: true }]);
    const stored = (await storedOrganisation(db.prisma))!;
    await provisionPeople(db.prisma, [{ email: "maya@acme.example", values: { name: "Maya" }, active: true }]);
    // Built from the document before Maya's change: it would undo her, so it is refused.
    const stale = { name: "people.csv", checksum: stored.checksum, text: stored.text, basedOnImport: stored.id, basedOnChange: stored.lastChange };
    await expect(importOrganisation(db.prisma, stored.organisation, stale)).rejects.toThrow(OrganisationChangedError);

    const current = (await storedOrganisation(db.prisma))!;
    await importOrganisation(db.prisma, current.organisation, { ...stale, checksum: current.checksum, text: current.text, basedOnChange: current.lastChange });
    const after = (await storedOrganisation(db.prisma))!;
    expect([after.source, after.lastChange, after.text]).toEqual(["people.csv", null, current.text]);
    expect(await person("maya@acme.example")).toMatchObject({ active: true, department: { key: "support" } });

    // The organisation file again: configuration as code, what the sources brought is undone.
    await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
    expect((await person("maya@acme.example")).active).toBe(false);
    expect((await storedOrganisation(db.prisma))!.text).toBe(ORGANISATION);
    // The same file once more after a change: not "unchanged", since the change would stay.
    await provisionPeople(db.prisma, [{ email: "maya@acme.example", values: { name: "Maya" }, active: true }]);
    const again = await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
    expect([again.unchanged, again.employees.deactivated]).toEqual([false, 1]);
    expect((await storedOrganisation(db.prisma))!.lastChange).toBeNull();
  });

  it("folds the changes into an import of their own, every person's row as it was", async () => {
    expect(await provisionPeople(db.prisma, [{ email: "hila@acme.example", values: { name: "Hila" }, active: true }])).toBe(1);
    expect(await provisionPeople(db.prisma, [{ email: "maya@acme.example", values: { name: "Maya", department: "stores", timezone: "Europe/London" }, active: true }])).toBe(2);
    expect(await provisionPeople(db.prisma, [{ email: "michal@acme.example", values: {}, active: false }])).toBe(3);
    expect(await provisionPeople(db.prisma, [{ email: "dana@acme.example", values: { department: "support" }, active: true, managerId: (await person("omer@acme.example")).id }])).toBe(4);
    const rows = async () =>
      (await db.prisma.employee.findMany({ orderBy: { email: "asc" }, include: { department: true, managerOf: { include: { department: true } } } })).map((e) => [
        e.email,
        e.name,
        e.department?.key,
        e.slackUserId,
        e.teamsUserId,
        e.timezone,
        e.locale,
        e.fte,
        e.isAdmin,
        e.active,
        e.managerOf.map((m) => m.department.key).sort(),
      ]);
    const before = (await storedOrganisation(db.prisma))!;
    const rowsBefore = await rows();
    expect(await compactChanges(db.prisma)).toBe(true);
    const after = (await storedOrganisation(db.prisma))!;
    expect([after.source, after.lastChange, after.text]).toEqual(["SCIM provisioning", null, before.text]);
    expect(await rows()).toEqual(rowsBefore);
    expect(rowsBefore.find((r) => r[0] === "omer@acme.example")![10]).toEqual(["support"]);
    expect(rowsBefore.find((r) => r[0] === "michal@acme.example")!.slice(3, 5)).toEqual([null, null]);
    expect(await compactChanges(db.prisma)).toBe(false);
    expect(await provisionPeople(db.prisma, [{ email: "gal@acme.example", values: { name: "Gal" }, active: true }])).toBe(1);
  });
});
