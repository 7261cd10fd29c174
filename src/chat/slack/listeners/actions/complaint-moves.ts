import type { App } from "@slack/bolt";
import { startMove, unassignedQueue } from "../../../../services/complaints/complaint-moves";
import { DIGEST_ACTIONS } from "../../../../services/complaints/digest-messages";
import { renderModal } from "../../modal";
import { clickWithId, employeeBySlackId, ephemeral, localeFor, onButton, unknownUserText, type SlackDeps } from "../support";

/** Move… on a digest's example or a queued complaint (opens the form), and the unassigned queue. */
export function registerComplaintMoveActions(app: App, deps: SlackDeps): void {
  onButton(app, DIGEST_ACTIONS.move, async (args) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const start = await startMove(deps.services, click.employee.id, click.id, click.locale);
    if (start.kind === "refused") return void (await args.respond(ephemeral(start.message)));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: renderModal(start.form) });
  });

  onButton(app, DIGEST_ACTIONS.unassigned, async ({ ack, body, respond }) => {
    await ack();
    const employee = await employeeBySlackId(deps, body.user.id);
    const locale = localeFor(deps, employee);
    if (!employee) return void (await respond(ephemeral({ summary: unknownUserText(locale), blocks: [{ type: "section", text: unknownUserText(locale) }] })));
    await respond(ephemeral(await unassignedQueue(deps.services, employee.id, locale)));
  });
}
