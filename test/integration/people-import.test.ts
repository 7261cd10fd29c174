import { readFileSync } from "node:fs";
import { organisationChecksum, parseOrganisation } from "../../src/config/organisation";
import { importOrganisation, storedOrganisation } from "../../src/services/organisation-import";
import { importPeople, type PeopleImportOptions } from "../../src/services/people/import-people";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

/** A BambooHR-style export: its own column names, departments by name or key in any case. */
const EXPORT = [
  `"Work Email","Full Name","Department","Manager Email","Hire Date","FTE"`,
  `dana@acme.example,דנה לוי,חשבונות,,2019-03-10,100%`,
  `MOSHE@acme.example,משה כהן,billing,rivka@acme.example,,0.8`,
  `lior@acme.example,"Lior Ben-David",Marketing,noa@acme.example,2026-11-29,50 %`,
  `not-an-email,Someone,billing,,,`,
  `ruth@acme.example,Ruth Katz,Legal,,,`,
  `sara@acme.example,שרה לוי,stores,boss@elsewhere.example,2026-11-01,1`,
  `ahmad@acme.example,אחמד חורי,stores,,18/10/2026,1`,
].join("\r\n");

const MAPPING = { email: "Work Email", name: "Full Name", department: "Department", manager: "Manager Email", start_date: "Hire Date", fte: "FTE" };

