/*
 * Hebrew and English side by side, as people see them in Slack: each value that may run the
 * other way than its sentence sits in a first-strong isolate (U+2068 ... U+2069), so the
 * bidirectional algorithm cannot drag its brackets, quotation marks or words out of place.
 * Slack starts every line of a right-to-left message with a right-to-left mark (U+200F).
 */
import { renderBlockKit } from "../../src/chat/slack/block-kit";
import type { Message } from "../../src/chat/message";
import { catalogues, t } from "../../src/i18n";
import { departmentDigestMessage } from "../../src/services/complaints/digest-messages";
import type { DepartmentFigures } from "../../src/services/complaints/digest-figures";
import { ideaCard } from "../../src/services/ideas/idea-messages";
import type { IdeaView } from "../../src/services/ideas/idea-queries";
import { shiftLabel, unfilledPost } from "../../src/services/rotation/rotation-messages";
import type { ShiftView } from "../../src/services/rotation/shift-views";

const FSI = "\u2068";
const PDI = "\u2069";
const RLM = "\u200f";

/** Every line of text in the Slack payload: headers, sections, fields and context. */
function slackLines(message: Message): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      const o = value as Record<string, unknown>;
      if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") texts.push(o.text);
      else Object.values(o).forEach(collect);
    }
  };
  collect(renderBlockKit(message).blocks);
  return texts.flatMap((t) => t.split("\n"));
}

function figures(overrides: Partial<DepartmentFigures>): DepartmentFigures {
  return {
    department: { id: 1, key: "care", name: "שירות לקוחות", timezone: "Asia/Jerusalem", slackChannel: "C1", teamsChannel: null },
    weekly: [4, 13],
    count: 13,
    lastWeek: 4,
    fourWeekAverage: 4,
    change: { lastWeek: { delta: 9, percent: 225 }, fourWeeks: { delta: 9, percent: 225 } },
    spike: false,
    dip: false,
    themes: [],
    risingThemes: [],
    categories: [],
    credits: [],
    examples: [],
    ideas: [],
    repeats: 0,
    returned: 0,
    legalThreats: 0,
    churnThreats: 0,
    retained: 0,
    reopened: 0,
    ...overrides,
  };
}

const example = (id: number, text: string) => ({ id, text, channel: "EMAIL" as const, legalThreat: false, churnThreat: false, repeat: false });

describe("a Hebrew digest with English in it", () => {
  const message = departmentDigestMessage(
    figures({
      categories: [
        { category: "invoice", count: 9 },
        { category: "delivery", count: 4 },
      ],
      risingThemes: [{ theme: "late courier", count: 3, weeklyAverage: 0 }],
      examples: [example(71, "My invoice is wrong"), example(72, "החשבונית שגויה")],
    }),
    { locale: "he", days: "16.11–22.11", preview: true },
  );
  const lines = slackLines(message);

  it("isolates each category name and count, so no bracket jumps to the far left", () => {
    // Unisolated, "קטגוריות: invoice (9) · delivery (4)" ends in a bracket that the
    // paragraph's right-to-left direction takes to the far left.
    expect(lines).toContain(`${RLM}קטגוריות: ${FSI}invoice${PDI} (${FSI}9${PDI}) · ${FSI}delivery${PDI} (${FSI}4${PDI})`);
    expect(lines).toContain(`${RLM}בעלייה: כמעט לא נשמעו קודם, ועכשיו ${FSI}late courier${PDI} (${FSI}3${PDI})`);
  });

  it("isolates a quote with its quotation marks, so an English quote keeps them the right way round", () => {
    expect(lines).toContain(`${RLM}_${FSI}“My invoice is wrong”${PDI}_`);
    expect(lines).toContain(`${RLM}_${FSI}“החשבונית שגויה”${PDI}_`);
  });
});

describe("an English digest with Hebrew in it", () => {
  const message = departmentDigestMessage(
    figures({
      department: { id: 1, key: "care", name: "Customer Care", timezone: "Asia/Jerusalem", slackChannel: "C1", teamsChannel: null },
      categories: [
        { category: "חשבונית", count: 9 },
        { category: "delivery", count: 4 },
      ],
      examples: [example(71, "החשבונית שגויה"), example(72, "My invoice is wrong")],
    }),
    { locale: "en", days: "16.11–22.11", preview: true },
  );
  const lines = slackLines(message);

  it("isolates the Hebrew and leaves English as typed", () => {
    expect(lines).toContain(`Categories: ${FSI}חשבונית${PDI} (9) · delivery (4)`);
    expect(lines).toContain(`_${FSI}“החשבונית שגויה”${PDI}_`);
    expect(lines).toContain("_“My invoice is wrong”_");
  });
});

function idea(title: string): IdeaView {
  const proposer = { id: 1, name: "Dana Levi", slackUserId: null, teamsUserId: null, locale: null };
  return {
    id: 12,
    title,
    problem: null,
    proposal: null,
    status: "SUBMITTED",
    anonymous: false,
    department: { id: 1, key: "sales", name: "מכירות", slackChannel: "C1" },
    proposer,
    owner: null,
    targetDate: null,
    rejectionReason: null,
    mergedIntoId: null,
    sourceMessageUrl: null,
    votes: 0,
    lastDecision: null,
    comments: [],
    themes: [],
  };
}

