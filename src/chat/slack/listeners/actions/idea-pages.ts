import type { App } from "@slack/bolt";
import { filterFromState, homePagingAfterMore, ideaListMessage } from "../../../../services/ideas/idea-list";
import { IDEA_ACTIONS } from "../../../../services/ideas/idea-messages";
import { publishHome } from "../events/app-home-opened";
import { buttonValue, employeeBySlackId, ephemeral, localeFor, onButton, type SlackDeps } from "../support";

/** Paging through /ideas lists and the App Home sections. */
export function registerIdeaPageActions(app: App, deps: SlackDeps): void {
  onButton(app, IDEA_ACTIONS.listPage, async ({ ack, body, action, respond }) => {
    await ack();
    const employee = await employeeBySlackId(deps, body.user.id);
    const value = buttonValue(action.value);
    const filter = value && filterFromState(value.parts[0] ?? "");
    if (!employee || !filter) return;
    const page = Number(value.parts[1]) || 0;
    await respond(ephemeral(await ideaListMessage(deps.services, employee.id, filter, page, localeFor(deps, employee)), true));
  });

  onButton(app, IDEA_ACTIONS.homePage, async ({ ack, body, action, client }) => {
    await ack();
    const value = buttonValue(action.value);
    if (!value) return;
    await publishHome(deps, client, body.user.id, homePagingAfterMore(value.parts));
  });
}
