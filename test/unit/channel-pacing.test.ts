import { PACING_GAP_MS, planSends } from "../../src/domain/channel-pacing";

describe("per-channel pacing", () => {
  it("sends the oldest post of every channel at once, and holds a channel's later posts one gap", () => {
    const waiting = [
      { id: 1, channel: "C1" },
      { id: 2, channel: "C1" },
      { id: 3, channel: "C2" },
      { id: 4, channel: "C3" },
    ];
    expect(planSends(waiting, new Map(), 1_000, 10_000)).toEqual({ sendNow: [1, 3, 4], nextAt: 11_000 });
  });

  it("holds a channel that got a post less than a gap ago until the gap has passed", () => {
    const waiting = [
      { id: 5, channel: "C1" },
      { id: 6, channel: "C2" },
    ];
    const lastSentAt = new Map([
      ["C1", 9_400],
      ["C2", 8_000],
    ]);
    expect(planSends(waiting, lastSentAt, 1_000, 10_000)).toEqual({ sendNow: [6], nextAt: 10_400 });
  });

  it("never sends a channel's second post before its first, even when the first is held", () => {
    const waiting = [
      { id: 7, channel: "C1" },
      { id: 8, channel: "C1" },
    ];
    expect(planSends(waiting, new Map([["C1", 9_900]]), 1_000, 10_000)).toEqual({ sendNow: [], nextAt: 10_900 });
  });

  it("has nothing to plan when nothing waits", () => {
    expect(planSends([], new Map(), 1_000, 10_000)).toEqual({ sendNow: [] });
  });

  it("paces Slack at one post a second and Teams at seven a second", () => {
    expect(PACING_GAP_MS).toEqual({ slack: 1_000, teams: 143 });
  });
});
