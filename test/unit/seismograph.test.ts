import { isDip, judgeRepeatRate, repeatRate } from "../../src/domain/complaints/seismograph";

/** Ten complaints a month with the given repeats, oldest first. */
const tens = (...repeats: number[]) => repeats.map((r) => ({ complaints: 10, repeats: r }));

describe("the repeat rate", () => {
  it("is repeats over complaints, and unmeasured in a month without complaints", () => {
    expect(repeatRate({ complaints: 8, repeats: 2 })).toBe(0.25);
    expect(repeatRate({ complaints: 0, repeats: 0 })).toBeUndefined();
  });
});

describe("judging this month's repeat rate against the department's own history", () => {
  it("alerts when the month is more than two standard deviations above the months before", () => {
    // History 10%, 20%, 10%, 20%, 10%, 20%: mean 15%, σ 5%, so the line is 25%; 30% is over it.
    expect(judgeRepeatRate(tens(1, 2, 1, 2, 1, 2, 3))).toEqual({ rate: 0.3, mean: 0.15, climbed: true, alert: true });
  });

  it("says a month at the line climbed but does not alert", () => {
    const judged = judgeRepeatRate([...tens(1, 2, 1, 2, 1, 2), { complaints: 20, repeats: 5 }]);
    expect(judged).toEqual({ rate: 0.25, mean: 0.15, climbed: true, alert: false });
  });

  it("neither climbs nor alerts at or below the mean", () => {
    expect(judgeRepeatRate(tens(1, 2, 1, 2, 1, 2, 1))).toMatchObject({ rate: 0.1, climbed: false, alert: false });
  });

  it("does not alert on a handful of complaints: 1 repeat of 2 is no trend", () => {
    expect(judgeRepeatRate([...tens(0, 0, 0, 0, 0, 0), { complaints: 2, repeats: 1 }])).toMatchObject({ rate: 0.5, climbed: false, alert: false });
  });

  it("does not alert on a single repeat even among enough complaints", () => {
    expect(judgeRepeatRate([...tens(0, 0, 0, 0, 0, 0), { complaints: 5, repeats: 1 }])).toMatchObject({ rate: 0.2, climbed: true, alert: false });
  });

  it("alerts above a perfectly steady history", () => {
    expect(judgeRepeatRate(tens(1, 1, 1, 1, 1, 1, 3))).toMatchObject({ rate: 0.3, mean: 0.1, alert: true });
  });

  it("needs six months of history to alert and three to climb; months without complaints are no history", () => {
    const empty = { complaints: 0, repeats: 0 };
    expect(judgeRepeatRate([...tens(1, 1, 1, 1, 1), empty, empty, { complaints: 10, repeats: 5 }])).toEqual({ rate: 0.5, mean: 0.1, climbed: true, alert: false });
    expect(judgeRepeatRate(tens(1, 1, 5))).toEqual({ rate: 0.5, mean: 0.1, climbed: false, alert: false });
    expect(judgeRepeatRate(tens(1, 1, 1, 5))).toMatchObject({ climbed: true, alert: false });
  });

  it("judges nothing in a month without complaints or without any history", () => {
    expect(judgeRepeatRate([...tens(1, 1, 1, 1, 1, 1), { complaints: 0, repeats: 0 }])).toEqual({ rate: undefined, mean: 0.1, climbed: false, alert: false });
    expect(judgeRepeatRate(tens(5))).toEqual({ rate: 0.5, mean: undefined, climbed: false, alert: false });
    expect(judgeRepeatRate([])).toEqual({ rate: undefined, mean: undefined, climbed: false, alert: false });
  });
});

describe("a week far below a department's usual volume", () => {
  it("is flagged when under the mean minus two standard deviations and under half the mean", () => {
    // History 10, 12, 10, 12: mean 11, σ 1, so the line is 9; 3 is also under half of 11.
    expect(isDip(3, [10, 12, 10, 12])).toBe(true);
    expect(isDip(0, [10, 12, 10, 12, 10, 12, 10, 12])).toBe(true);
  });

  it("is not flagged under the line but above half the mean", () => {
    expect(isDip(8, [10, 12, 10, 12])).toBe(false);
  });

  it("is not flagged within the history's own swings", () => {
    // History 2, 20, 2, 20: mean 11, σ 9, so the line is −7.
    expect(isDip(0, [2, 20, 2, 20])).toBe(false);
  });

  it("is not flagged for a department that is quiet anyway, or without four weeks of history", () => {
    expect(isDip(0, [3, 3, 3, 3])).toBe(false);
    expect(isDip(0, [10, 12, 10])).toBe(false);
  });
});
