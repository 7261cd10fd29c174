import type { App, MessageShortcut } from "@slack/bolt";
import { t } from "../../../../i18n";
import { ideaForm } from "../../../../services/ideas/idea-forms";
import { IDEA_LIMITS } from "../../../../services/ideas/idea-input";
import { notice } from "../../../../services/ideas/idea-messages";
import { renderModal } from "../../modal";
import { activeDepartments } from "../commands/idea";
import { employeeBySlackId, localeFor, noticeModal, unknownUserText, type SlackDeps } from "../support";

/** A link back to the message, built from ids Slack gave us (never from the message text). */
export function messagePermalink(shortcut: MessageShortcut): string | undefined {
  const domain = shortcut.team?.domain;
  const channel = shortcut.channel.id;
  const ts = shortcut.message_ts ?? shortcut.message.ts;
  if (!domain || !/^[a-z0-9-]+$/i.test(domain) || !/^[A-Z0-9]+$/.test(channel) || !/^\d+\.\d+$/.test(ts)) return undefined;
  return `https://${domain}.slack.com/archives/${channel}/p${ts.replace(".", "")}`;
}

/** "Turn into an idea": the idea form, prefilled from the message, linking back to it. */
export function registerIdeaFromMessage(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: "idea_from_message", type: "message_action" }, async ({ ack, shortcut, client }) => {
    await ack();
    const employee = await employeeBySlackId(deps, shortcut.user.id);
    const locale = localeFor(deps, employee);
    if (!employee) {
      await client.views.open({ trigger_id: shortcut.trigger_id, view: noticeModal(locale, t(locale, "ideas.form.newTitle"), notice(locale, unknownUserText(locale))) });
      return;
    }
    const text = (shortcut.message.text ?? "").trim();
    const firstLine = text.split(/\r?\n/)[0] ?? "";
    const departments = await activeDepartments(deps);
    const source = messagePermalink(shortcut);
    const form = ideaForm(
      locale,
      departments,
      {
        title: firstLine.slice(0, IDEA_LIMITS.title),
        proposal: text.slice(0, IDEA_LIMITS.body) || undefined,
        departmentKey: departments.find((d) => d.id === employee.departmentId)?.key,
        sourceMessageUrl: source,
      },
      source,
    );
    await client.views.open({ trigger_id: shortcut.trigger_id, view: renderModal(form) });
  });
}
