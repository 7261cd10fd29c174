/**
 * The support-line rotation planner. Pure and deterministic: no clock, no randomness, and
 * every choice ends in a tie-break on ids.
 *
 * Steps: expand templates into slots; keep pinned placements; keep still-valid placements of
 * the previous plan (so re-planning changes little); fill the remaining seats in
 * chronological order with the most deserving eligible person; bring each week's coverage to
 * the maximum flow of its network (coverage-flow.ts); repair what that could not settle with
 * augmenting chains; move shifts from those over what they owe to those under it while that
 * lowers the squared deviations, and exchange shifts of different lengths (swaps, moves to an
 * empty seat) while that lowers the worst or the squared deviations (balance.ts); report the
 * plan's quality against its bounds (quality.ts); explain every empty seat; then give newcomers
 * their onboarding shifts, extra seats beside a mentor on the shift (onboarding.ts).
 */
import { expandSlots, type Slot } from "./calendar";
import { balanceHours, exchangeShifts } from "./balance";
import { Availability, Fairness, horizonTargets, owedHours, plannedHours } from "./fairness";
import { explainUnfilled } from "./explain";
import { maximiseCoverage } from "./coverage-flow";
import { BuddyAssigner, isOnboardingSeat, planOnboarding } from "./onboarding";
import { planQuality } from "./quality";
import { repairCoverage, type Ranker } from "./repair";
import { type Placement, ScheduleState } from "./state";
import type { Assignment, AssignmentInput, Person, PlanResult, PlannerInput, PlanWarning, ShiftTemplate, UnfilledSeat } from "./types";

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** Used when the organisation file defines no shifts: a morning and an afternoon seat on every work day. */
export const DEFAULT_TEMPLATES: readonly ShiftTemplate[] = Object.freeze([
  { id: "morning", weekdays: EVERY_DAY, start: "09:00", end: "13:00", seats: 1 },
  { id: "afternoon", weekdays: EVERY_DAY, start: "13:00", end: "17:00", seats: 1 },
]);

export function planRotation(input: PlannerInput): PlanResult {
  const slots = expandSlots(input);
  const people = [...input.people].sort((a, b) => a.id - b.id);
  const state = new ScheduleState(slots, input.rules);
  const warnings: PlanWarning[] = [];
  // Onboarding shifts are extra seats, planned after the shifts' own seats.
  const seatsOf = new Map(input.templates.map((t) => [t.id, t.seats]));
  const extra = (a: AssignmentInput) => isOnboardingSeat(a, seatsOf.get(a.templateId) ?? 0);
  const pinned = input.pinned.filter((a) => !extra(a));
  const previous = (input.previous ?? []).filter((a) => !extra(a));

  placeGiven(state, slots, people, pinned, true, warnings);
  const kept = new Set(placeGiven(state, slots, people, previous, false, warnings));

  const availability = new Availability(people, slots, input.rules.onboardingDays);
  const fairness = new Fairness(input, availability);
  const greedyBuddies = new BuddyAssigner(input.rules.onboardingDays);
  const rank = ranker(state, fairness, greedyBuddies);
  const context: FillContext = { state, people, personById: new Map(people.map((p) => [p.id, p])), fairness, buddies: greedyBuddies, rank };
  for (const slot of slots) {
    fillSlot(slot, context);
    greedyBuddies.assignSlot(slot, placed(state, slot));
  }

  const coverage = maximiseCoverage(state, people, input.rules);
  repairCoverage(state, people, rank, (slot) => coverage.provenWeeks.has(slot.week));
  const owed = owedHours(input, slots, availability);
  const balance = { owed, fixed: kept, isNewcomer: (p: Person, s: Slot) => greedyBuddies.isNewcomer(p, s) };
  balanceHours(state, people, balance);
  if (exchangeShifts(state, balance) > 0) balanceHours(state, people, balance);
  const onboarding = planOnboarding({
    slots,
    state,
    people,
    rules: input.rules,
    pinned: input.pinned.filter(extra),
    previous: (input.previous ?? []).filter(extra),
  });
  const result = buildResult(input, state, slots, people, warnings, availability);
  const quality = planQuality(state, people, input.rules, owed, coverage, availability);
  return { ...result, onboarding: onboarding.shifts, warnings: [...result.warnings, ...onboarding.warnings], quality };
}

/** What filling a slot needs besides the slot. */
interface FillContext {
  state: ScheduleState;
  people: Person[];
  personById: Map<number, Person>;
  fairness: Fairness;
  buddies: BuddyAssigner;
  rank: Ranker;
}

