import { translator } from "../../i18n";
import type { ScheduledJob } from "../scheduler";
import { companyTimezone, type ServiceDeps } from "../deps";
import { notifyPerson } from "../notify";
import { IDEA_ACTIONS, notice } from "./idea-messages";

const DAY_MS = 24 * 60 * 60_000;

/**
 * Each owner of ideas in progress longer than `ideas.stale_after_days` gets one message
 * listing them, with a button to mark each done. Keyed by the run, so a run caught up after
 * downtime, or claimed by two replicas, sends it once.
 */
export async function nudgeStaleIdeaOwners(deps: ServiceDeps, runKey: string, now: Date): Promise<number> {
  const days = deps.organisation()?.ideas.staleAfterDays ?? 14;
  const stale = await deps.prisma.idea.findMany({
    where: { status: "IN_PROGRESS", statusChangedAt: { lt: new Date(now.getTime() - days * DAY_MS) }, ownerId: { not: null } },
    orderBy: { id: "asc" },
    include: { owner: true },
  });
  const byOwner = new Map<number, typeof stale>();
  for (const idea of stale) byOwner.set(idea.ownerId!, [...(byOwner.get(idea.ownerId!) ?? []), idea]);
  await deps.prisma.$transaction(async (tx) => {
    for (const ideas of byOwner.values()) {
      const owner = ideas[0]!.owner!;
      await notifyPerson(tx, deps, owner, `ideas:stale:${runKey}:${owner.id}`, (locale) => {
        const tr = translator(locale);
        const message = notice(locale, tr("ideas.notify.nudge", { days }));
        for (const idea of ideas.slice(0, 20)) {
          message.blocks.push(
            { type: "section", text: tr("ideas.list.item", { number: idea.id, title: idea.title }) },
            { type: "actions", buttons: [{ action: IDEA_ACTIONS.done, label: tr("ideas.button.done"), value: String(idea.id), style: "primary" }] },
          );
        }
        return message;
      });
    }
  });
  if (byOwner.size > 0) deps.outboxKick();
  return byOwner.size;
}

/** Weekly, on the first day of the company's work week at 09:00 in its time zone. */
export function staleIdeasJob(deps: ServiceDeps): ScheduledJob {
  const workWeek = deps.organisation()?.company.workWeek ?? [1, 2, 3, 4, 5];
  const firstIsoDay = workWeek[0] ?? 1;
  return {
    name: "ideas.stale-nudge",
    schedule: { kind: "weekly", weekday: firstIsoDay, hour: 9, timezone: companyTimezone(deps) },
    run: async ({ runKey }) => {
      const owners = await nudgeStaleIdeaOwners(deps, runKey, new Date());
      deps.logger.info({ owners }, "Ideas: owners of stale ideas nudged");
    },
  };
}
