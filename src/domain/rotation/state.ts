/**
 * The mutable schedule the planner and the exact solver work on, and the hard constraints.
 * Both use the same `check`, so "eligible" means the same thing everywhere.
 */
import { dayNumber, type Slot } from "./calendar";
import type { BlockReason, Person, PlannerRules } from "./types";

export interface Placement {
  slot: Slot;
  seat: number;
  person: Person;
  pinned: boolean;
}

/** Why a person cannot take a seat, and which existing placements cause it (if any). */
export interface Block {
  reason: BlockReason;
  /** Placements whose removal would lift this block (for overlap, rest, weekly max, department cap). */
  causes: Placement[];
}

export class ScheduleState {
  /** slot index -> seat -> placement */
  private readonly seats: (Placement | undefined)[][];
  private readonly byPerson = new Map<number, Placement[]>();
  /** Running totals, because fairness asks for them on every candidate comparison. */
  private readonly hours = new Map<number, number>();
  /** slot index -> department id -> seats held, because the department cap is checked for every candidate. */
  private readonly departments: Map<number, number>[];

  constructor(
    readonly slots: Slot[],
    private readonly rules: PlannerRules,
  ) {
    this.seats = slots.map((s) => new Array<Placement | undefined>(s.holiday ? 0 : s.template.seats).fill(undefined));
    this.departments = slots.map(() => new Map<number, number>());
  }

  seatsOf(slot: Slot): readonly (Placement | undefined)[] {
    return this.seats[slot.index] ?? [];
  }

  hoursOf(personId: number): number {
    return this.hours.get(personId) ?? 0;
  }

  placementsOf(personId: number): readonly Placement[] {
    return this.byPerson.get(personId) ?? [];
  }

  all(): Placement[] {
    return this.seats.flatMap((seats) => seats.filter((p): p is Placement => p !== undefined));
  }

  place(slot: Slot, seat: number, person: Person, pinned: boolean): Placement {
    return this.reinsert({ slot, seat, person, pinned });
  }

  /** Operations since construction, so that a search can undo everything it tried. */
  private readonly journal: { op: "place" | "remove"; placement: Placement }[] = [];

  mark(): number {
    return this.journal.length;
  }

  /**
   * Removals in the journal (not undone), by person and by slot. Placements only ever block, so
   * someone could have become eligible for a slot since some earlier moment only if one of their
   * own placements, or one on that slot, was removed since.
   */
  private readonly removedByPerson = new Map<number, { person: Person; count: number }>();
  private readonly removedBySlot = new Map<number, number>();

  /**
   * Who may be eligible for `slot` now without having been before: everyone who lost a
   * placement since this state was built; or undefined (anyone may) when the slot itself lost one.
   */
  mayHaveBecomeEligible(slot: Slot): Person[] | undefined {
    if ((this.removedBySlot.get(slot.index) ?? 0) > 0) return undefined;
    return [...this.removedByPerson.values()].map((r) => r.person);
  }

  private countRemoval(placement: Placement, delta: 1 | -1): void {
    const { person, slot } = placement;
    const entry = this.removedByPerson.get(person.id) ?? { person, count: 0 };
    entry.count += delta;
    if (entry.count > 0) this.removedByPerson.set(person.id, entry);
    else this.removedByPerson.delete(person.id);
    const bySlot = (this.removedBySlot.get(slot.index) ?? 0) + delta;
    if (bySlot > 0) this.removedBySlot.set(slot.index, bySlot);
    else this.removedBySlot.delete(slot.index);
  }

  /** Undoes every place and remove done after `mark`, restoring the very same placement objects. */
  rollback(mark: number): void {
    while (this.journal.length > mark) {
      const entry = this.journal.pop();
      if (entry?.op === "place") this.detach(entry.placement);
      else if (entry) {
        this.countRemoval(entry.placement, -1);
        this.attach(entry.placement);
      }
    }
  }

  /** Puts a removed placement back as the same object, so references held by callers stay valid. */
  reinsert(placement: Placement): Placement {
    this.journal.push({ op: "place", placement });
    return this.attach(placement);
  }

  private attach(placement: Placement): Placement {
    const { slot, seat, person } = placement;
    const row = this.seats[slot.index];
    if (!row || seat < 0 || seat >= row.length || row[seat]) throw new Error(`seat ${seat} of ${slot.key} is not free`);
    row[seat] = placement;
    const list = this.byPerson.get(person.id) ?? [];
    list.push(placement);
    this.byPerson.set(person.id, list);
    this.hours.set(person.id, this.hoursOf(person.id) + slot.hours);
    const held = this.departments[slot.index];
    held?.set(person.departmentId, (held.get(person.departmentId) ?? 0) + 1);
    return placement;
  }

  remove(placement: Placement): void {
    this.journal.push({ op: "remove", placement });
    this.countRemoval(placement, 1);
    this.detach(placement);
  }

  private detach(placement: Placement): void {
    const row = this.seats[placement.slot.index];
    if (row?.[placement.seat] !== placement) throw new Error(`placement on ${placement.slot.key} is not in the schedule`);
    row[placement.seat] = undefined;
    this.hours.set(placement.person.id, this.hoursOf(placement.person.id) - placement.slot.hours);
    const held = this.departments[placement.slot.index];
    held?.set(placement.person.departmentId, (held.get(placement.person.departmentId) ?? 0) - 1);
    const list = this.byPerson.get(placement.person.id) ?? [];
    this.byPerson.set(
      placement.person.id,
      list.filter((p) => p !== placement),
    );
  }

