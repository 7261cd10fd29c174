/**
 * Onboarding: new hires spend their first days on the line, each time next to an experienced
 * colleague (a buddy), preferably a different one each time so they meet more of the company.
 */
import type { Slot } from "./calendar";
import { dayNumber, daysBetween } from "./calendar";
import type { Placement } from "./state";
import type { Person, PlanWarning } from "./types";

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
