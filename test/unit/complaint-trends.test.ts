import { average, change, isSpike, risingRareThemes } from "../../src/domain/complaints/trends";

describe("change", () => {
  it("gives the difference and the rounded percentage", () => {
    expect(change(15, 10)).toEqual({ delta: 5, percent: 50 });
    expect(change(5, 10)).toEqual({ delta: -5, percent: -50 });
    expect(change(10, 3)).toEqual({ delta: 7, percent: 233 });
    expect(change(4, 4)).toEqual({ delta: 0, percent: 0 });
  });

  it("rounds halves away from zero, the same both ways", () => {
    expect(change(9, 8).percent).toBe(13); // +12.5%
    expect(change(7, 8).percent).toBe(-13); // −12.5%
  });

  it("has no percentage when there was nothing before", () => {
    expect(change(3, 0)).toEqual({ delta: 3, percent: undefined });
    expect(change(0, 0)).toEqual({ delta: 0, percent: undefined });
  });

  it("accepts an average as the previous value", () => {
    expect(change(6, 4.5)).toEqual({ delta: 1.5, percent: 33 });
  });
});

describe("average", () => {
  it("is the mean, and 0 for nothing", () => {
    expect(average([1, 2, 3, 6])).toBe(3);
    expect(average([])).toBe(0);
  });
});

describe("isSpike", () => {
  it("is true above mean + 2σ (population σ)", () => {
    // mean 4, σ = 2 (population; the sample σ would be 2.31 and make 9 no spike)
    const history = [2, 6, 2, 6];
    expect(isSpike(9, history)).toBe(true);
    expect(isSpike(8, history)).toBe(false); // equal to mean + 2σ is not above it
  });

  it("treats anything above a perfectly steady history as a spike", () => {
    expect(isSpike(4, [3, 3, 3, 3])).toBe(true);
    expect(isSpike(3, [3, 3, 3, 3])).toBe(false);
  });

  it("needs enough weeks of history", () => {
    expect(isSpike(50, [1, 1, 1])).toBe(false);
    expect(isSpike(50, [1, 1, 1], { minWeeks: 3 })).toBe(true);
    expect(isSpike(50, [])).toBe(false);
  });

  it("needs a count worth mentioning", () => {
    expect(isSpike(2, [0, 0, 0, 0])).toBe(false);
    expect(isSpike(3, [0, 0, 0, 0])).toBe(true);
    expect(isSpike(2, [0, 0, 0, 0], { minCount: 2 })).toBe(true);
  });
});

describe("risingRareThemes", () => {
  const history = new Map<string, number[]>([
    ["delivery fee", [0, 0, 1, 0]], // average 0.25: rare
    ["refund", [2, 3, 2, 3]], // common
    ["app crash", [0, 1, 1, 1]], // average 0.75: rare
  ]);

  it("reports themes rare in the history that now reach minCount, strongest rise first", () => {
    const current = new Map([
      ["delivery fee", 5],
      ["refund", 9],
      ["app crash", 3],
      ["courier", 4], // missing from the history: average 0
      ["invoice", 2], // below minCount
    ]);
    expect(risingRareThemes(current, history)).toEqual([
      { theme: "delivery fee", count: 5, weeklyAverage: 0.25 },
      { theme: "courier", count: 4, weeklyAverage: 0 },
      { theme: "app crash", count: 3, weeklyAverage: 0.75 },
    ]);
  });

  it("respects the limit and the options", () => {
    const current = new Map([
      ["delivery fee", 5],
      ["courier", 4],
      ["app crash", 3],
    ]);
    expect(risingRareThemes(current, history, { limit: 1 }).map((t) => t.theme)).toEqual(["delivery fee"]);
    expect(risingRareThemes(current, history, { rareBelow: 0.5 }).map((t) => t.theme)).toEqual(["delivery fee", "courier"]);
    expect(risingRareThemes(current, history, { minCount: 5 }).map((t) => t.theme)).toEqual(["delivery fee"]);
    expect(risingRareThemes(current, history, { rareBelow: 3 }).map((t) => t.theme)).toHaveLength(3);
  });

  it("breaks equal rises by count, then by theme", () => {
    const current = new Map([
      ["b", 3],
      ["a", 3],
    ]);
    expect(risingRareThemes(current, new Map([["z", [0, 0]]])).map((t) => t.theme)).toEqual(["a", "b"]);
  });

  it("reports nothing without any history week", () => {
    expect(risingRareThemes(new Map([["courier", 10]]), new Map())).toEqual([]);
  });
});
