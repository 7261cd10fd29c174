import type { App } from "@slack/bolt";
import { noteForm } from "../../../../services/ideas/idea-forms";
import { IDEA_ACTIONS, notice, refusalText } from "../../../../services/ideas/idea-messages";
import { renderModal } from "../../modal";
import { clickWithId, ephemeral, onButton, timeZoneOf, type SlackDeps } from "../support";

/** "Add details", under a manager's question: only the proposer may answer. */
export function registerIdeaReplyAction(app: App, deps: SlackDeps): void {
  onButton(app, IDEA_ACTIONS.reply, async (args) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const { employee, locale, id: ideaId } = click;
    const { body, client, respond } = args;
    const idea = await deps.db.prisma.idea.findUnique({ where: { id: ideaId }, include: { department: true } });
    if (!idea || idea.proposerId !== employee.id) {
      const refusal = idea ? ({ kind: "forbidden", action: "reply", departmentName: idea.department.name } as const) : ({ kind: "not-found" } as const);
      return void (await respond(ephemeral(notice(locale, refusalText(locale, refusal, ideaId, timeZoneOf(deps))))));
    }
    await client.views.open({ trigger_id: body.trigger_id, view: renderModal(noteForm(locale, ideaId, "reply")) });
  });
}
