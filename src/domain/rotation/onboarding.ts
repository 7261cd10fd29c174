/**
 * Onboarding: new hires spend their first days on the line, each time next to an experienced
 * colleague (a mentor, or buddy) who is on that shift anyway, preferably a different one each
 * time so they meet more of the company.
 *
 * The newcomer's onboarding shifts are extra seats beside the mentor (`planOnboarding`): they
 * need no two-seat shift and take no seat from coverage, and the newcomer holds no seat of
 * their own before their onboarding days are over (`staticBlock`). `BuddyAssigner` pairs the
 * newcomers who still hold a seat of a shift (published before onboarding worked this way).
 */
import type { Slot } from "./calendar";
import { dayNumber, daysBetween } from "./calendar";
import { daysSinceStart, type Placement, type ScheduleState, staticBlock } from "./state";
import type { Assignment, AssignmentInput, Person, PlannerRules, PlanWarning } from "./types";

/** Onboarding on a shift: it falls in the first `days` days from the start date. */
export function isOnboarding(person: Person, slot: Slot, days: number): boolean {
  if (person.startDate === undefined) return false;
  const since = daysBetween(person.startDate, slot.date);
  return since >= 0 && since < days;
}

/** Counts how often each experienced person has been the buddy of each newcomer. */
export class BuddyBook {
  /** newcomer id -> buddy id -> times. */
  private readonly pairs = new Map<number, Map<number, number>>();

  count(newcomerId: number, buddyId: number): number {
    return this.pairs.get(newcomerId)?.get(buddyId) ?? 0;
  }

  record(newcomerId: number, buddyId: number): void {
    const buddies = this.pairs.get(newcomerId) ?? new Map<number, number>();
    buddies.set(buddyId, (buddies.get(buddyId) ?? 0) + 1);
    this.pairs.set(newcomerId, buddies);
  }

  /** Everyone who has buddied the newcomer at least once. */
  buddiesOf(newcomerId: number): number[] {
    return [...(this.pairs.get(newcomerId)?.keys() ?? [])];
  }
}

/**
 * Picks buddies slot by slot, in chronological order: for each newcomer the experienced
 * colleague on the same shift who has buddied them least, then who already buddies fewest
 * newcomers on this shift, then the lowest id.
 */
export class BuddyAssigner {
  readonly book = new BuddyBook();
  readonly warnings: PlanWarning[] = [];

  constructor(private readonly onboardingDays: number) {}

  /** Start dates as day numbers: asked for every candidate of every seat, so parsed once per person. */
  private readonly startDays = new Map<Person, number>();

  isNewcomer(person: Person, slot: Slot): boolean {
    if (person.startDate === undefined) return false;
    let start = this.startDays.get(person);
    if (start === undefined) {
      start = dayNumber(person.startDate);
      this.startDays.set(person, start);
    }
    // The same as isOnboarding(person, slot, this.onboardingDays), without parsing dates.
    const since = slot.day - start;
    return since >= 0 && since < this.onboardingDays;
  }

  /** Returns the buddy of each onboarding placement on the slot and records the pairs. */
  assignSlot(slot: Slot, here: Placement[]): Map<Placement, number> {
    const buddies = new Map<Placement, number>();
    const experienced = here.filter((p) => !this.isNewcomer(p.person, slot));
    const load = new Map<number, number>();
    for (const newcomer of here.filter((p) => this.isNewcomer(p.person, slot))) {
      const id = newcomer.person.id;
      const before = (a: Placement, b: Placement) =>
        this.book.count(id, a.person.id) - this.book.count(id, b.person.id) ||
        (load.get(a.person.id) ?? 0) - (load.get(b.person.id) ?? 0) ||
        a.person.id - b.person.id;
      // The first in that order; a scan, because a shift can have hundreds of seats.
      let best: Placement | undefined;
      for (const p of experienced) if (!best || before(p, best) < 0) best = p;
      if (!best) {
        this.warnings.push({
          kind: "no-buddy",
          date: slot.date,
          templateId: slot.template.id,
          personId: id,
          message: `person ${id} is onboarding on ${slot.key} without an experienced colleague`,
        });
        continue;
      }
      buddies.set(newcomer, best.person.id);
      this.book.record(id, best.person.id);
      load.set(best.person.id, (load.get(best.person.id) ?? 0) + 1);
    }
    return buddies;
  }
}

