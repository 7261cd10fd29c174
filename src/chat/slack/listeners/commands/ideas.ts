import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { ideaListMessage, parseIdeaFilter } from "../../../../services/ideas/idea-list";
import { notice } from "../../../../services/ideas/idea-messages";
import { employeeBySlackId, ephemeral, localeFor, unknownUserText, type SlackDeps } from "../support";

/** `/ideas [mine | department | top | <status>]`: the backlog, a page at a time. */
export function registerIdeasCommand(app: App, deps: SlackDeps): void {
  app.command("/ideas", async ({ command, ack }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    if (!employee) return ack(ephemeral(notice(locale, unknownUserText(locale))));
    const filter = parseIdeaFilter(command.text);
    if (!filter) return ack(ephemeral(notice(locale, translator(locale)("ideas.list.usage"))));
    return ack(ephemeral(await ideaListMessage(deps.services, employee.id, filter, 0, locale)));
  });
}
