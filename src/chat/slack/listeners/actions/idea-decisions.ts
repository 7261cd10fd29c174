import type { App } from "@slack/bolt";
import type { IdeaAction } from "../../../../domain/idea-lifecycle";
import { checkAction, decideIdea } from "../../../../services/ideas/decide-idea";
import { approveForm, mergeForm, noteForm } from "../../../../services/ideas/idea-forms";
import { DECISION_FORM_BUTTONS, IDEA_ACTIONS, notice, refusalText } from "../../../../services/ideas/idea-messages";
import { renderModal } from "../../modal";
import { clickWithId, ephemeral, onButton, requestKeyOf, timeZoneOf, type SlackDeps } from "../support";

/** Buttons that act at once. */
const DIRECT_BUTTONS = { [IDEA_ACTIONS.start]: "start", [IDEA_ACTIONS.done]: "done" } as const satisfies Record<string, IdeaAction>;

export function registerIdeaDecisionActions(app: App, deps: SlackDeps): void {
  for (const [actionId, rule] of Object.entries(DECISION_FORM_BUTTONS)) {
    onButton(app, actionId, async (args) => {
      const click = await clickWithId(deps, args);
      if (!click) return;
      const { employee, locale, id: ideaId } = click;
      const { body, client, respond } = args;
      const refusal = await checkAction(deps.db.prisma, ideaId, employee.id, rule);
      if (refusal) return void (await respond(ephemeral(notice(locale, refusalText(locale, refusal, ideaId, timeZoneOf(deps))))));
      const { status } = await deps.db.prisma.idea.findUniqueOrThrow({ where: { id: ideaId }, select: { status: true } });
      const state = `${ideaId}:${status}`;
      const form =
        actionId === IDEA_ACTIONS.approve
          ? approveForm(locale, ideaId, state, body.user.id)
          : actionId === IDEA_ACTIONS.merge
            ? mergeForm(locale, ideaId, state)
            : noteForm(locale, ideaId, actionId === IDEA_ACTIONS.reject ? "reject" : "ask", state);
      await client.views.open({ trigger_id: body.trigger_id, view: renderModal(form) });
    });
  }

  for (const [actionId, rule] of Object.entries(DIRECT_BUTTONS)) {
    onButton(app, actionId, async (args) => {
      const click = await clickWithId(deps, args);
      if (!click) return;
      const { employee, locale, id: ideaId } = click;
      const result = await decideIdea(deps.services, { ideaId, actorId: employee.id, action: rule, requestKey: requestKeyOf(args.body) });
      if (result.kind !== "done" && result.kind !== "duplicate") {
        await args.respond(ephemeral(notice(locale, refusalText(locale, result, ideaId, timeZoneOf(deps)))));
      }
    });
  }
}