export interface OnboardingInput {
  /** Every slot of the horizon, in chronological order. */
  slots: readonly Slot[];
  /** The finished plan of the shifts' own seats: mentors are whoever holds one. */
  state: ScheduleState;
  /** Sorted by id. */
  people: readonly Person[];
  rules: PlannerRules;
  /** Published onboarding shifts: always kept. */
  pinned: readonly AssignmentInput[];
  /** Onboarding shifts of the last plan: kept while they still fit and a mentor is on the shift. */
  previous: readonly AssignmentInput[];
}

export interface OnboardingPlan {
  /** Sorted by slot, then seat. */
  shifts: Assignment[];
  warnings: PlanWarning[];
}

/** Whether an input assignment is an onboarding shift on an extra seat (beyond the template's seats). */
export function isOnboardingSeat(a: AssignmentInput, seats: number): boolean {
  return a.onboarding === true && a.seat >= seats;
}

/**
 * Plans the newcomers' onboarding shifts once the shifts' own seats are settled: on each
 * working day of their onboarding days, `onboardingShiftsPerDay` shifts (1 when unset), each
 * beside an experienced colleague who holds a seat of it.
 *
 * Published ones stay; those of the last plan stay while they still fit and someone
 * experienced is on the shift (so re-planning unchanged changes nothing, and a change moves only
 * the onboarding shifts it forces); then each newcomer, by id, gets what is missing on each day.
 * Among the shifts that day and the colleagues on them, the colleague who has mentored the
 * newcomer least comes first, then who mentors fewest newcomers on that shift, then the earlier
 * shift, then the lower id: with two possible mentors the newcomer alternates between them.
 *
 * A newcomer's onboarding shift must not overlap another of theirs; against a seat they hold it
 * keeps the rest rule too. The weekly maximum and the rest rule between onboarding shifts do not
 * apply: onboarding is the newcomer's working day, not their turn on the line. When a day has
 * fewer possible shifts with a mentor than wanted, each missing one is reported ("no-buddy") on
 * a shift the newcomer could have joined but where nobody experienced is on.
 */
