import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { swapForm } from "../../../../services/rotation/rotation-forms";
import { notice, ROTATION_FORMS } from "../../../../services/rotation/rotation-messages";
import { readModalValues } from "../../modal";
import { offerShift } from "../actions/rotation-swaps";
import { offerableShifts } from "../../../../services/rotation/shift-queries";
import { employeeBySlackId, localeFor, noticeModal, requestKeyOf, timeZoneOf, type SlackDeps } from "../support";

/** The swap form: the chosen shift is offered to the chosen colleague, or to everyone eligible. */
export function registerRotationSwapView(app: App, deps: SlackDeps): void {
  app.view(ROTATION_FORMS.swap, async ({ ack, body, view }) => {
    const employee = await employeeBySlackId(deps, body.user.id);
    if (!employee) return void (await ack());
    const locale = localeFor(deps, employee);
    const shifts = await offerableShifts(deps.services, employee.id, new Date());
    const values = readModalValues(swapForm(locale, shifts, employee.timezone ?? timeZoneOf(deps)), view.state.values);
    const shiftId = Number(values.shift);
    const colleague = typeof values.colleague === "string" && values.colleague ? values.colleague : undefined;
    const answer = await offerShift(deps, employee, locale, { shiftId, slackUserId: colleague, requestKey: requestKeyOf(body) });
    if (answer.kind === "duplicate") return void (await ack());
    await ack({ response_action: "update", view: noticeModal(locale, translator(locale)("rotation.swap.formTitle"), notice(locale, answer.text)) });
  });
}
