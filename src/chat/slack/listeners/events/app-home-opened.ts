import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { t } from "../../../../i18n";
import { helpMessage } from "../../../../services/help";
import { homeIdeaBlocks, parseHomePaging, type HomePaging } from "../../../../services/ideas/idea-list";
import { renderBlockKit } from "../../block-kit";
import { homeShiftBlocks } from "../../../../services/rotation/rotation-home";
import { homeReportBlocks } from "../../../../services/reports/report-subscription";
import { employeeBySlackId, localeFor, timeZoneOf, type SlackDeps } from "../support";

// The home tab allows 100 blocks where a message allows 50.
const HOME_BLOCKS = 100;

/** The App Home tab: what the bot can do, my next shifts, my ideas, and for managers their review queue. */
export async function publishHome(deps: SlackDeps, client: WebClient, userId: string, paging: HomePaging): Promise<void> {
  const employee = await employeeBySlackId(deps, userId);
  const locale = localeFor(deps, employee);
  const message = helpMessage(locale, employee?.name, "/");
  if (!employee) message.blocks.splice(1, 0, { type: "section", text: t(locale, "home.unknownUser") });
  else {
    const zone = employee.timezone ?? timeZoneOf(deps);
    message.blocks.push(
      ...(await homeShiftBlocks(deps.services, employee.id, locale, zone)),
      ...(await homeIdeaBlocks(deps.services, employee.id, locale, paging)),
      ...(await homeReportBlocks(deps.services, employee.id, locale)),
    );
  }
  await client.views.publish({
    user_id: userId,
    view: { type: "home", blocks: renderBlockKit(message, { maxBlocks: HOME_BLOCKS }).blocks },
  });
}

export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    await publishHome(deps, client, event.user, parseHomePaging([]));
  });
}
