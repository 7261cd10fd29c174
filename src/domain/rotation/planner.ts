/**
 * The support-line rotation planner. Pure and deterministic: no clock, no randomness, and
 * every choice ends in a tie-break on ids.
 *
 * Steps: expand templates into slots; keep pinned placements; keep still-valid placements of
 * the previous plan (so re-planning changes little); fill the remaining seats in
 * chronological order with the most deserving eligible person; repair coverage with
 * augmenting chains; pair newcomers with buddies; explain every empty seat.
 */
import { expandSlots, type Slot } from "./calendar";
import { Fairness, horizonTargets, plannedHours } from "./fairness";
import { explainUnfilled } from "./explain";
import { BuddyAssigner } from "./onboarding";
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

  placeGiven(state, slots, people, input.pinned, true, warnings);
  placeGiven(state, slots, people, input.previous ?? [], false, warnings);

  const fairness = new Fairness(horizonTargets(input, slots), input.history);
  const greedyBuddies = new BuddyAssigner(input.rules.onboardingDays);
  const rank = ranker(state, fairness, greedyBuddies);
  for (const slot of slots) {
    state.seatsOf(slot).forEach((placement, seat) => {
      if (placement) return;
      const best = rank(slot, people).find((p) => !state.check(p, slot));
      if (best) state.place(slot, seat, best, false);
    });
    greedyBuddies.assignSlot(slot, placed(state, slot));
  }

  repairCoverage(state, people, rank);
  return buildResult(input, state, slots, people, warnings);
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
    const key = (person: Person): [number, number, number, number] => {
      const newcomer = buddies.isNewcomer(person, slot);
      return [
        newcomer && slot.template.seats >= 2 ? 0 : 1,
        needBuddy && !newcomer ? 0 : 1,
        needBuddy ? newcomers.reduce((n, id) => n + buddies.book.count(id, person.id), 0) : 0,
        -fairness.deficit(state, person),
      ];
    };
    const keys = new Map(candidates.map((p) => [p.id, key(p)]));
    return [...candidates].sort((a, b) => compareKeys(keys.get(a.id), keys.get(b.id)) || a.id - b.id);
  };
}

function compareKeys(a: number[] = [], b: number[] = []): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    // Hours are sums of fractions; treat float noise as a tie so the id decides.
    if (Math.abs(d) > 1e-9) return d;
  }
  return 0;
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
): void {
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
    if (pinned || !state.check(person, slot)) state.place(slot, seat, person, pinned);
  }
}

function buildResult(input: PlannerInput, state: ScheduleState, slots: Slot[], people: Person[], warnings: PlanWarning[]): PlanResult {
  const buddies = new BuddyAssigner(input.rules.onboardingDays);
  const assignments: Assignment[] = [];
  const unfilled: UnfilledSeat[] = [];
  for (const slot of slots) {
    if (slot.holiday) {
      for (let seat = 0; seat < slot.template.seats; seat++) unfilled.push(explainUnfilled(state, people, slot, seat));
      continue;
    }
    const pairs = buddies.assignSlot(slot, placed(state, slot));
    state.seatsOf(slot).forEach((p, seat) => {
      if (!p) {
        unfilled.push(explainUnfilled(state, people, slot, seat));
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
  const targets = horizonTargets(input, slots);
  const hours: PlanResult["hours"] = {};
  for (const person of people) hours[person.id] = { planned: plannedHours(state, person.id), target: targets.get(person.id) ?? 0 };
  return { assignments, unfilled, hours, warnings: [...warnings, ...buddies.warnings] };
}
