/**
 * Tells a department's managers when the planner found no experienced colleague to sit beside
 * one of their new hires on a shift of their onboarding: they can put someone on that shift or
 * arrange the onboarding otherwise. Each such shift is told once (the dedupe key names it), however
 * often the rotation is planned again.
 */
import { translator } from "../../i18n";
import type { PlanWarning } from "../../domain/rotation/types";
import { companyLocale, type ServiceDeps, type Tx } from "../deps";
import { channelMessages, personMessages } from "../notify";
import { enqueue, type OutboxEntry } from "../outbox";
import { shiftTimes } from "./rotation-calendar";
import { notice, shiftName, shiftWhen } from "./rotation-messages";
import { zoneOf } from "./shift-change-notices";
import { PERSON_SELECT } from "./shift-views";

export async function notifyOnboardingWithoutMentor(
  tx: Tx,
  deps: Pick<ServiceDeps, "organisation" | "platforms">,
  warnings: readonly PlanWarning[],
  now: Date,
): Promise<void> {
  const organisation = deps.organisation();
  if (!organisation) return;
  const zone = organisation.company.timezone;
  const lacking = warnings.flatMap((w) => {
    const template = w.kind === "no-buddy" ? organisation.supportLine.shifts.find((s) => s.key === w.templateId) : undefined;
    if (!template) return [];
    const times = shiftTimes(w.date, template, zone);
    // A shift under way or over is past helping.
    return times.startsAt > now ? [{ warning: w, template, times }] : [];
  });
  if (lacking.length === 0) return;
  const newcomers = new Map(
    (await tx.employee.findMany({ where: { id: { in: [...new Set(lacking.map((l) => l.warning.personId))] } }, select: { id: true, name: true, departmentId: true } })).map((e) => [e.id, e]),
  );
  const departmentIds = [...new Set([...newcomers.values()].map((e) => e.departmentId).filter((id): id is number => id !== null))];
  const managerRows = await tx.departmentManager.findMany({ where: { departmentId: { in: departmentIds } }, select: { departmentId: true, employee: { select: PERSON_SELECT } } });
  const entries: OutboxEntry[] = [];
  for (const { warning, template, times } of lacking) {
    const newcomer = newcomers.get(warning.personId);
    if (!newcomer) continue;
    const key = `onboarding-no-mentor:${newcomer.id}:${warning.date}|${warning.templateId}`;
    const text = (locale: ReturnType<typeof companyLocale>, readerZone: string) =>
      translator(locale)("rotation.onboardingNoMentor", { newcomer: newcomer.name, when: shiftWhen(times, locale, readerZone), shift: shiftName(template, locale) });
    const managers = managerRows.filter((m) => m.departmentId === newcomer.departmentId).map((m) => m.employee);
    for (const manager of managers) {
      entries.push(...personMessages(deps, manager, `${key}:manager:${manager.id}`, (locale) => notice(locale, text(locale, zoneOf(deps, manager)))));
    }
    // A department without managers: whoever watches the line hears of it instead.
    if (managers.length === 0) {
      const locale = companyLocale(deps);
      entries.push(...channelMessages(deps, organisation.supportLine.channel ?? {}, `${key}:channel`, notice(locale, text(locale, zone))));
    }
  }
  await enqueue(tx, entries);
}
