/** Says why a seat stayed empty: the most specific reason, and who was blocked by what. */
import type { Slot } from "./calendar";
import type { ScheduleState } from "./state";
import type { BlockReason, Person, UnfilledSeat } from "./types";

export function explainUnfilled(state: ScheduleState, people: Person[], slot: Slot, seat: number): UnfilledSeat {
  const base = { date: slot.date, templateId: slot.template.id, seat };
  if (slot.holiday) return { ...base, reason: "holiday", blockers: {} };
  const blockers: Partial<Record<BlockReason, number[]>> = {};
  const seated = new Set(state.seatsOf(slot).map((p) => p?.person.id));
  for (const person of people) {
    // Colleagues already on this shift are not candidates for another of its seats.
    if (seated.has(person.id)) continue;
    const reason = state.check(person, slot)?.reason;
    // Someone eligible here would have been seated; the guard keeps the report honest anyway.
    if (!reason) continue;
    (blockers[reason] ??= []).push(person.id);
  }
  // People who could in principle take the shift: active and qualified.
  const qualifiedReasons = (Object.keys(blockers) as BlockReason[]).filter(
    (r) => r !== "inactive" && r !== "no-language-or-skill",
  );
  if (qualifiedReasons.length === 1) {
    const only = qualifiedReasons[0] as Exclude<BlockReason, "inactive" | "no-language-or-skill">;
    return { ...base, reason: only, blockers };
  }
  if (qualifiedReasons.length === 0 && blockers["no-language-or-skill"]) {
    return { ...base, reason: "no-language-or-skill", blockers };
  }
  return { ...base, reason: "nobody-available", blockers };
}
