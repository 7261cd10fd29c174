/**
 * `/idea <text>` checks for similar ideas and records the idea in one statement when no open
 * idea shares a term with it: the request key, the idea, its first event and its review post
 * all at once, or, when an open idea shares a term, nothing at all and the candidates back.
 */
import { loadOrganisationFile } from "../../src/config/organisation";
import { searchTermsOf } from "../../src/domain/similarity";
import { importOrganisation } from "../../src/services/organisation-import";
import { recordSubmittedIdea, recordUnlessTermsShared, type NewIdea } from "../../src/store/idea-submissions";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

describe.each(databaseKinds)("recording /idea in one round trip on %s", (kind) => {
  let db: TestDatabase;
  let proposerId: number;
  let billingId: number;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    await importOrganisation(db.prisma, file.organisation, { name: "examples/org.yml", checksum: file.checksum, text: file.text });
    const proposer = await db.prisma.employee.findUniqueOrThrow({ where: { email: "moshe@acme.example" } });
    proposerId = proposer.id;
    billingId = (await db.prisma.department.findUniqueOrThrow({ where: { key: "billing" } })).id;
  }, DATABASE_START_TIMEOUT_MS);

  afterAll(async () => {
    await db?.close();
  });

  const newIdea = (title: string, requestKey: string): NewIdea => ({
    title,
    anonymous: false,
    departmentKey: "billing",
    proposerId,
    proposerDepartmentId: billingId,
    searchTerms: searchTermsOf(title),
    requestKey,
    fallback: {},
    platforms: ["SLACK"],
  });

  const written = async (requestKey: string, title: string) => ({
    keys: await db.prisma.processedRequest.count({ where: { key: requestKey } }),
    ideas: await db.prisma.idea.findMany({ where: { title }, select: { id: true, departmentId: true, status: true } }),
  });

  it("records an idea no open idea shares a term with, with its event, its review post and its request key", async () => {
    const title = "Laminate the parking map at the Haifa entrance";
    const recorded = await recordUnlessTermsShared(db.prisma, newIdea(title, "slack:trigger:one-1"));
    if (typeof recorded !== "object" || "candidates" in recorded) throw new Error(`not recorded: ${JSON.stringify(recorded)}`);
    expect(recorded).toEqual({ id: recorded.id, anonymous: false, title, departmentName: "חשבונות" });
    expect(await written("slack:trigger:one-1", title)).toEqual({ keys: 1, ideas: [{ id: recorded.id, departmentId: billingId, status: "SUBMITTED" }] });
    const events = await db.prisma.ideaEvent.findMany({ where: { ideaId: recorded.id }, select: { actorId: true, toStatus: true } });
    expect(events).toEqual([{ actorId: proposerId, toStatus: "SUBMITTED" }]);
    const posts = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { contains: `:idea:${recorded.id}:` } }, select: { dedupeKey: true, target: true, status: true } });
    expect(posts).toEqual([{ dedupeKey: `SLACK:idea:${recorded.id}:review`, target: "C0BILLING", status: "PENDING" }]);

    // Slack's retry of the same request: the earlier idea shares its terms, so it comes back as a candidate and nothing more is written.
    const retry = await recordUnlessTermsShared(db.prisma, newIdea(title, "slack:trigger:one-1"));
    expect(retry).toEqual({
      candidates: [
        {
          id: recorded.id,
          title,
          status: "SUBMITTED",
          terms: searchTermsOf(title),
          departmentName: "חשבונות",
          votes: 0,
        },
      ],
    });
    expect(await written("slack:trigger:one-1", title)).toEqual({ keys: 1, ideas: [{ id: recorded.id, departmentId: billingId, status: "SUBMITTED" }] });
  });

  it("writes nothing when an open idea shares a term, and leaves the request key to the record that follows", async () => {
    const first = await recordSubmittedIdea(db.prisma, newIdea("Quieter printers in the billing office", "slack:trigger:two-1"));
    if (typeof first !== "object") throw new Error(`not recorded: ${first}`);
    const title = "Printers that print both sides";
    const outboxBefore = await db.prisma.outboxMessage.count();
    const shared = await recordUnlessTermsShared(db.prisma, newIdea(title, "slack:trigger:two-2"));
    expect(shared).toEqual({
      candidates: [
        {
          id: first.id,
          title: "Quieter printers in the billing office",
          status: "SUBMITTED",
          terms: searchTermsOf("Quieter printers in the billing office"),
          departmentName: "חשבונות",
          votes: 0,
        },
      ],
    });
    expect(await written("slack:trigger:two-2", title)).toEqual({ keys: 0, ideas: [] });
    expect(await db.prisma.outboxMessage.count()).toBe(outboxBefore);

    // Not similar enough after all: the caller records it, once, under the same request key.
    const recorded = await recordSubmittedIdea(db.prisma, newIdea(title, "slack:trigger:two-2"));
    if (typeof recorded !== "object") throw new Error(`not recorded: ${recorded}`);
    expect(await written("slack:trigger:two-2", title)).toEqual({ keys: 1, ideas: [{ id: recorded.id, departmentId: billingId, status: "SUBMITTED" }] });
    expect(await recordSubmittedIdea(db.prisma, newIdea(title, "slack:trigger:two-2"))).toBe("duplicate");
  });

  it("does not count closed ideas as candidates", async () => {
    const closed = await recordSubmittedIdea(db.prisma, newIdea("Recycle the toner cartridges", "slack:trigger:three-1"));
    if (typeof closed !== "object") throw new Error(`not recorded: ${closed}`);
    await db.prisma.idea.update({ where: { id: closed.id }, data: { status: "REJECTED" } });
    const recorded = await recordUnlessTermsShared(db.prisma, newIdea("Toner cartridges ordered before they run out", "slack:trigger:three-2"));
    expect(typeof recorded === "object" && "id" in recorded ? recorded.title : recorded).toBe("Toner cartridges ordered before they run out");
  });

  it("refuses a retried request whose idea had no search terms, as recordSubmittedIdea does", async () => {
    const title = "More of this, please!";
    expect(searchTermsOf(title)).toEqual([]);
    const first = await recordUnlessTermsShared(db.prisma, newIdea(title, "slack:trigger:four-1"));
    expect(typeof first === "object" && "id" in first).toBe(true);
    expect(await recordUnlessTermsShared(db.prisma, newIdea(title, "slack:trigger:four-1"))).toBe("duplicate");
    expect((await written("slack:trigger:four-1", title)).ideas).toHaveLength(1);
  });
});