describe("an English review card of a Hebrew and English idea", () => {
  it("isolates the title and the department, so the title's Hebrew words keep their order", () => {
    const lines = slackLines(ideaCard(idea("שיפור CRM למכירות"), "en", "Asia/Jerusalem"));
    // Unisolated, the left-to-right sentence puts "שיפור" first on the left: a Hebrew reader
    // reads "למכירות CRM שיפור" backwards.
    expect(lines).toContain(`Idea #12: ${FSI}שיפור CRM למכירות${PDI}`);
    expect(lines).toContain(`New idea #12 for ${FSI}מכירות${PDI}: ${FSI}שיפור CRM למכירות${PDI}`);
  });

  it("leaves an English title as typed", () => {
    expect(slackLines(ideaCard(idea("Better CRM"), "en", "Asia/Jerusalem"))).toContain("Idea #12: Better CRM");
  });
});

function shift(key: string, name: string): ShiftView {
  return {
    id: 5,
    templateKey: key,
    templateName: name,
    startsAt: new Date("2026-12-06T07:00:00Z"),
    endsAt: new Date("2026-12-06T11:00:00Z"),
    status: "PUBLISHED",
    isOnboarding: false,
    person: null,
    buddy: null,
  };
}

describe("default shift names", () => {
  it("are translated when the organisation file names the shift by its key only", () => {
    expect(shiftLabel(shift("morning", "morning"), "he", "Asia/Jerusalem")).toBe(`${FSI}יום א׳, 6 בדצמ׳, 09:00–13:00${PDI} · ${FSI}בוקר${PDI} · #5`);
    expect(shiftLabel(shift("afternoon", "afternoon"), "en", "Asia/Jerusalem")).toBe("Sun 6 Dec, 09:00–13:00 · Afternoon · #5");
    const unfilled = unfilledPost([{ startsAt: new Date("2026-12-06T16:00:00Z"), endsAt: new Date("2026-12-06T20:00:00Z"), templateKey: "evening", templateName: "evening", reason: "nobody-available" }], "he", "Asia/Jerusalem");
    expect(slackLines(unfilled).some((l) => l.includes(`${FSI}ערב${PDI}`))).toBe(true);
  });

  it("stay as the file wrote them when it gives a name, or for a key it is not a default for", () => {
    expect(shiftLabel(shift("morning", "Opening"), "he", "Asia/Jerusalem")).toContain(`${FSI}Opening${PDI}`);
    expect(shiftLabel(shift("late", "late"), "he", "Asia/Jerusalem")).toContain(`${FSI}late${PDI}`);
  });
});

describe("every catalog entry with values that run the other way", () => {
  const keys = (value: unknown, prefix = ""): string[] =>
    typeof value === "string" ? [prefix] : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  const placeholders = (template: string) => [...new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
  // What a person might have typed, in the other language than the message's.
  const SAMPLES = { en: "דנה לוי", he: "Dana Levi" } as const;

  it("shows a few representative entries as written out here", () => {
    expect(t("he", "help.intro", { name: "Dana Levi" })).toBe(`שלום ${FSI}Dana Levi${PDI}! אלה הדברים שאפשר לבקש ממני:`);
    expect(t("en", "help.intro", { name: "דנה לוי" })).toBe(`Hi ${FSI}דנה לוי${PDI}! Here is what you can ask me:`);
    expect(t("en", "ideas.card.header", { number: 12, title: "שיפור CRM" })).toBe(`Idea #12: ${FSI}שיפור CRM${PDI}`);
    expect(t("he", "ideas.card.header", { number: 12, title: "Better CRM" })).toBe(`רעיון #12: ${FSI}Better CRM${PDI}`);
    expect(t("he", "digest.countedItem", { name: "invoice", count: "9" })).toBe(`${FSI}invoice${PDI} (${FSI}9${PDI})`);
    expect(t("en", "digest.chartTitle", { department: "שירות לקוחות" })).toBe(`Complaints per week · ${FSI}שירות לקוחות${PDI}`);
  });

  for (const locale of ["en", "he"] as const) {
    it(`wraps every interpolated value in isolates in ${locale === "en" ? "English" : "Hebrew"}`, () => {
      const checked: string[] = [];
      for (const key of keys(catalogues[locale])) {
        const names = placeholders(t(locale, key));
        if (names.length === 0) continue;
        const values = Object.fromEntries(names.map((name, i) => [name, `${SAMPLES[locale]} ${i + 1}`]));
        const shown = t(locale, key, values);
        for (const value of Object.values(values)) expect([key, shown.includes(`${FSI}${value}${PDI}`)]).toEqual([key, true]);
        // Each value isolated once, and nothing else isolated.
        expect([key, shown.split(`${FSI}`).length - 1]).toEqual([key, names.length + (t(locale, key).split(FSI).length - 1)]);
        checked.push(key);
      }
      // Most of the catalog interpolates something; a broken key walk would check nothing.
      expect(checked.length).toBeGreaterThan(150);
    });
  }
});
