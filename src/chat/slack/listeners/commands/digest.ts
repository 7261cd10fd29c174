import type { App } from "@slack/bolt";
import { digestPreviewFor } from "../../../../services/complaints/digest-preview";
import { employeeBySlackId, ephemeral, localeFor, unknownUserText, type SlackDeps } from "../support";

/** `/digest preview …`: acknowledged at once, because a digest with its chart can take a few seconds to build. */
export function registerDigestCommand(app: App, deps: SlackDeps): void {
  app.command("/digest", async ({ ack, command, respond }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    if (!employee) return void (await ack(ephemeral({ summary: unknownUserText(locale), blocks: [{ type: "section", text: unknownUserText(locale) }] })));
    await ack();
    await respond(ephemeral(await digestPreviewFor(deps.services, employee.id, command.text, locale)));
  });
}