/**
 * Fills the free seats of one slot, seat by seat, each with the first eligible person in
 * `rank` order, as if everyone were ranked afresh for every seat, but without that cost
 * (thousands of people, hundreds of seats):
 * - While no newcomer on the shift lacks a buddy, the order does not depend on who is already
 *   on the shift, and seating someone changes only that person's deficit. So the candidates
 *   are ordered once (lazily: a slot rarely needs more than its seats' worth) and walked
 *   with a cursor. Nobody the cursor passed can become eligible again: what blocked them
 *   (their own shifts, the department's seats here) only grows while the slot fills.
 * - When the people on the shift are all newcomers, experienced colleagues who buddied them
 *   least come first. The first eligible is then among: the eligible newcomers, the first
 *   eligible colleague who never buddied them (in the cursor's order), and the eligible
 *   colleagues who did; `rank` orders that short list.
 */
function fillSlot(slot: Slot, { state, people, personById, fairness, buddies, rank }: FillContext): void {
  const row = state.seatsOf(slot);
  if (!row.includes(undefined)) return;
  const here = placed(state, slot);
  let seated = here.length;
  let newcomersHere = here.filter((p) => buddies.isNewcomer(p.person, slot)).length;

  const candidates = people.filter((p) => !state.fixedBlock(p, slot));
  const isNewcomer = candidates.map((p) => buddies.isNewcomer(p, slot));
  const newcomers = candidates.filter((_, i) => isNewcomer[i]);
  // The ranker's key when no newcomer needs a buddy: [newcomer first, 1, 0, -deficit], then the id.
  const group = isNewcomer.map((n) => (n && slot.template.seats >= 2 ? 0 : 1));
  const deficit = candidates.map((p) => fairness.deficit(state, p, slot));
  const order = new LazyOrder(candidates, (a, b) => {
    const ga = group[a] as number;
    const gb = group[b] as number;
    if (ga !== gb) return ga < gb;
    const da = deficit[a] as number;
    const db = deficit[b] as number;
    if (da !== db) return da > db;
    return (candidates[a] as Person).id < (candidates[b] as Person).id;
  });
  const eligible = (p: Person) => !state.check(p, slot);

  let cursor = 0;
  for (let seat = 0; seat < row.length; seat++) {
    if (row[seat]) continue;
    let best: Person | undefined;
    if (newcomersHere > 0 && newcomersHere === seated) {
      const pastBuddies = new Set(placed(state, slot).flatMap((p) => buddies.book.buddiesOf(p.person.id)));
      const shortList = newcomers.filter(eligible);
      for (let i = cursor, p = order.at(i); p; p = order.at(++i)) {
        if (!buddies.isNewcomer(p, slot) && !pastBuddies.has(p.id) && eligible(p)) {
          shortList.push(p);
          break;
        }
      }
      for (const id of pastBuddies) {
        const p = personById.get(id);
        if (p && !buddies.isNewcomer(p, slot) && eligible(p)) shortList.push(p);
      }
      best = rank(slot, shortList).at(0);
    } else {
      while (order.at(cursor) && !eligible(order.at(cursor) as Person)) cursor++;
      best = order.at(cursor);
    }
    if (!best) continue;
    state.place(slot, seat, best, false);
    seated++;
    if (buddies.isNewcomer(best, slot)) newcomersHere++;
  }
}

/**
 * Items in the order `before` defines (a strict total order on their indices), produced on
 * demand from a binary heap: building it is linear, and each next item costs a logarithm, so
 * a caller that needs only the first few of thousands does not pay for sorting them all.
 */
export class LazyOrder<T> implements Iterable<T> {
  private readonly heap: Int32Array;
  private size: number;
  private readonly done: T[] = [];

  constructor(
    private readonly items: readonly T[],
    private readonly before: (a: number, b: number) => boolean,
  ) {
    this.size = items.length;
    this.heap = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) this.heap[i] = i;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The i-th item in order, or undefined past the end. */
  at(i: number): T | undefined {
    while (this.done.length <= i && this.size > 0) {
      const top = this.heap[0] as number;
      this.size--;
      this.heap[0] = this.heap[this.size] as number;
      this.down(0);
      this.done.push(this.items[top] as T);
    }
    return this.done[i];
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0, item = this.at(0); item !== undefined; item = this.at(++i)) yield item;
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.before(heap[right] as number, heap[left] as number) ? right : left;
      if (!this.before(heap[child] as number, heap[i] as number)) return;
      const t = heap[i] as number;
      heap[i] = heap[child] as number;
      heap[child] = t;
      i = child;
    }
  }
}

/**
 * Candidate order for a seat: newcomers first where a buddy can sit next to them; an
 * experienced colleague first when a newcomer on the shift still lacks one (preferring who
 * has buddied them least); then the largest fairness deficit; then the lowest id.
 */
