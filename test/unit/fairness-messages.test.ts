import type { SectionBlock } from "@slack/types";
import { plainWords, type Block } from "../../src/chat/message";
import { renderBlockKit, SLACK_LIMITS } from "../../src/chat/slack/block-kit";
import { renderAdaptiveCard, TEAMS_LIMITS } from "../../src/chat/teams/adaptive-card";
import { fairnessMessage } from "../../src/services/rotation/fairness-messages";
import { currentQuarter, type DepartmentHours, type HoursReport, type PersonHours } from "../../src/services/rotation/hours-report";

function person(i: number, difference: number, department: string): PersonHours {
  return {
    employeeId: i,
    email: `p${i}@acme.example`,
    name: `Person ${i}`,
    department: { key: department, name: department.toUpperCase() },
    fte: 1,
    active: true,
    targetHours: 10,
    workedHours: 10 + difference,
    scheduledHours: 0,
    shiftCount: 3,
    difference,
  };
}

function report(people: PersonHours[]): HoursReport {
  const departments = new Map<string, DepartmentHours>();
  for (const p of people) {
    const d = departments.get(p.department!.key) ?? { key: p.department!.key, name: p.department!.name, people: 0, targetHours: 0, workedHours: 0, scheduledHours: 0, shiftCount: 0, difference: 0 };
    d.people += 1;
    d.targetHours += p.targetHours;
    d.workedHours += p.workedHours;
    d.difference += p.difference;
    departments.set(d.key!, d);
  }
  const sum = (f: (p: PersonHours) => number) => people.reduce((total, p) => total + f(p), 0);
  return {
    from: "2027-01-01",
    to: "2027-03-31",
    timezone: "Asia/Jerusalem",
    share: 0.1,
    people,
    departments: [...departments.values()],
    totals: { people: people.length, targetHours: sum((p) => p.targetHours), workedHours: sum((p) => p.workedHours), scheduledHours: 0, shiftCount: sum((p) => p.shiftCount), difference: sum((p) => p.difference) },
  };
}

const words = (blocks: Block[]) => blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join("\n");

describe("the fairness message", () => {
  // 200 people whose differences grow with their number, alternately above and below target.
  const many = Array.from({ length: 200 }, (_, i) => person(i, (i % 2 ? -1 : 1) * i * 0.5, ["billing", "sales", "care"][i % 3]!));

  it("fits Slack and Teams, lists the largest differences first and counts the people left out", () => {
    const message = fairnessMessage(report(many), "en");
    const slack = renderBlockKit(message);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(JSON.stringify(slack.blocks)).not.toContain("shortened");
    for (const block of slack.blocks) {
      if (block.type === "section") expect((block as SectionBlock).text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(Buffer.byteLength(JSON.stringify(renderAdaptiveCard(message)))).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);

    const text = words(message.blocks);
    const listed = [...text.matchAll(/^Person (\d+) /gm)].map((m) => Number(m[1]));
    expect(listed.length).toBe(40);
    expect(listed.slice(0, 3)).toEqual([199, 198, 197]);
    expect(text).toContain("Person 199 (SALES) · target 10.0 h · actual -89.5 h · -99.5 h");
    expect(text).toContain("Person 198 (BILLING) · target 10.0 h · actual 109.0 h · +99.0 h");
    expect(text).toContain("People not shown (smaller differences): 160");
  });

  it("shows every department's totals and the company's, whatever the number of people", () => {
    const text = words(fairnessMessage(report(many), "en").blocks);
    expect(text).toMatch(/^BILLING · 67 on the rotation · target 670\.0 h/m);
    expect(text).toMatch(/^CARE · 66 on the rotation/m);
    expect(text).toMatch(/^SALES · 67 on the rotation/m);
    expect(text).toMatch(/^Everyone · 200 on the rotation · target 2,000\.0 h/m);
    expect(text).toContain("Target: 10% of each working day");
  });

  it("honours a smaller page of people", () => {
    const text = words(fairnessMessage(report(many), "en", { maxPeople: 5 }).blocks);
    expect([...text.matchAll(/^Person \d+ /gm)]).toHaveLength(5);
    expect(text).toContain("People not shown (smaller differences): 195");
  });

  it("reads right to left in Hebrew, each name and figure isolated in its sentence", () => {
    const message = fairnessMessage(report([person(1, -2.5, "billing"), { ...person(2, 1, "billing"), name: "דנה לוי", active: false }]), "he");
    expect(message.direction).toBe("rtl");
    const text = words(message.blocks);
    expect(text).toContain("\u2068\u2068דנה לוי\u2069 (כבר לא בחברה)\u2069");
    expect(text).toMatch(/\u2068Person 1\u2069 \(\u2068BILLING\u2069\) · יעד \u206810\.0\u2069 ש׳ · בפועל \u20687\.5\u2069 ש׳ · \u2068\u200e?-2\.5\u2069 ש׳/);
  });

  it("says so when nobody was on the rotation", () => {
    const message = fairnessMessage(report([]), "en");
    expect(words(message.blocks)).toContain("Nobody was on the rotation in this period.");
    expect(plainWords(message.summary)).toBe("Support line hours from 1 Jan 2027 to 31 Mar 2027: target against actual");
  });
});

describe("currentQuarter", () => {
  it("is the calendar quarter holding the date", () => {
    expect(currentQuarter("2027-02-14")).toEqual({ from: "2027-01-01", to: "2027-03-31" });
    expect(currentQuarter("2026-12-31")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(currentQuarter("2028-04-01")).toEqual({ from: "2028-04-01", to: "2028-06-30" });
    expect(() => currentQuarter("2027-02-30")).toThrow(RangeError);
  });
});
