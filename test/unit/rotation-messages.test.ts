import { renderBlockKit, SLACK_LIMITS } from "../../src/chat/slack/block-kit";
import { renderAdaptiveCard } from "../../src/chat/teams/adaptive-card";
import type { UnfilledReason } from "../../src/domain/rotation/types";
import { departmentPost, shiftWhen, unfilledPost } from "../../src/services/rotation/rotation-messages";
import type { ShiftView } from "../../src/services/rotation/shift-views";

const start = Date.parse("2026-12-06T07:00:00Z"); // Sunday 09:00 in Jerusalem

function shift(i: number): ShiftView {
  return {
    id: i,
    templateKey: "morning",
    templateName: "Morning",
    startsAt: new Date(start + i * 3_600_000),
    endsAt: new Date(start + i * 3_600_000 + 4 * 3_600_000),
    status: "PUBLISHED",
    isOnboarding: false,
    person: { id: i, name: `Person ${i}`, slackUserId: `U${i}`, teamsUserId: null, locale: null, timezone: null, departmentId: 1 },
    buddy: null,
  };
}

describe("rotation messages", () => {
  it("writes a shift's day and hours in the reader's zone, across the clocks' change", () => {
    expect(shiftWhen(shift(0), "en", "Asia/Jerusalem")).toBe("Sun 6 Dec, 09:00–13:00");
    expect(shiftWhen(shift(0), "en", "Europe/London")).toBe("Sun 6 Dec, 07:00–11:00");
    const summer = { startsAt: new Date("2026-07-05T06:00:00Z"), endsAt: new Date("2026-07-05T10:00:00Z") };
    expect(shiftWhen(summer, "en", "Europe/London")).toBe("Sun 5 Jul, 07:00–11:00");
  });

  it("keeps a large department's post within Slack's blocks and counts the shifts it leaves out", () => {
    const shifts = Array.from({ length: 1000 }, (_, i) => shift(i + 1));
    const message = departmentPost("Billing", shifts, "en", "Asia/Jerusalem");
    const rendered = renderBlockKit(message);
    expect(rendered.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const text = JSON.stringify(rendered.blocks);
    expect(text).toContain("<@U800>");
    expect(text).not.toContain("<@U801>");
    expect(text).toContain("200 more shifts are not listed here");
  });

  it("names every reason a seat stays empty, in Hebrew too, on both platforms", () => {
    const reasons: UnfilledReason[] = ["holiday", "no-language-or-skill", "absent", "overlap", "rest", "weekly-max", "department-cap", "nobody-available"];
    const seats = reasons.map((reason, i) => ({ ...shift(i), reason }));
    for (const locale of ["en", "he"] as const) {
      const message = unfilledPost(seats, locale, "Asia/Jerusalem");
      const text = JSON.stringify(renderBlockKit(message).blocks);
      expect(text).not.toMatch(/rotation\.reason/);
      expect(JSON.stringify(renderAdaptiveCard(message))).not.toMatch(/rotation\.reason/);
    }
    expect(JSON.stringify(renderBlockKit(unfilledPost(seats, "he", "Asia/Jerusalem")).blocks)).toContain("כל מי שיכול לקחת אותה נעדר");
  });
});