describe.each(databaseKinds)("people from an HR export on %s", (kind) => {
  let db: TestDatabase;
  const text = readFileSync("examples/org.yml", "utf8");

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, parseOrganisation(text, "examples/org.yml"), { name: "examples/org.yml", checksum: organisationChecksum(text), text });
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await db.close();
  });

  const run = (csv: string | AsyncIterable<string>, options: Partial<PeopleImportOptions> = {}) =>
    importPeople(db.prisma, typeof csv === "string" ? [csv] : csv, { fileName: "people.csv", mapping: MAPPING, dryRun: false, removeMissing: false, ...options });
  const person = (email: string) => db.prisma.employee.findUniqueOrThrow({ where: { email }, include: { department: true } });
  const managersOf = async (key: string) =>
    (await db.prisma.departmentManager.findMany({ where: { department: { key } }, include: { employee: true } })).map((m) => m.employee.email).sort();

  it("adds and updates people, names each refused row by its line, and keeps the good rows", async () => {
    const result = await run(EXPORT);
    expect(result.exitCode).toBe(1);
    expect(result.output.split("\n")).toEqual([
      "people.csv: 2 new, 1 updated, 1 unchanged, 0 gone; 4 problem(s).",
      'line 5: "not-an-email" is not an email address',
      'line 8: start date "18/10/2026" is not a date written YYYY-MM-DD',
      'line 6: "Legal" is not a department of the organisation (known: billing, marketing, support, stores); ruth@acme.example is left out',
      "line 7: the manager boss@elsewhere.example is not an employee, so is not made a manager of stores",
      "Imported: the running server takes it up within seconds.",
    ]);
    expect(await person("lior@acme.example")).toMatchObject({ name: "Lior Ben-David", fte: 0.5, startDate: new Date("2026-11-29"), active: true, department: { key: "marketing" } });
    expect(await person("sara@acme.example")).toMatchObject({ name: "שרה לוי", fte: 1, department: { key: "stores" } });
    expect(await person("moshe@acme.example")).toMatchObject({ fte: 0.8, slackUserId: "U0MOSHE" });
    expect(await person("ahmad@acme.example")).toMatchObject({ startDate: new Date("2026-10-18") });
    expect(await db.prisma.employee.count({ where: { email: "ruth@acme.example" } })).toBe(0);
    expect(await managersOf("billing")).toEqual(["dana@acme.example", "rivka@acme.example"]);
    expect(await managersOf("marketing")).toEqual(["noa@acme.example", "yossi@acme.example"]);

    // The organisation in force is the file with the export merged in: comments and the file's own fields kept.
    const stored = (await storedOrganisation(db.prisma))!;
    expect(stored.source).toBe("hr export people.csv");
    expect(stored.text).toContain("  - email: dana@acme.example # required: unique, the person's identity in the bot\n");
    expect(stored.text).toContain("    slack_id: U0MOSHE\n    fte: 0.8 # a part-timer: half the support-line share\n");
    expect(stored.text).toContain("    managers: [ dana@acme.example, rivka@acme.example ]");
    expect(stored.text).toContain("  - email: lior@acme.example\n    name: Lior Ben-David\n    department: marketing\n    start_date: 2026-11-29\n    fte: 0.5\n");
  });

  it("changes nothing the second time, and nothing at all in a dry run", async () => {
    await run(EXPORT);
    const imports = await db.prisma.organisationImport.count();
    const again = await run(EXPORT);
    expect(again.output.split("\n").slice(0, 1)).toEqual(["people.csv: 0 new, 0 updated, 4 unchanged, 0 gone; 4 problem(s)."]);
    expect(again.output).toContain("Nothing to change.");
    expect(await db.prisma.organisationImport.count()).toBe(imports);

    const dry = await run(`Work Email,Full Name,Department,FTE\r\nmoshe@acme.example,משה כהן,billing,0.6\r\nnew@acme.example,New Person,support,1`, { dryRun: true });
    expect(dry).toEqual({
      exitCode: 0,
      output: [
        "people.csv: 1 new, 1 updated, 0 unchanged, 0 gone; 0 problem(s).",
        "~ moshe@acme.example: fte 0.8 → 0.6",
        "+ new@acme.example: New Person, support",
        "Dry run: nothing was imported.",
      ].join("\n"),
      problems: [],
    });
    expect(await person("moshe@acme.example")).toMatchObject({ fte: 0.8 });
    expect(await db.prisma.employee.count({ where: { email: "new@acme.example" } })).toBe(0);
    expect(await db.prisma.organisationImport.count()).toBe(imports);
  });

  it("deactivates whoever a complete export no longer lists, keeping their history, but never while a row was refused", async () => {
    const everyoneBut = ["dana", "moshe", "rivka", "yossi", "noa", "daniel", "michal", "omer", "shira", "avi", "tamar"];
    const header = "Work Email,Full Name,Department";
    const rows = everyoneBut.map((name) => `${name}@acme.example,${name},${name === "avi" || name === "tamar" ? "stores" : "billing"}`);
    const refused = await run([header, ...rows, "broken-row,X,billing"].join("\n"), { removeMissing: true });
    expect(refused.output).toContain("1 record(s) were refused, so nobody is taken for gone this time: correct them and import again");
    expect(await person("ahmad@acme.example")).toMatchObject({ active: true });

    const complete = await run([header, ...rows].join("\n"), { removeMissing: true });
    expect(complete.output.split("\n")[0]).toBe("people.csv: 0 new, 0 updated, 11 unchanged, 1 gone; 0 problem(s).");
    const ahmad = await person("ahmad@acme.example");
    expect(ahmad).toMatchObject({ active: false });
    expect(ahmad.deactivatedAt).not.toBeNull();
  });

  it("takes whoever a complete export no longer lists out of the managers and the curators, and nobody else", async () => {
    const listed = ["dana", "moshe", "rivka", "yossi", "daniel", "omer", "shira", "avi", "tamar", "ahmad"];
    const result = await run(["Work Email,Full Name,Department", ...listed.map((name) => `${name}@acme.example,${name},stores`)].join("\n"), { removeMissing: true });
    expect(result.exitCode).toBe(0);
    expect(result.output.split("\n")[0]).toBe("people.csv: 0 new, 10 updated, 0 unchanged, 2 gone; 0 problem(s).");
    expect(result.output).not.toContain("manages it");
    expect(await person("noa@acme.example")).toMatchObject({ active: false });
    expect(await person("michal@acme.example")).toMatchObject({ active: false });
    expect(await person("yossi@acme.example")).toMatchObject({ active: true, name: "yossi", department: { key: "stores" } });
    expect(await managersOf("billing")).toEqual(["dana@acme.example"]);
    expect(await managersOf("marketing")).toEqual(["yossi@acme.example"]);
    expect(await managersOf("support")).toEqual([]);
    expect(await managersOf("stores")).toEqual(["avi@acme.example"]);
    const stored = (await storedOrganisation(db.prisma))!;
    expect(stored.organisation.stories.curators).toEqual(["yossi@acme.example"]);
    expect(stored.organisation.employees.map((e) => e.email)).toEqual(listed.map((name) => `${name}@acme.example`));
  });

  it("merges into the organisation imported while the export was being read", async () => {
    const edited = text.replace("name: Daniel Green", "name: Daniel Greenberg");
    async function* arrivingSlowly() {
      yield "Work Email,Full Name,Department,FTE\n";
      await importOrganisation(db.prisma, parseOrganisation(edited, "edited.yml"), { name: "edited.yml", checksum: organisationChecksum(edited), text: edited });
      yield "moshe@acme.example,משה כהן,billing,0.8\n";
    }
    const result = await run(arrivingSlowly());
    expect(result.output.split("\n")).toEqual(["people.csv: 0 new, 1 updated, 0 unchanged, 0 gone; 0 problem(s).", "Imported: the running server takes it up within seconds."]);
    expect(await person("moshe@acme.example")).toMatchObject({ fte: 0.8 });
    expect(await person("daniel@acme.example")).toMatchObject({ name: "Daniel Greenberg" });
    expect((await storedOrganisation(db.prisma))!.source).toBe("hr export people.csv");
  });

  it("refuses to write a document built on an import that another has since replaced", async () => {
    const base = (await storedOrganisation(db.prisma))!;
    const edited = text.replace("name: Daniel Green", "name: Daniel Greenberg");
    await importOrganisation(db.prisma, parseOrganisation(edited, "edited.yml"), { name: "edited.yml", checksum: organisationChecksum(edited), text: edited });
    const stale = text.replace("fte: 0.5 ", "fte: 0.7 ");
    await expect(
      importOrganisation(db.prisma, parseOrganisation(stale, "stale.yml"), { name: "stale.yml", checksum: organisationChecksum(stale), text: stale, basedOnImport: base.id }),
    ).rejects.toThrow("The organisation was imported again meanwhile: nothing was changed; run the command again");
    expect(await person("daniel@acme.example")).toMatchObject({ name: "Daniel Greenberg" });
    expect(await person("moshe@acme.example")).toMatchObject({ fte: 0.5 });
  });

  it("asks for the organisation first, and for the columns it cannot find", async () => {
    await db.prisma.organisationImport.deleteMany();
    expect(await run(EXPORT)).toEqual({ exitCode: 1, output: "No organisation has been imported yet: its departments come first, with `npm run cli -- org import <file>`." });
    await importOrganisation(db.prisma, parseOrganisation(text, "examples/org.yml"), { name: "examples/org.yml", checksum: organisationChecksum(text), text });
    expect((await run("Email,Name\r\na@acme.example,A")).output).toBe(
      'people.csv: The header has no column "Work Email" (email), "Full Name" (name), "Department" (department); name it with --map, for example --map email="Work Email"',
    );
  });
});
