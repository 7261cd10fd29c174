import type { App } from "@slack/bolt";
import { reportPreviewFor } from "../../../../services/reports/report-preview";
import { slackMentionsIn } from "../../../../services/stories/story-input";
import { employeeBySlackId, ephemeral, localeFor, unknownUserText, type SlackDeps } from "../support";

/** `/report preview [@person] [YYYY-MM]`: acknowledged at once, because a report with its chart takes a moment to build. */
export function registerReportCommand(app: App, deps: SlackDeps): void {
  app.command("/report", async ({ ack, command, respond }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    if (!employee) return void (await ack(ephemeral({ summary: unknownUserText(locale), blocks: [{ type: "section", text: unknownUserText(locale) }] })));
    await ack();
    const [mentioned] = slackMentionsIn(command.text);
    const named = mentioned ? await employeeBySlackId(deps, mentioned) : undefined;
    const person = mentioned ? (named ? { id: named.id } : { unknown: `<@${mentioned}>` }) : undefined;
    const words = command.text.replace(/<@[^>]*>/g, " ").trim().split(/\s+/).filter(Boolean);
    await respond(ephemeral(await reportPreviewFor(deps.services, employee.id, { words, person }, locale)));
  });
}
