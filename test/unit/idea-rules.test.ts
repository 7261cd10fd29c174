import { canTransition, mayAct, type Actor } from "../../src/domain/idea-lifecycle";
import { ideaFromText, validateIdeaForm, validateTargetDate } from "../../src/services/ideas/idea-input";
import { filterFromState, filterState, homePagingAfterMore, parseIdeaFilter } from "../../src/services/ideas/idea-list";

describe("the idea lifecycle", () => {
  it("allows submitted → approved → in progress → done, and rejection or merging of open ideas only", () => {
    expect(canTransition("SUBMITTED", "APPROVED")).toBe(true);
    expect(canTransition("APPROVED", "IN_PROGRESS")).toBe(true);
    expect(canTransition("IN_PROGRESS", "DONE")).toBe(true);
    expect(canTransition("SUBMITTED", "REJECTED")).toBe(true);
    expect(canTransition("APPROVED", "MERGED")).toBe(true);
    expect(canTransition("SUBMITTED", "DONE")).toBe(false);
    expect(canTransition("DONE", "REJECTED")).toBe(false);
    expect(canTransition("REJECTED", "APPROVED")).toBe(false);
    expect(canTransition("MERGED", "APPROVED")).toBe(false);
  });

  it("lets the department's managers and admins decide, and the owner progress", () => {
    const manager: Actor = { employeeId: 1, isAdmin: false, managerOf: [10] };
    const admin: Actor = { employeeId: 2, isAdmin: true, managerOf: [] };
    const owner: Actor = { employeeId: 3, isAdmin: false, managerOf: [] };
    const idea = { departmentId: 10, ownerId: 3 };
    expect(mayAct(manager, "approve", idea)).toBe(true);
    expect(mayAct(manager, "approve", { ...idea, departmentId: 11 })).toBe(false);
    expect(mayAct(admin, "reject", { ...idea, departmentId: 11 })).toBe(true);
    expect(mayAct(owner, "approve", idea)).toBe(false);
    expect(mayAct(owner, "start", idea)).toBe(true);
    expect(mayAct(owner, "done", { ...idea, ownerId: 4 })).toBe(false);
  });
});

describe("idea input", () => {
  it("takes the first line of /idea as the title and the rest as the proposal", () => {
    const parsed = ideaFromText("Shorter forms\nThe signup form asks for the fax number", "en");
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ title: "Shorter forms", proposal: "The signup form asks for the fax number" }) });
  });

  it("cuts a long first line at a word for the title and keeps every word in the proposal", () => {
    const long = `${"word ".repeat(40)}end`;
    const parsed = ideaFromText(long, "en");
    if (!parsed.ok) throw new Error("expected a valid idea");
    expect(parsed.value.title.length).toBeLessThanOrEqual(150);
    expect(parsed.value.title.endsWith("word…")).toBe(true);
    expect(parsed.value.proposal).toBe(long);
  });

  it("refuses text over 3000 characters with a translated message naming both numbers", () => {
    const parsed = ideaFromText("x".repeat(3001), "he");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.text).toContain("3000");
    expect(parsed.errors.text).toContain("3001");
    expect(parsed.errors.text).toMatch(/[\u0590-\u05FF]/);
  });

  it("removes bidirectional overrides, isolates and zero-width characters, and refuses what is empty without them", () => {
    const parsed = ideaFromText("Refund \u202Etxt.exe\u202C in \u2066two\u2069 days\u200B\uFEFF", "en");
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ title: "Refund txt.exe in two days" }) });
    expect(ideaFromText("   \u200B ", "en")).toEqual({ ok: false, errors: { title: "Give your idea a title." } });
    expect(validateIdeaForm({ title: "\u2067 \u2069" }, "he", [])).toEqual({ ok: false, errors: { title: "צריך לתת לרעיון כותרת." } });
  });

  it("keeps the marks and joiners people type on purpose: RLM, LRM, ZWJ in an emoji", () => {
    const parsed = ideaFromText("מחיר\u200F: 40$ \u{1F469}\u200D\u{1F4BB}", "he");
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ title: "מחיר\u200F: 40$ \u{1F469}\u200D\u{1F4BB}" }) });
  });

  it("validates the form field by field, in the proposer's language", () => {
    const result = validateIdeaForm({ title: " ", problem: "p".repeat(3001), department: "nowhere" }, "en", ["billing"]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.title).toBe("Give your idea a title.");
    expect(result.errors.problem).toContain("3000");
    const unknown = validateIdeaForm({ title: "ok", department: "nowhere" }, "en", ["billing"]);
    expect(unknown).toEqual({ ok: false, errors: { department: expect.any(String) } });
  });

  it("refuses a source link that is not https", () => {
    expect(validateIdeaForm({ title: "ok", source: "javascript:alert(1)" }, "en", []).ok).toBe(false);
  });

  it("accepts target dates from today on", () => {
    expect(validateTargetDate("2026-11-22", "2026-11-22", "en")).toEqual({ ok: true, value: "2026-11-22" });
    expect(validateTargetDate("2026-11-21", "2026-11-22", "en").ok).toBe(false);
    expect(validateTargetDate("not a date", "2026-11-22", "en").ok).toBe(false);
    expect(validateTargetDate(undefined, "2026-11-22", "en")).toEqual({ ok: true, value: undefined });
  });
});

describe("/ideas filters", () => {
  it("understands English and Hebrew words and statuses, and round-trips through button state", () => {
    expect(parseIdeaFilter("")).toEqual({ kind: "open" });
    expect(parseIdeaFilter("שלי")).toEqual({ kind: "mine" });
    expect(parseIdeaFilter("Top")).toEqual({ kind: "top" });
    expect(parseIdeaFilter("in progress")).toEqual({ kind: "status", status: "IN_PROGRESS" });
    expect(parseIdeaFilter("nonsense")).toBeUndefined();
    expect(parseIdeaFilter("department billing")).toEqual({ kind: "department", key: "billing" });
    expect(parseIdeaFilter("מחלקה שירות לקוחות")).toEqual({ kind: "department", key: "שירות לקוחות" });
    expect(filterFromState(filterState({ kind: "department", key: "billing" }))).toEqual({ kind: "department", key: "billing" });
    for (const filter of [{ kind: "mine" }, { kind: "status", status: "DONE" }] as const) {
      expect(filterFromState(filterState(filter))).toEqual(filter);
    }
    expect(filterFromState("queue")).toBeUndefined();
  });
});

describe("App Home paging", () => {
  it("grows the section whose Show more was clicked, within bounds, and ignores tampered values", () => {
    expect(homePagingAfterMore(["5,5,5", "queue"])).toEqual({ mine: 5, queue: 15, owned: 5 });
    expect(homePagingAfterMore(["40,5,5", "mine"])).toEqual({ mine: 40, queue: 5, owned: 5 });
    expect(homePagingAfterMore(["x,999", "nowhere"])).toEqual({ mine: 5, queue: 40, owned: 5 });
  });
});
