import type { App, MessageShortcut } from "@slack/bolt";
import { t } from "../../../../i18n";
import { storyForm } from "../../../../services/stories/story-forms";
import { readableSlackText, slackMentionsIn, STORY_LIMITS } from "../../../../services/stories/story-input";
import { storyNotice } from "../../../../services/stories/story-messages";
import { renderModal } from "../../modal";
import { activeDepartments } from "../commands/idea";
import { namesBySlackId } from "../commands/story";
import { employeeBySlackId, localeFor, noticeModal, unknownUserText, type SlackDeps } from "../support";
import { messagePermalink } from "./idea-from-message";

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** "Share as a service story": the story form, prefilled with the message and its author as a colleague. */
export function registerStoryFromMessage(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: "story_from_message", type: "message_action" }, async ({ ack, shortcut, client }) => {
    await ack();
    const employee = await employeeBySlackId(deps, shortcut.user.id);
    const locale = localeFor(deps, employee);
    if (!employee) {
      await client.views.open({ trigger_id: shortcut.trigger_id, view: noticeModal(locale, t(locale, "stories.form.title"), storyNotice(locale, unknownUserText(locale))) });
      return;
    }
    const raw = shortcut.message.text ?? "";
    const names = await namesBySlackId(deps, slackMentionsIn(raw));
    const text = readableSlackText(raw, (id) => names.get(id)).trim().slice(0, STORY_LIMITS.text);
    const author = shortcut.message.user;
    const colleagues = author && SLACK_USER_ID.test(author) && author !== shortcut.user.id ? [author] : [];
    const departments = await activeDepartments(deps);
    const form = storyForm(locale, departments, { text: text || undefined, colleagues, sourceMessageUrl: messagePermalink(shortcut) });
    await client.views.open({ trigger_id: shortcut.trigger_id, view: renderModal(form) });
  });
}
