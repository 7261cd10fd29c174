import { dipWeeks, spikeWeeks } from "../../src/domain/complaints/spike-weeks";

describe("weeks far from usual, judged against the eight before each", () => {
  // Eight weeks of history, then the four weeks shown: a usual week, a spike, a usual week and an empty one.
  const counts = [10, 12, 11, 9, 10, 11, 12, 10, 11, 40, 10, 0];

  it("marks the week far above the eight before it as a spike", () => {
    expect(spikeWeeks(counts, 4)).toEqual([false, true, false, false]);
  });

  it("marks the week far below the eight before it, a broken intake's silence", () => {
    expect(dipWeeks([10, 12, 11, 9, 10, 11, 12, 10, 11, 0], 2)).toEqual([false, true]);
    // With a spike among the eight weeks before, an empty week is not far enough below them to tell.
    expect(dipWeeks(counts, 4)).toEqual([false, false, false, false]);
  });

  it("does not call a quiet week a dip where complaints are rare anyway", () => {
    expect(dipWeeks([2, 3, 2, 1, 3, 2, 2, 3, 0], 1)).toEqual([false]);
  });
});
