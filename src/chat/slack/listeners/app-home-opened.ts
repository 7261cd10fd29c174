import type { App } from "@slack/bolt";
import { resolveLocale, t } from "../../../i18n";
import { helpMessage } from "../../../services/help";
import { renderBlockKit } from "../block-kit";
import type { SlackDeps } from "./index";

/** The App Home tab: who the bot thinks you are, and what you can ask it. */
export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const employee = await deps.db.prisma.employee.findUnique({ where: { slackUserId: event.user } });
    const locale = resolveLocale({
      employee: employee?.locale,
      company: deps.organisation()?.company.locale ?? "en",
    });
    const message = helpMessage(locale, employee?.name, "/");
    if (!employee) {
      message.blocks.splice(1, 0, { type: "section", text: t(locale, "home.unknownUser") });
    }
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: renderBlockKit(message).blocks },
    });
  });
}
