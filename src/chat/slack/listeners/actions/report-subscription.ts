import type { App } from "@slack/bolt";
import { notice } from "../../../../services/ideas/idea-messages";
import { REPORT_ACTIONS } from "../../../../services/reports/monthly-report-message";
import { isReportChoiceValue, setMonthlyReport } from "../../../../services/reports/report-subscription";
import { publishHome } from "../events/app-home-opened";
import { parseHomePaging } from "../../../../services/ideas/idea-list";
import { employeeBySlackId, ephemeral, localeFor, onButton, type SlackDeps } from "../support";

/** *Stop the monthly report* under a report or on the App Home, and *Get the monthly report* there. */
export function registerReportSubscriptionActions(app: App, deps: SlackDeps): void {
  for (const [action, wanted] of [
    [REPORT_ACTIONS.optOut, false],
    [REPORT_ACTIONS.optIn, true],
  ] as const) {
    onButton(app, action, async ({ ack, body, action: clicked, respond, client }) => {
      await ack();
      const employee = await employeeBySlackId(deps, body.user.id);
      if (!employee || !isReportChoiceValue(clicked.value)) return;
      const locale = localeFor(deps, employee);
      const text = await setMonthlyReport(deps.services, employee.id, wanted, locale);
      if (clicked.value === "home") return publishHome(deps, client, body.user.id, parseHomePaging([]));
      await respond(ephemeral(notice(locale, text)));
    });
  }
}