function ranker(state: ScheduleState, fairness: Fairness, buddies: BuddyAssigner): Ranker {
  return (slot, candidates) => {
    const here = placed(state, slot);
    const newcomers = here.filter((p) => buddies.isNewcomer(p.person, slot)).map((p) => p.person.id);
    const needBuddy = newcomers.length > 0 && here.every((p) => buddies.isNewcomer(p.person, slot));
    // The key [newcomer first, buddy first, times buddied, -deficit], in flat arrays.
    const n = candidates.length;
    const first = new Int8Array(n);
    const buddy = new Int8Array(n);
    const buddied = new Float64Array(n);
    const deficit = new Float64Array(n);
    candidates.forEach((person, i) => {
      const newcomer = buddies.isNewcomer(person, slot);
      first[i] = newcomer && slot.template.seats >= 2 ? 0 : 1;
      buddy[i] = needBuddy && !newcomer ? 0 : 1;
      buddied[i] = needBuddy ? newcomers.reduce((sum, id) => sum + buddies.book.count(id, person.id), 0) : 0;
      // Deficits are on a grid (Fairness.deficit), so equal means a tie and the id decides.
      deficit[i] = fairness.deficit(state, person, slot);
    });
    // Lazily: coverage repair often looks at only the first few hundred of thousands of candidates.
    return new LazyOrder(candidates, (a, b) => {
      if (first[a] !== first[b]) return (first[a] as number) < (first[b] as number);
      if (buddy[a] !== buddy[b]) return (buddy[a] as number) < (buddy[b] as number);
      if (buddied[a] !== buddied[b]) return (buddied[a] as number) < (buddied[b] as number);
      if (deficit[a] !== deficit[b]) return (deficit[a] as number) > (deficit[b] as number);
      return (candidates[a] as Person).id < (candidates[b] as Person).id;
    });
  };
}

function placed(state: ScheduleState, slot: Slot): Placement[] {
  return state.seatsOf(slot).filter((p): p is Placement => p !== undefined);
}

/**
 * Places pinned assignments (always, even if they now break a rule: they are published) or
 * previous ones (only while every rule still holds), on their own seat when it is free.
 */
function placeGiven(
  state: ScheduleState,
  slots: Slot[],
  people: Person[],
  given: AssignmentInput[],
  pinned: boolean,
  warnings: PlanWarning[],
): Placement[] {
  const done: Placement[] = [];
  const slotByKey = new Map(slots.map((s) => [s.key, s]));
  const personById = new Map(people.map((p) => [p.id, p]));
  const ordered = [...given].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0) || a.seat - b.seat || a.personId - b.personId,
  );
  for (const a of ordered) {
    const slot = slotByKey.get(`${a.date}|${a.templateId}`);
    const person = personById.get(a.personId);
    const seats = slot ? state.seatsOf(slot) : [];
    const seat = seats[a.seat] === undefined && a.seat >= 0 && a.seat < seats.length ? a.seat : seats.findIndex((p) => !p);
    const duplicate = slot !== undefined && seats.some((p) => p?.person.id === a.personId);
    if (!slot || !person || seat < 0 || duplicate) {
      // Outside the horizon is not a problem: the pin belongs to another plan.
      const inHorizon = slots.some((s) => s.date === a.date);
      if (pinned && inHorizon && !duplicate) {
        warnings.push({ kind: "pinned-dropped", date: a.date, templateId: a.templateId, personId: a.personId, message: `pinned ${a.date}|${a.templateId} for person ${a.personId} has no seat in this plan` });
      }
      continue;
    }
    if (pinned || !state.check(person, slot)) done.push(state.place(slot, seat, person, pinned));
  }
  return done;
}

function buildResult(
  input: PlannerInput,
  state: ScheduleState,
  slots: Slot[],
  people: Person[],
  warnings: PlanWarning[],
  availability: Availability,
): Omit<PlanResult, "onboarding" | "quality"> {
  const buddies = new BuddyAssigner(input.rules.onboardingDays);
  const assignments: Assignment[] = [];
  const unfilled: UnfilledSeat[] = [];
  for (const slot of slots) {
    if (slot.holiday) {
      for (let seat = 0; seat < slot.template.seats; seat++) unfilled.push(explainUnfilled(state, people, slot, seat));
      continue;
    }
    const pairs = buddies.assignSlot(slot, placed(state, slot));
    // The schedule no longer changes: every empty seat of a shift has the same explanation, so
    // it is worked out once per shift (checking everyone) and its blockers lists are shared.
    let explained: UnfilledSeat | undefined;
    state.seatsOf(slot).forEach((p, seat) => {
      if (!p) {
        explained ??= explainUnfilled(state, people, slot, seat);
        unfilled.push({ ...explained, seat });
        return;
      }
      const buddyId = pairs.get(p);
      assignments.push({
        date: slot.date,
        templateId: slot.template.id,
        seat,
        personId: p.person.id,
        onboarding: buddies.isNewcomer(p.person, slot),
        ...(buddyId !== undefined ? { buddyId } : {}),
        pinned: p.pinned,
      });
    });
  }
  const targets = horizonTargets(input, slots, availability);
  const hours: PlanResult["hours"] = {};
  for (const person of people) hours[person.id] = { planned: plannedHours(state, person.id), target: targets.get(person.id) ?? 0 };
  return { assignments, unfilled, hours, warnings: [...warnings, ...buddies.warnings] };
}
