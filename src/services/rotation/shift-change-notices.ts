/** Tells people when a shift that was already theirs (published) moves to someone else. */
import { translator } from "../../i18n";
import { companyLocale, companyTimezone, type ServiceDeps, type Tx } from "../deps";
import { channelMessages, personMessages } from "../notify";
import { enqueue, type OutboxEntry } from "../outbox";
import { addedNotice, notice, removedNotice, shiftLabel } from "./rotation-messages";
import { loadShiftViews, PERSON_SELECT, type ShiftPerson } from "./shift-views";

export interface ShiftChange {
  shiftId: number;
  from: number | null;
  to: number | null;
  /** The seat no longer exists (closure, template removed). */
  cancelled: boolean;
}

export function zoneOf(deps: Pick<ServiceDeps, "organisation">, person: Pick<ShiftPerson, "timezone">): string {
  return person.timezone ?? companyTimezone(deps);
}

/** One message to the person who lost the shift and one to who gained it; `eventKey` keeps retries from repeating them. */
export async function notifyShiftChanges(
  tx: Tx,
  deps: Pick<ServiceDeps, "organisation" | "platforms">,
  changes: readonly ShiftChange[],
  eventKey: string,
): Promise<void> {
  if (changes.length === 0) return;
  const views = new Map((await loadShiftViews(tx, { id: { in: changes.map((c) => c.shiftId) } })).map((v) => [v.id, v]));
  const ids = [...new Set(changes.flatMap((c) => [c.from, c.to]).filter((id): id is number => id !== null))];
  const people = new Map((await tx.employee.findMany({ where: { id: { in: ids } }, select: PERSON_SELECT })).map((p) => [p.id, p]));
  // All the notices in one statement: an absence or a departure can move many shifts at once.
  const entries: OutboxEntry[] = [];
  for (const change of changes) {
    const shift = views.get(change.shiftId);
    if (!shift) continue;
    const from = change.from === null ? undefined : people.get(change.from);
    const to = change.to === null ? undefined : people.get(change.to);
    if (from) {
      entries.push(
        ...personMessages(deps, from, `shift-change:${eventKey}:${shift.id}:from:${from.id}`, (locale) =>
          removedNotice(shift, to ?? null, change.cancelled, locale, zoneOf(deps, from)),
        ),
      );
    }
    if (!to && !change.cancelled) {
      // A published seat left empty: whoever watches the line should know, and can assign it.
      const locale = companyLocale(deps);
      const text = translator(locale)("rotation.changed.openSeat", { name: from?.name ?? "—", shift: shiftLabel(shift, locale, companyTimezone(deps)), id: shift.id });
      entries.push(...channelMessages(deps, deps.organisation()?.supportLine.channel ?? {}, `shift-change:${eventKey}:${shift.id}:open`, notice(locale, text)));
    }
    if (to) {
      entries.push(...personMessages(deps, to, `shift-change:${eventKey}:${shift.id}:to:${to.id}`, (locale) => addedNotice(shift, locale, zoneOf(deps, to))));
    }
  }
  await enqueue(tx, entries);
}
