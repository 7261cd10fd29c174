import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { ideaFromText } from "../../../../services/ideas/idea-input";
import { ideaForm } from "../../../../services/ideas/idea-forms";
import { notice, similarHint, submittedReply } from "../../../../services/ideas/idea-messages";
import { submitIdea } from "../../../../services/ideas/submit-idea";
import { renderModal } from "../../modal";
import { employeeBySlackId, ephemeral, localeFor, requestKeyOf, unknownUserText, type SlackDeps } from "../support";

export async function activeDepartments(deps: SlackDeps) {
  return deps.db.prisma.department.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, key: true, name: true } });
}

/**
 * `/idea <text>` records the idea before acknowledging (one short transaction), so the
 * acknowledgement can carry its number; `/idea` alone opens the form.
 */
export function registerIdeaCommand(app: App, deps: SlackDeps): void {
  app.command("/idea", async ({ command, ack, client, body }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    if (!employee) return ack(ephemeral(notice(locale, unknownUserText(locale))));
    if (!command.text.trim()) {
      await ack();
      const departments = await activeDepartments(deps);
      const own = departments.find((d) => d.id === employee.departmentId)?.key;
      await client.views.open({ trigger_id: command.trigger_id, view: renderModal(ideaForm(locale, departments, { departmentKey: own })) });
      return;
    }
    const parsed = ideaFromText(command.text, locale);
    if (!parsed.ok) return ack(ephemeral(notice(locale, Object.values(parsed.errors).join(" "))));
    const result = await submitIdea(deps.services, employee, parsed.value, {
      requestKey: requestKeyOf(body),
      checkSimilar: true,
      confirmByMessage: false,
    });
    switch (result.kind) {
      case "saved":
        return ack(ephemeral(submittedReply(locale, result.idea, result.departmentName)));
      case "similar":
        return ack(ephemeral(similarHint(locale, result.similar, result.draftId)));
      case "invalid":
        return ack(ephemeral(notice(locale, Object.values(result.errors).join(" "))));
      case "draft-gone":
        return ack(ephemeral(notice(locale, translator(locale)("ideas.draftGone"))));
      case "duplicate":
        return ack();
    }
  });
}
