/**
 * Whether one person may take one existing shift, by the planner's own rules (the same
 * `check`), given everything already assigned around it. Used for swaps and reassignments,
 * where a person rather than the planner chooses who takes the seat.
 */
import { expandSlots } from "./calendar";
import { ScheduleState } from "./state";
import type { AssignmentInput, BlockReason, Person, PlannerInput } from "./types";

export type TakeRefusal = BlockReason | "holiday";

export function whyCannotTake(
  input: Pick<PlannerInput, "dates" | "workWeek" | "holidays" | "templates" | "rules" | "people"> & {
    /** Every other assignment around the shift (the shift itself left out). */
    assigned: AssignmentInput[];
  },
  personId: number,
  shift: { date: string; templateId: string },
): TakeRefusal | undefined {
  const slots = expandSlots(input);
  const slot = slots.find((s) => s.date === shift.date && s.template.id === shift.templateId);
  if (!slot || slot.holiday) return "holiday";
  const people = new Map<number, Person>(input.people.map((p) => [p.id, p]));
  const person = people.get(personId);
  if (!person) return "inactive";
  const state = new ScheduleState(slots, input.rules);
  const bySlot = new Map(slots.map((s) => [s.key, s]));
  for (const a of input.assigned) {
    const at = bySlot.get(`${a.date}|${a.templateId}`);
    const holder = people.get(a.personId);
    if (at && holder && a.seat < state.seatsOf(at).length && !state.seatsOf(at)[a.seat]) state.place(at, a.seat, holder, true);
  }
  return state.check(person, slot)?.reason;
}
