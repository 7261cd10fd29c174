import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { storyForm } from "../../../../services/stories/story-forms";
import { readableSlackText, slackMentionsIn, validateStoryForm } from "../../../../services/stories/story-input";
import { personalDataHold, storyNotice, submittedText } from "../../../../services/stories/story-messages";
import { storyTopMessage } from "../../../../services/stories/story-top";
import { submitStory } from "../../../../services/stories/submit-story";
import { renderModal } from "../../modal";
import { activeDepartments } from "./idea";
import { employeeBySlackId, ephemeral, localeFor, requestKeyOf, unknownUserText, type SlackDeps } from "../support";

const TOP = /^\s*(top|מובילים)\s*$/i;

/** The names of the people with these Slack ids, for text that mentions them. */
export async function namesBySlackId(deps: SlackDeps, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const people = await deps.db.prisma.employee.findMany({ where: { slackUserId: { in: [...ids] } }, select: { slackUserId: true, name: true } });
  return new Map(people.map((p) => [p.slackUserId!, p.name]));
}

/**
 * `/story <text>` acknowledges at once, then records the story and answers through the
 * response URL: published, sent to the curators, or held back with *Post anyway* when it
 * seems to hold a customer's personal data. Colleagues mentioned are the colleagues
 * involved. `/story` alone opens the form; `/story top` shows the quarter's most appreciated.
 */
export function registerStoryCommand(app: App, deps: SlackDeps): void {
  app.command("/story", async ({ command, ack, client, body, respond }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    if (!employee) return ack(ephemeral(storyNotice(locale, unknownUserText(locale))));
    if (!command.text.trim()) {
      await ack();
      const departments = await activeDepartments(deps);
      await client.views.open({ trigger_id: command.trigger_id, view: renderModal(storyForm(locale, departments)) });
      return;
    }
    await ack();
    const tr = translator(locale);
    if (TOP.test(command.text)) return void (await respond(ephemeral(await storyTopMessage(deps.services, locale))));
    const mentioned = slackMentionsIn(command.text);
    const names = await namesBySlackId(deps, mentioned);
    const text = readableSlackText(command.text, (id) => names.get(id));
    const validated = validateStoryForm({ text, colleagues: mentioned }, locale, []);
    if (!validated.ok) return void (await respond(ephemeral(storyNotice(locale, Object.values(validated.errors).join(" ")))));
    try {
      const result = await submitStory(deps.services, employee, validated.value, { requestKey: requestKeyOf(body), holdPersonalData: true });
      switch (result.kind) {
        case "published":
        case "awaiting":
          return void (await respond(ephemeral(storyNotice(locale, submittedText(locale, { ...result, curators: result.kind === "awaiting" ? result.curators : [] })))));
        case "held":
          return void (await respond(ephemeral(personalDataHold(locale, result.storyId, result.findings))));
        case "invalid":
          return void (await respond(ephemeral(storyNotice(locale, Object.values(result.errors).join(" ")))));
        case "duplicate":
          return;
      }
    } catch (error) {
      deps.logger.error({ err: error }, "/story: the story could not be saved");
      await respond(ephemeral(storyNotice(locale, tr("stories.sent.failed"))));
    }
  });
}
