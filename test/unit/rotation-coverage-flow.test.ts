/**
 * Coverage as a maximum flow (coverage-flow.ts) and the flow itself (max-flow.ts), on schedules
 * small enough to work out by hand; each expected value is worked out beside it.
 */
import { expandSlots } from "../../src/domain/rotation/calendar";
import { maximiseCoverage } from "../../src/domain/rotation/coverage-flow";
import { FlowGraph } from "../../src/domain/rotation/max-flow";
import { ScheduleState } from "../../src/domain/rotation/state";
import type { Person, PlannerRules } from "../../src/domain/rotation/types";

const MONDAY_TO_WEDNESDAY = ["2026-01-05", "2026-01-06", "2026-01-07"];
const RULES: PlannerRules = { departmentCap: 1, minRestHours: 11, maxShiftsPerWeek: 2, onboardingDays: 0 };

function person(id: number, absences: Person["absences"] = []): Person {
  return { id, departmentId: id, fte: 1, absences };
}

/** One one-seat shift a day, Monday to Wednesday (one company week). */
function schedule(rules: PlannerRules = RULES): ScheduleState {
  const slots = expandSlots({
    dates: MONDAY_TO_WEDNESDAY,
    workWeek: [1, 2, 3, 4, 5],
    holidays: [],
    templates: [{ id: "day", weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "13:00", seats: 1 }],
    rules,
  });
  return new ScheduleState(slots, rules);
}

function seated(state: ScheduleState): string[] {
  return state.slots.map((s) => `${s.date} ${state.seatsOf(s)[0]?.person.id ?? "-"}`);
}

describe("FlowGraph", () => {
  // The network of Cormen et al., Introduction to Algorithms, figure 26.1: its maximum flow is 23.
  function network(): FlowGraph {
    const g = new FlowGraph(6, 9);
    const [s, v1, v2, v3, v4, t] = [0, 1, 2, 3, 4, 5];
    g.addEdge(s, v1, 16);
    g.addEdge(s, v2, 13);
    g.addEdge(v1, v3, 12);
    g.addEdge(v2, v1, 4);
    g.addEdge(v2, v4, 14);
    g.addEdge(v3, v2, 9);
    g.addEdge(v3, t, 20);
    g.addEdge(v4, v3, 7);
    g.addEdge(v4, t, 4);
    return g;
  }

  it("finds the maximum flow", () => {
    expect(network().maximise(0, 5)).toBe(23);
  });

  it("starts from a given flow and adds only what is missing", () => {
    const g = network();
    // 4 units along s → v2 → v4 → t (edges 1, 4 and 8, each added in that order: ids 2, 8, 16).
    for (const edge of [2, 8, 16]) expect(g.push(edge, 4)).toBe(true);
    expect(g.maximise(0, 5)).toBe(19);
    expect(g.flow(16)).toBe(4);
  });

  it("refuses to push more than an edge holds", () => {
    const g = network();
    expect(g.push(16, 5)).toBe(false);
  });
});

describe("maximiseCoverage", () => {
  it("moves a shift to someone who can only work it, to fill a later seat", () => {
    // Person 1 holds Monday and Tuesday (the weekly maximum of two); person 2 is there only on
    // Monday, so Wednesday is empty. The maximum, 3: 2 on Monday, 1 on Tuesday and Wednesday.
    const state = schedule();
    const [monday, tuesday] = state.slots;
    const one = person(1);
    const two = person(2, [{ from: "2026-01-06", to: "2026-01-07" }]);
    state.place(monday!, 0, one, false);
    state.place(tuesday!, 0, one, false);
    const bound = maximiseCoverage(state, [one, two], RULES);
    expect(seated(state)).toEqual(["2026-01-05 2", "2026-01-06 1", "2026-01-07 1"]);
    expect(bound.seats).toBe(3);
    expect(bound.fillable).toBe(3);
    expect([...bound.provenWeeks]).toHaveLength(1);
  });

  it("leaves a week at its maximum as it is and bounds it", () => {
    // One person, at most two shifts a week: two of the three seats, whichever two.
    const state = schedule();
    const [, tuesday, wednesday] = state.slots;
    const one = person(1);
    state.place(tuesday!, 0, one, false);
    state.place(wednesday!, 0, one, false);
    const bound = maximiseCoverage(state, [one], RULES);
    expect(seated(state)).toEqual(["2026-01-05 -", "2026-01-06 1", "2026-01-07 1"]);
    expect(bound.fillable).toBe(2);
    expect([...bound.provenWeeks]).toHaveLength(1);
  });

  it("counts a pinned shift against the weekly maximum and keeps it", () => {
    // Person 1 is pinned on Monday: one more shift that week. Person 2 is there on Tuesday only.
    // The maximum, 3: 1 on Monday (pinned) and Wednesday, 2 on Tuesday.
    const state = schedule();
    const [monday] = state.slots;
    const one = person(1);
    const two = person(2, [{ from: "2026-01-05", to: "2026-01-05" }, { from: "2026-01-07", to: "2026-01-07" }]);
    state.place(monday!, 0, one, true);
    const bound = maximiseCoverage(state, [one, two], RULES);
    expect(seated(state)).toEqual(["2026-01-05 1", "2026-01-06 2", "2026-01-07 1"]);
    expect(state.seatsOf(monday!)[0]?.pinned).toBe(true);
    expect(bound.fillable).toBe(3);
  });
});