  /** What keeps the person off every seat of the slot whatever else is planned, by this plan's rules (onboarding included). */
  fixedBlock(person: Person, slot: Slot): BlockReason | undefined {
    return staticBlock(person, slot, this.rules.onboardingDays);
  }

  /** The first (most fundamental) reason the person cannot take a seat on the slot, or undefined when they can. */
  check(person: Person, slot: Slot): Block | undefined {
    const fixed = this.fixedBlock(person, slot);
    if (fixed) return { reason: fixed, causes: [] };
    const mine = this.placementsOf(person.id);
    const restMinutes = this.rules.minRestHours * 60;
    // One pass without allocating (this runs for every candidate); the causes are collected only when blocked.
    let overlap = false;
    let rest = false;
    let week = 0;
    for (const p of mine) {
      if (p.slot.start < slot.end && slot.start < p.slot.end) overlap = true;
      if (p.slot.start < slot.end + restMinutes && slot.start < p.slot.end + restMinutes) rest = true;
      if (p.slot.week === slot.week) week++;
    }
    if (overlap) return { reason: "overlap", causes: mine.filter((p) => p.slot.start < slot.end && slot.start < p.slot.end) };
    if (rest) return { reason: "rest", causes: mine.filter((p) => p.slot.start < slot.end + restMinutes && slot.start < p.slot.end + restMinutes) };
    if (week >= this.rules.maxShiftsPerWeek) return { reason: "weekly-max", causes: mine.filter((p) => p.slot.week === slot.week) };
    if ((this.departments[slot.index]?.get(person.departmentId) ?? 0) >= slot.departmentCap) {
      const sameDepartment = this.seatsOf(slot).filter((p): p is Placement => p?.person.departmentId === person.departmentId);
      return { reason: "department-cap", causes: sameDepartment };
    }
    return undefined;
  }

  /**
   * Every way to make `person` eligible for `slot` by taking placements off: all that clash
   * (overlap or rest), plus one of their other shifts that week when at the weekly maximum,
   * plus one of their department's seats on the slot when at the cap. `check` names only the
   * first reason, and a chain that lifts only that one fails when another holds too. Empty
   * when nothing can be taken off to help (a static block, or pinned shifts beyond a limit).
   */
  liftingSets(person: Person, slot: Slot): Placement[][] {
    if (this.fixedBlock(person, slot)) return [];
    const mine = this.placementsOf(person.id);
    const restMinutes = this.rules.minRestHours * 60;
    const clashes = mine.filter((p) => p.slot.start < slot.end + restMinutes && slot.start < p.slot.end + restMinutes);
    const sameWeek = mine.filter((p) => p.slot.week === slot.week && !clashes.includes(p));
    const weekOver = sameWeek.length - this.rules.maxShiftsPerWeek + 1;
    const sameDepartment = this.seatsOf(slot).filter((p): p is Placement => p !== undefined && p.person.departmentId === person.departmentId && !clashes.includes(p));
    const departmentOver = sameDepartment.length - slot.departmentCap + 1;
    if (weekOver > 1 || departmentOver > 1) return [];
    const weekOptions = weekOver === 1 ? sameWeek.map((p) => [p]) : [[]];
    const departmentOptions = departmentOver === 1 ? sameDepartment.map((p) => [p]) : [[]];
    return weekOptions.flatMap((w) => departmentOptions.map((d) => [...clashes, ...w, ...d]));
  }

  freeSeat(slot: Slot): number {
    return this.seatsOf(slot).findIndex((p) => p === undefined);
  }
}

/** Start dates as day numbers: asked for every candidate of every seat, so parsed once per person. */
const startDays = new WeakMap<Person, number>();

/** Days from the person's start date to the slot's date (negative before it), or undefined without a start date. */
export function daysSinceStart(person: Person, slot: Slot): number | undefined {
  if (person.startDate === undefined) return undefined;
  let start = startDays.get(person);
  if (start === undefined) {
    start = dayNumber(person.startDate);
    startDays.set(person, start);
  }
  return slot.day - start;
}

/**
 * Constraints that do not depend on the rest of the schedule. During their first
 * `onboardingDays` a newcomer holds no seat ("inactive"): they are not coverage yet, and sit
 * beside an experienced colleague on an extra seat instead (onboarding.ts).
 */
export function staticBlock(person: Person, slot: Slot, onboardingDays = 0): BlockReason | undefined {
  if (!(person.fte > 0) || (person.startDate !== undefined && person.startDate > slot.date)) return "inactive";
  if (onboardingDays > 0 && person.startDate !== undefined && (daysSinceStart(person, slot) ?? 0) < onboardingDays) return "inactive";
  const { language, skill } = slot.template;
  if (language !== undefined && !(person.languages ?? []).includes(language)) return "no-language-or-skill";
  if (skill !== undefined && !(person.skills ?? []).includes(skill)) return "no-language-or-skill";
  if (person.absences.some((a) => a.from <= slot.date && slot.date <= a.to)) return "absent";
  return undefined;
}