export function planOnboarding({ slots, state, people, rules, pinned, previous }: OnboardingInput): OnboardingPlan {
  const days = rules.onboardingDays;
  const perDay = Math.max(0, rules.onboardingShiftsPerDay ?? 1);
  const restMinutes = rules.minRestHours * 60;
  const book = new BuddyBook();
  const shifts: Assignment[] = [];
  const warnings: PlanWarning[] = [];
  /** slot index -> the onboarding shifts on it. */
  const onSlot = new Map<number, Assignment[]>();
  /** person id -> the slots of their onboarding shifts. */
  const mine = new Map<number, Slot[]>();
  const slotByKey = new Map(slots.map((s) => [s.key, s]));
  const personById = new Map(people.map((p) => [p.id, p]));

  const newcomerOn = (person: Person, slot: Slot): boolean => {
    const since = daysSinceStart(person, slot);
    return since !== undefined && since >= 0 && since < days;
  };
  const mentorLoad = (slot: Slot, mentorId: number) => (onSlot.get(slot.index) ?? []).filter((a) => a.buddyId === mentorId).length;
  /** The mentor for the newcomer on the slot: `preferred` while they are still on it, else the first in the order above. */
  const mentorFor = (newcomer: Person, slot: Slot, preferred?: number): Person | undefined => {
    let best: Person | undefined;
    let bestKey: [number, number] = [Infinity, Infinity];
    for (const placement of state.seatsOf(slot)) {
      const colleague = placement?.person;
      if (!colleague || colleague.id === newcomer.id || newcomerOn(colleague, slot)) continue;
      if (colleague.id === preferred) return colleague;
      const key: [number, number] = [book.count(newcomer.id, colleague.id), mentorLoad(slot, colleague.id)];
      if (!best || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && colleague.id < best.id)))) {
        best = colleague;
        bestKey = key;
      }
    }
    return best;
  };
  const fits = (newcomer: Person, slot: Slot): boolean => {
    if (slot.holiday || !newcomerOn(newcomer, slot) || staticBlock(newcomer, slot)) return false;
    if (state.seatsOf(slot).some((p) => p?.person.id === newcomer.id)) return false;
    const clashesWithSeat = state.placementsOf(newcomer.id).some((p) => p.slot.start < slot.end + restMinutes && slot.start < p.slot.end + restMinutes);
    return !clashesWithSeat && !(mine.get(newcomer.id) ?? []).some((s) => s.start < slot.end && slot.start < s.end);
  };
  const countOn = (personId: number, date: string) => (mine.get(personId) ?? []).filter((s) => s.date === date).length;
  const add = (slot: Slot, wantedSeat: number | undefined, newcomer: Person, mentor: Person | undefined, isPinned: boolean): void => {
    const taken = new Set((onSlot.get(slot.index) ?? []).map((a) => a.seat));
    let seat = wantedSeat !== undefined && wantedSeat >= slot.template.seats && !taken.has(wantedSeat) ? wantedSeat : slot.template.seats;
    while (taken.has(seat)) seat++;
    const shift: Assignment = {
      date: slot.date,
      templateId: slot.template.id,
      seat,
      personId: newcomer.id,
      onboarding: true,
      ...(mentor ? { buddyId: mentor.id } : {}),
      pinned: isPinned,
    };
    shifts.push(shift);
    onSlot.set(slot.index, [...(onSlot.get(slot.index) ?? []), shift]);
    mine.set(newcomer.id, [...(mine.get(newcomer.id) ?? []), slot]);
    if (mentor) book.record(newcomer.id, mentor.id);
  };
  const warn = (slot: Slot, newcomer: Person): void => {
    warnings.push({
      kind: "no-buddy",
      date: slot.date,
      templateId: slot.template.id,
      personId: newcomer.id,
      message: `person ${newcomer.id} is onboarding on ${slot.key} without an experienced colleague`,
    });
  };

  const inOrder = (given: readonly AssignmentInput[]) =>
    [...given].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0) || a.seat - b.seat || a.personId - b.personId);
  for (const a of inOrder(pinned)) {
    const slot = slotByKey.get(`${a.date}|${a.templateId}`);
    const newcomer = personById.get(a.personId);
    if (!slot || slot.holiday || !newcomer || (mine.get(newcomer.id) ?? []).includes(slot)) {
      const inHorizon = slots.some((s) => s.date === a.date);
      if (inHorizon) warnings.push({ kind: "pinned-dropped", date: a.date, templateId: a.templateId, personId: a.personId, message: `pinned onboarding ${a.date}|${a.templateId} for person ${a.personId} has no seat in this plan` });
      continue;
    }
    const mentor = mentorFor(newcomer, slot, a.buddyId);
    if (!mentor) warn(slot, newcomer);
    add(slot, a.seat, newcomer, mentor, true);
  }
  for (const a of inOrder(previous)) {
    const slot = slotByKey.get(`${a.date}|${a.templateId}`);
    const newcomer = personById.get(a.personId);
    if (!slot || !newcomer || !fits(newcomer, slot) || countOn(newcomer.id, slot.date) >= perDay) continue;
    const mentor = mentorFor(newcomer, slot, a.buddyId);
    if (mentor) add(slot, a.seat, newcomer, mentor, false);
  }

  const slotsByDate = new Map<string, Slot[]>();
  for (const slot of slots) if (!slot.holiday) slotsByDate.set(slot.date, [...(slotsByDate.get(slot.date) ?? []), slot]);
  for (const newcomer of people) {
    if (!(newcomer.fte > 0) || newcomer.startDate === undefined) continue;
    for (const [date, daySlots] of slotsByDate) {
      if (!newcomerOn(newcomer, daySlots[0] as Slot)) continue;
      const reported: Slot[] = [];
      for (let have = countOn(newcomer.id, date); have < perDay; have++) {
        const open = daySlots.filter((s) => fits(newcomer, s) && !reported.some((r) => r.start < s.end && s.start < r.end));
        let best: { slot: Slot; mentor: Person; key: [number, number] } | undefined;
        for (const slot of open) {
          const mentor = mentorFor(newcomer, slot);
          if (!mentor) continue;
          const key: [number, number] = [book.count(newcomer.id, mentor.id), mentorLoad(slot, mentor.id)];
          // Slots come in chronological order, so on a tie the earlier one stays.
          if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && key[1] < best.key[1])) best = { slot, mentor, key };
        }
        if (best) {
          add(best.slot, undefined, newcomer, best.mentor, false);
          continue;
        }
        const alone = open[0];
        if (!alone) break;
        warn(alone, newcomer);
        reported.push(alone);
      }
    }
  }
  shifts.sort((a, b) => (slotByKey.get(`${a.date}|${a.templateId}`)?.index ?? 0) - (slotByKey.get(`${b.date}|${b.templateId}`)?.index ?? 0) || a.seat - b.seat);
  return { shifts, warnings };
}
