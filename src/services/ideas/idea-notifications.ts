import { translator } from "../../i18n";
import { companyTimezone, formatWhen, type ServiceDeps, type Tx } from "../deps";
import { notifyPerson } from "../notify";
import { IDEA_ACTIONS, notice } from "./idea-messages";

const VOTER_STATUSES = new Set(["APPROVED", "DONE", "REJECTED"]);

/**
 * Who hears about a status change: the proposer always (even when anonymous: only they
 * see it), the new owner when assigned, and voters on approval, completion or rejection
 * unless they muted the idea. Each message is keyed by the event, so it is sent once.
 */
export async function notifyTransition(tx: Tx, deps: ServiceDeps, ideaId: number, eventId: number): Promise<void> {
  const idea = await tx.idea.findUniqueOrThrow({
    where: { id: ideaId },
    include: { proposer: true, owner: true, votes: { where: { mutedUpdates: false }, include: { employee: true } } },
  });
  const event = await tx.ideaEvent.findUniqueOrThrow({ where: { id: eventId }, include: { actor: true } });
  const status = event.toStatus;
  const values = (locale: "en" | "he") => ({
    number: idea.id,
    title: idea.title,
    name: event.actor?.name ?? "—",
    owner: idea.owner?.name ?? translator(locale)("ideas.nobody"),
    reason: idea.rejectionReason ?? "—",
    into: idea.mergedIntoId ?? "—",
  });
  const key = `idea:${idea.id}:event:${event.id}`;

  await notifyPerson(tx, deps, idea.proposer, `${key}:proposer`, (locale) =>
    notice(locale, translator(locale)(`ideas.notify.${status}`, values(locale))),
  );

  if (status === "APPROVED" && idea.owner) {
    const targetDate = idea.targetDate;
    await notifyPerson(tx, deps, idea.owner, `${key}:owner`, (locale) => {
      const tr = translator(locale);
      return notice(
        locale,
        targetDate
          ? tr("ideas.notify.ownerTarget", { ...values(locale), date: formatWhen(targetDate, locale, companyTimezone(deps), false) })
          : tr("ideas.notify.owner", values(locale)),
      );
    });
  }

  if (VOTER_STATUSES.has(status)) {
    for (const vote of idea.votes) {
      if (vote.employeeId === idea.proposerId) continue;
      await notifyPerson(tx, deps, vote.employee, `${key}:voter:${vote.employeeId}`, (locale) => {
        const tr = translator(locale);
        return notice(locale, tr(`ideas.notify.voter.${status}`, values(locale)), [
          { action: IDEA_ACTIONS.mute, label: tr("ideas.button.mute"), value: String(idea.id) },
        ]);
      });
    }
  }
}
