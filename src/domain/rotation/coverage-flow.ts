/**
 * Coverage at its maximum, week by week, as a maximum flow: source → person (their weekly
 * maximum) → person's day (the most of that day's shifts one person can take under the rest
 * rule) → department's share of a shift (the department cap) → shift (its seats) → sink. Only
 * qualified, present, active people get an edge to a shift, and none to a shift that clashes
 * with one of their pinned shifts; pinned shifts take their seats, department seats and weekly
 * shifts out of the capacities first.
 *
 * Every plan that keeps the hard rules is a flow of this network, so the maximum flow bounds the
 * seats any plan fills (the relaxation forgets only the rest rule between shifts on different
 * days, and counts a day's shifts instead of checking which of them clash). The flow starts from the schedule as it is and grows along augmenting paths only, so a
 * week already at its maximum is left exactly as it was; the new flow is then written back to the
 * schedule, every placement through `ScheduleState.check`. Where the rest between days forbids
 * what the flow chose, the week keeps whatever of it holds if that fills at least as many seats
 * as before, and is otherwise rolled back (the chain search of repair.ts still runs there).
 */
import type { Slot } from "./calendar";
import { FlowGraph } from "./max-flow";
import type { Placement, ScheduleState } from "./state";
import type { Person, PlannerRules } from "./types";

export interface CoverageBound {
  /** Seats of the horizon, holidays aside. */
  seats: number;
  /** Upper bound on the seats any plan keeping the pinned shifts fills. */
  fillable: number;
  /** Weeks whose filled seats equal their bound: nothing more can be filled there. */
  provenWeeks: Set<number>;
}

export function maximiseCoverage(state: ScheduleState, people: readonly Person[], rules: PlannerRules): CoverageBound {
  const weeks = new Map<number, Slot[]>();
  for (const slot of state.slots) {
    if (slot.holiday || slot.template.seats <= 0) continue;
    const list = weeks.get(slot.week);
    if (list) list.push(slot);
    else weeks.set(slot.week, [slot]);
  }
  const active = people.filter((p) => p.fte > 0);
  const result: CoverageBound = { seats: 0, fillable: 0, provenWeeks: new Set() };
  for (const [week, slots] of weeks) {
    const seats = slots.reduce((n, s) => n + s.template.seats, 0);
    result.seats += seats;
    const filled = countFilled(state, slots);
    if (filled === seats) {
      result.fillable += seats;
      result.provenWeeks.add(week);
      continue;
    }
    const fillable = maximiseWeek(state, active, rules, slots);
    result.fillable += fillable;
    if (countFilled(state, slots) >= fillable) result.provenWeeks.add(week);
  }
  return result;
}

function countFilled(state: ScheduleState, slots: readonly Slot[]): number {
  let n = 0;
  for (const slot of slots) for (const p of state.seatsOf(slot)) if (p) n++;
  return n;
}

function clash(a: Slot, b: Slot, restMinutes: number): boolean {
  return a.start < b.end + restMinutes && b.start < a.end + restMinutes;
}

/**
 * The most of `slots` (one day's) one person can take: shifts clash when their intervals, each
 * extended by the rest, overlap, so this is interval scheduling, solved by earliest end.
 */
export function shiftsPerDay(slots: readonly Slot[], restMinutes: number): number {
  const byEnd = [...slots].sort((a, b) => a.end - b.end);
  let count = 0;
  let free = -Infinity;
  for (const s of byEnd) {
    if (s.start >= free) {
      count++;
      free = s.end + restMinutes;
    }
  }
  return count;
}

/**
 * `staticBlock` depends on a slot only through its date and its template's language and skill,
 * so it is asked once per person, day and requirement (not for each of a day's shifts).
 */
function requirement(slot: Slot): string {
  return `${slot.day}|${slot.template.language ?? ""}|${slot.template.skill ?? ""}`;
}

