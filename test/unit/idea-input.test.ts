import { ideaFromText, validateIdeaForm, validateNote, validateTargetDate } from "../../src/services/ideas/idea-input";

/** The idea form's and the decision forms' checks not covered by idea-rules.test.ts. */

describe("validateIdeaForm", () => {
  it("keeps every field, trimmed, with the department and the source link", () => {
    expect(
      validateIdeaForm(
        {
          title: " Shorter forms ",
          problem: " The signup form asks for a fax number ",
          proposal: "Drop the field",
          department: "billing",
          anonymous: true,
          source: "https://acme.slack.com/archives/C1/p1",
        },
        "en",
        ["billing"],
      ),
    ).toEqual({
      ok: true,
      value: {
        title: "Shorter forms",
        problem: "The signup form asks for a fax number",
        proposal: "Drop the field",
        departmentKey: "billing",
        anonymous: true,
        sourceMessageUrl: "https://acme.slack.com/archives/C1/p1",
      },
    });
  });

  it("leaves empty optional fields out and is not anonymous unless ticked", () => {
    expect(validateIdeaForm({ title: "Shorter forms", problem: "  ", proposal: "", anonymous: "yes" as never }, "en", [])).toEqual({
      ok: true,
      value: { title: "Shorter forms", problem: undefined, proposal: undefined, departmentKey: undefined, anonymous: false, sourceMessageUrl: undefined },
    });
  });

  it("asks for a title when none was sent, and says when the title is too long", () => {
    expect(validateIdeaForm({}, "en", [])).toEqual({ ok: false, errors: { title: "Give your idea a title." } });
    expect(validateIdeaForm({ title: "t".repeat(151) }, "he", [])).toEqual({ ok: false, errors: { title: "עד 150 תווים, בבקשה (כאן יש 151)." } });
  });

  it("reports each field once, the first problem found in it", () => {
    expect(validateIdeaForm({ title: "ok", proposal: "p".repeat(3001), problem: "q".repeat(3002) }, "en", [])).toEqual({
      ok: false,
      errors: {
        problem: "At most 3000 characters, please (this has 3002).",
        proposal: "At most 3000 characters, please (this has 3001).",
      },
    });
  });

  it("words a problem zod found on its own (a title sent as a list) as a request to write something", () => {
    expect(validateIdeaForm({ title: "ok", department: ["billing"] }, "en", ["billing"])).toEqual({
      ok: false,
      errors: { department: "Please write something here." },
    });
  });
});

describe("ideaFromText", () => {
  it("cuts a first line that is one long word at the limit, with an ellipsis", () => {
    const word = "a".repeat(200);
    const parsed = ideaFromText(word, "en");
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ title: `${"a".repeat(149)}…`, proposal: word }) });
  });

  it("cuts at the last word when that keeps at least half the title", () => {
    const line = `${"word ".repeat(40)}end`; // 203 characters
    const parsed = ideaFromText(line, "en");
    // The first 149 characters end in "word", which may be cut short: it goes too.
    expect(parsed.ok && parsed.value.title).toBe(`${"word ".repeat(28)}word…`);
  });

  it("cuts within a word when the last space is too early", () => {
    const line = `short ${"b".repeat(200)}`;
    const parsed = ideaFromText(line, "en");
    expect(parsed.ok && parsed.value.title).toBe(`short ${"b".repeat(143)}…`);
  });

  it("keeps a body after the title line, trimmed; none when it is blank", () => {
    expect(ideaFromText("Title\r\n\r\n  Body line  \n", "en")).toEqual({ ok: true, value: expect.objectContaining({ title: "Title", proposal: "Body line" }) });
    expect(ideaFromText("Title\n   \n", "en")).toEqual({ ok: true, value: expect.objectContaining({ title: "Title", proposal: undefined }) });
  });
});

describe("validateNote", () => {
  it("a required note must have text; its problem is shown in the field named", () => {
    expect(validateNote("   ", "reason", "en", true)).toEqual({ ok: false, errors: { reason: "Please write something here." } });
    expect(validateNote(undefined, "reason", "he", true)).toEqual({ ok: false, errors: { reason: "צריך לכתוב כאן משהו." } });
    expect(validateNote(["a"], "answer", "en", true)).toEqual({ ok: false, errors: { answer: "Please write something here." } });
  });

  it("an optional note may be empty: no note", () => {
    expect(validateNote("", "note", "en", false)).toEqual({ ok: true, value: undefined });
    expect(validateNote(undefined, "note", "en", false)).toEqual({ ok: true, value: undefined });
  });

  it("keeps the note trimmed, without invisible formatting, up to 1000 characters", () => {
    expect(validateNote("  Not this quarter\u200b ", "reason", "en", true)).toEqual({ ok: true, value: "Not this quarter" });
    expect(validateNote("n".repeat(1001), "note", "en", false)).toEqual({ ok: false, errors: { note: "At most 1000 characters, please (this has 1001)." } });
  });
});

describe("validateTargetDate", () => {
  it("no date is no target; a date that is not one, or is past, is refused", () => {
    expect(validateTargetDate(undefined, "2026-11-19", "en")).toEqual({ ok: true, value: undefined });
    expect(validateTargetDate("", "2026-11-19", "en")).toEqual({ ok: true, value: undefined });
    expect(validateTargetDate("2026-11-19", "2026-11-19", "en")).toEqual({ ok: true, value: "2026-11-19" });
    expect(validateTargetDate("2026-02-30", "2026-01-01", "en")).toEqual({ ok: false, errors: { target: "Pick a date from today on." } });
    expect(validateTargetDate("2026-11-18", "2026-11-19", "he")).toEqual({ ok: false, errors: { target: "יש לבחור תאריך מהיום והלאה." } });
  });
});
