import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { ideaForm } from "../../../../services/ideas/idea-forms";
import { validateIdeaForm } from "../../../../services/ideas/idea-input";
import { notice, similarHint, submittedReply } from "../../../../services/ideas/idea-messages";
import { submitIdea } from "../../../../services/ideas/submit-idea";
import { renderBlockKit } from "../../block-kit";
import { modalErrors, readModalValues } from "../../modal";
import { activeDepartments } from "../commands/idea";
import { employeeBySlackId, localeFor, noticeModal, requestKeyOf, unknownUserText, type SlackDeps } from "../support";

/**
 * The new-idea form. Problems are shown in the fields themselves; similar ideas replace the
 * form with the choice to upvote one of them or to submit anyway (by direct message, where
 * the buttons keep working after the form is gone).
 */
export function registerIdeaSubmitView(app: App, deps: SlackDeps): void {
  app.view("idea.submit", async ({ ack, body, view, client }) => {
    const employee = await employeeBySlackId(deps, body.user.id);
    const locale = localeFor(deps, employee);
    const tr = translator(locale);
    if (!employee) return void (await ack({ response_action: "update", view: noticeModal(locale, tr("ideas.form.newTitle"), notice(locale, unknownUserText(locale))) }));
    const departments = await activeDepartments(deps);
    const form = ideaForm(locale, departments, {});
    const values = readModalValues(form, view.state.values);
    const validated = validateIdeaForm(
      { ...values, source: view.private_metadata || undefined },
      locale,
      departments.map((d) => d.key),
    );
    if (!validated.ok) return void (await ack(modalErrors(validated.errors)));
    const result = await submitIdea(deps.services, employee, validated.value, {
      requestKey: requestKeyOf(body),
      checkSimilar: true,
      confirmByMessage: true,
    });
    switch (result.kind) {
      case "invalid":
        return void (await ack(modalErrors(result.errors)));
      case "saved":
        return void (await ack({ response_action: "update", view: noticeModal(locale, tr("ideas.form.newTitle"), submittedReply(locale, result.idea, result.departmentName)) }));
      case "similar":
        await ack();
        await client.chat.postMessage({ channel: body.user.id, ...renderBlockKit(similarHint(locale, result.similar, result.draftId)) });
        return;
      default:
        return void (await ack());
    }
  });
}
