/**
 * Onboarding: new hires spend their first days on the line, each time next to an experienced
 * colleague (a buddy), preferably a different one each time so they meet more of the company.
 */
import type { Slot } from "./calendar";
import { daysBetween } from "./calendar";
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
  private readonly pairs = new Map<string, number>();

  count(newcomerId: number, buddyId: number): number {
    return this.pairs.get(`${newcomerId}:${buddyId}`) ?? 0;
  }

  record(newcomerId: number, buddyId: number): void {
    this.pairs.set(`${newcomerId}:${buddyId}`, this.count(newcomerId, buddyId) + 1);
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

  isNewcomer(person: Person, slot: Slot): boolean {
    return isOnboarding(person, slot, this.onboardingDays);
  }

  /** Returns the buddy of each onboarding placement on the slot and records the pairs. */
  assignSlot(slot: Slot, here: Placement[]): Map<Placement, number> {
    const buddies = new Map<Placement, number>();
    const experienced = here.filter((p) => !this.isNewcomer(p.person, slot));
    const load = new Map<number, number>();
    for (const newcomer of here.filter((p) => this.isNewcomer(p.person, slot))) {
      const id = newcomer.person.id;
      const best = [...experienced].sort(
        (a, b) =>
          this.book.count(id, a.person.id) - this.book.count(id, b.person.id) ||
          (load.get(a.person.id) ?? 0) - (load.get(b.person.id) ?? 0) ||
          a.person.id - b.person.id,
      )[0];
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
