import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { IDEA_ACTIONS, notice, submittedReply } from "../../../../services/ideas/idea-messages";
import { draftInput, submitIdea } from "../../../../services/ideas/submit-idea";
import { employeeBySlackId, ephemeral, localeFor, onButton, requestKeyOf, type SlackDeps } from "../support";

/** "Submit mine anyway": the draft kept while similar ideas were shown becomes an idea. */
export function registerIdeaDraftActions(app: App, deps: SlackDeps): void {
  onButton(app, IDEA_ACTIONS.submitDraft, async ({ ack, body, action, respond }) => {
    await ack();
    const employee = await employeeBySlackId(deps, body.user.id);
    if (!employee || typeof action.value !== "string") return;
    const locale = localeFor(deps, employee);
    const input = await draftInput(deps.services, employee.id, action.value);
    const result = input
      ? await submitIdea(deps.services, employee, input, {
          requestKey: requestKeyOf(body),
          checkSimilar: false,
          confirmByMessage: false,
          draftId: action.value,
        })
      : ({ kind: "draft-gone" } as const);
    if (result.kind === "saved") await respond(ephemeral(submittedReply(locale, result.idea, result.departmentName), true));
    else if (result.kind === "draft-gone") await respond(ephemeral(notice(locale, translator(locale)("ideas.draftGone")), true));
  });
}
