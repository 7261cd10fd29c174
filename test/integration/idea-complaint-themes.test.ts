/**
 * An idea's review card shows the complaints behind its theme: its department's phrases of the
 * last twelve weeks, said at least twice, that the idea's words cover; old complaints, other
 * departments' and phrases the idea does not speak to are left out.
 */
import { messageAsText } from "../../src/chat/plain-text";
import { loadOrganisationFile } from "../../src/config/organisation";
import { searchTermsOf } from "../../src/domain/similarity";
import { ideaCard } from "../../src/services/ideas/idea-messages";
import { loadIdeaViews } from "../../src/services/ideas/idea-queries";
import { importOrganisation } from "../../src/services/organisation-import";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

const NOW = new Date("2026-11-30T10:00:00Z");

describe.each(databaseKinds)("the complaints behind an idea's theme on %s", (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    await importOrganisation(db.prisma, file.organisation, { name: "examples/org.yml", checksum: file.checksum, text: file.text });
  }, DATABASE_START_TIMEOUT_MS);

  afterAll(async () => {
    await db?.close();
  });

  it("lists on the card the department's recurring themes the idea speaks to", async () => {
    const department = async (key: string) => (await db.prisma.department.findUniqueOrThrow({ where: { key } })).id;
    const billing = await department("billing");
    const marketing = await department("marketing");
    const complaint = (departmentId: number, at: string, themes: string[]) => db.prisma.complaint.create({ data: { receivedAt: new Date(at), departmentId, text: "…", themes } });
    for (const at of ["2026-11-02T10:00:00Z", "2026-11-10T10:00:00Z", "2026-11-20T10:00:00Z"]) await complaint(billing, at, ["double charge", "charge"]);
    await complaint(billing, "2026-11-21T10:00:00Z", ["late refund"]);
    await complaint(billing, "2026-11-22T10:00:00Z", ["late refund"]);
    // Thirteen weeks back and another department's: not behind this idea.
    await complaint(billing, "2026-08-20T10:00:00Z", ["double charge"]);
    await complaint(marketing, "2026-11-20T10:00:00Z", ["double charge"]);
    await complaint(marketing, "2026-11-21T10:00:00Z", ["double charge"]);
    const proposer = await db.prisma.employee.findUniqueOrThrow({ where: { email: "moshe@acme.example" } });
    const title = "Stop the double charge at checkout";
    const idea = await db.prisma.idea.create({ data: { title, departmentId: billing, proposerId: proposer.id, searchTerms: searchTermsOf(title) } });

    const view = (await loadIdeaViews(db.prisma, [idea.id], NOW)).get(idea.id)!;
    expect(view.themes).toEqual([
      { theme: "double charge", count: 3 },
    ]);
    const text = messageAsText(ideaCard(view, "en", "Asia/Jerusalem")).replace(/[\u2066-\u2069]/g, "");
    expect(text).toContain("Complaints about this in the last 12 weeks: double charge (3)");
  });
});