/** Plans one week at its maximum flow (see the file's comment); returns the week's bound. */
function maximiseWeek(state: ScheduleState, people: readonly Person[], rules: PlannerRules, slots: readonly Slot[]): number {
  const restMinutes = rules.minRestHours * 60;
  const slotCount = slots.length;
  const slotAt = new Map(slots.map((s, i) => [s.index, i]));
  const days = [...new Set(slots.map((s) => s.day))];
  const dayOf = slots.map((s) => days.indexOf(s.day));
  const perDay = days.map((d) => shiftsPerDay(slots.filter((s) => s.day === d), restMinutes));
  const requirements = [...new Set(slots.map(requirement))];
  const requirementOf = slots.map((s) => requirements.indexOf(requirement(s)));
  const representative = requirements.map((r) => slots.find((s) => requirement(s) === r) as Slot);
  const departments = [...new Set(people.map((p) => p.departmentId))];
  const departmentAt = new Map(departments.map((d, i) => [d, i]));

  // Pinned placements never move: they only take seats, department seats and weekly shifts.
  const fixedSeats = new Int32Array(slotCount);
  const fixedDepartment = new Int32Array(departments.length * slotCount);
  let fixedCount = 0;
  slots.forEach((slot, si) => {
    for (const p of state.seatsOf(slot)) {
      if (!p?.pinned) continue;
      fixedSeats[si] = (fixedSeats[si] ?? 0) + 1;
      const di = departmentAt.get(p.person.departmentId);
      if (di !== undefined) fixedDepartment[di * slotCount + si] = (fixedDepartment[di * slotCount + si] ?? 0) + 1;
      fixedCount++;
    }
  });

  // Nodes: source, sink, the shifts, the departments' shares of them, people, people's days.
  const SOURCE = 0;
  const SINK = 1;
  const slotNode = 2;
  const shareNode = slotNode + slotCount;
  const personNode = shareNode + departments.length * slotCount;
  const dayNode = personNode + people.length;
  const nodes = dayNode + people.length * days.length;
  const graph = new FlowGraph(nodes, slotCount + departments.length * slotCount + people.length * (1 + days.length + slotCount));
  const slotEdge = slots.map((s, si) => graph.addEdge(slotNode + si, SINK, Math.max(0, s.template.seats - (fixedSeats[si] as number))));
  const shareEdge = new Int32Array(departments.length * slotCount).fill(-1);
  const personEdge = new Int32Array(people.length).fill(-1);
  const dayEdge = new Int32Array(people.length * days.length).fill(-1);
  /** person index * slots + slot index -> the edge from the person's day to their department's share of the slot. */
  const seatEdge = new Int32Array(people.length * slotCount).fill(-1);
  const blocked = new Uint8Array(requirements.length);

  people.forEach((person, pi) => {
    const pinned = state.placementsOf(person.id).filter((p) => p.pinned);
    const pinnedInWeek = pinned.filter((p) => slotAt.has(p.slot.index)).length;
    const weekly = Math.max(0, rules.maxShiftsPerWeek - pinnedInWeek);
    if (weekly === 0) return;
    personEdge[pi] = graph.addEdge(SOURCE, personNode + pi, weekly);
    representative.forEach((slot, r) => (blocked[r] = state.fixedBlock(person, slot) ? 1 : 0));
    const di = departmentAt.get(person.departmentId) as number;
    slots.forEach((slot, si) => {
      if (blocked[requirementOf[si] as number] || (pinned.length > 0 && pinned.some((p) => clash(p.slot, slot, restMinutes)))) return;
      const d = dayOf[si] as number;
      const day = pi * days.length + d;
      if (dayEdge[day] === -1) dayEdge[day] = graph.addEdge(personNode + pi, dayNode + day, perDay[d] as number);
      const share = di * slotCount + si;
      if (shareEdge[share] === -1) shareEdge[share] = graph.addEdge(shareNode + share, slotNode + si, Math.max(0, slot.departmentCap - (fixedDepartment[share] as number)));
      seatEdge[pi * slotCount + si] = graph.addEdge(dayNode + day, shareNode + share, 1);
    });
  });

  // The schedule as it is, as the starting flow.
  const before = new Map<number, Placement>();
  const personIndex = new Map(people.map((p, i) => [p.id, i]));
  let filledBefore = fixedCount;
  for (let si = 0; si < slotCount; si++) {
    const slot = slots[si] as Slot;
    for (const p of state.seatsOf(slot)) {
      if (!p || p.pinned) continue;
      filledBefore++;
      const pi = personIndex.get(p.person.id) ?? -1;
      const di = departmentAt.get(p.person.departmentId) ?? -1;
      const path =
        pi < 0 || di < 0
          ? [-1]
          : [personEdge[pi], dayEdge[pi * days.length + (dayOf[si] as number)], seatEdge[pi * slotCount + si], shareEdge[di * slotCount + si], slotEdge[si]];
      // A placement the network cannot hold (it should not happen: every one passed `check`)
      // leaves the week as it is, bounded only by its seats.
      if (path.some((e) => e === undefined || e < 0) || !path.every((e) => graph.push(e as number, 1))) return slots.reduce((n, s) => n + s.template.seats, 0);
      before.set(pi * slotCount + si, p);
    }
  }
  graph.maximise(SOURCE, SINK);

  // Write the flow back: take off what it dropped, then place what it added.
  const mark = state.mark();
  let fillable = fixedCount;
  const added: [Person, Slot][] = [];
  seatEdge.forEach((edge, key) => {
    if (edge < 0) return;
    const on = graph.flow(edge) > 0;
    if (on) fillable++;
    const had = before.get(key);
    if (had && !on) state.remove(had);
    if (!had && on) added.push([people[Math.floor(key / slotCount)] as Person, slots[key % slotCount] as Slot]);
  });
  added.sort(([pa, sa], [pb, sb]) => sa.index - sb.index || pa.id - pb.id);
  for (const [person, slot] of added) {
    const seat = state.freeSeat(slot);
    if (seat >= 0 && !state.check(person, slot)) state.place(slot, seat, person, false);
  }
  if (countFilled(state, slots) < filledBefore) state.rollback(mark);
  return fillable;
}
