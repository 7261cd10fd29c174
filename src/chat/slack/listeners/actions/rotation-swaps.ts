import type { App } from "@slack/bolt";
import type { Employee } from "../../../../generated/prisma/client";
import type { Locale } from "../../../../i18n";
import { swapForm } from "../../../../services/rotation/rotation-forms";
import { notice, ROTATION_ACTIONS } from "../../../../services/rotation/rotation-messages";
import { offerableShifts } from "../../../../services/rotation/shift-queries";
import { decideSwap, offerSwap, respondToSwap, type SwapAnswer } from "../../../../services/rotation/swaps";
import { renderModal } from "../../modal";
import { clickWithId, employeeBySlackId, ephemeral, onButton, requestKeyOf, timeZoneOf, type SlackDeps } from "../support";

/** Offers a shift to the Slack user named (if any) or to everyone eligible. */
export async function offerShift(
  deps: SlackDeps,
  employee: Employee,
  locale: Locale,
  request: { shiftId: number; slackUserId?: string; requestKey?: string },
): Promise<SwapAnswer> {
  const taker = request.slackUserId ? await employeeBySlackId(deps, request.slackUserId) : null;
  return offerSwap(deps.services, request.requestKey, {
    employeeId: employee.id,
    shiftId: request.shiftId,
    // An unknown Slack user is refused by the service, with their id as the name.
    toEmployeeId: request.slackUserId ? (taker?.id ?? -1) : undefined,
    toName: taker?.name ?? request.slackUserId,
  });
}

/** Offer (opens the form), Take it / Decline (the taker), Approve / Refuse (the giver's manager). */
export function registerRotationSwapActions(app: App, deps: SlackDeps): void {
  onButton(app, ROTATION_ACTIONS.offer, async (args) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const shifts = await offerableShifts(deps.services, click.employee.id, new Date());
    const zone = click.employee.timezone ?? timeZoneOf(deps);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: renderModal(swapForm(click.locale, shifts, zone, click.id)) });
  });

  const answerWith = (act: (click: { employee: Employee; id: number }, requestKey: string | undefined) => Promise<SwapAnswer>) => async (args: Parameters<Parameters<typeof onButton>[2]>[0]) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const answer = await act(click, requestKeyOf(args.body));
    // The answer replaces the buttons, so the offer cannot be clicked again by mistake.
    if (answer.kind === "answer") await args.respond(ephemeral(notice(click.locale, answer.text), true));
  };
  onButton(app, ROTATION_ACTIONS.accept, answerWith(({ employee, id }, key) => respondToSwap(deps.services, key, { swapId: id, employeeId: employee.id, accept: true })));
  onButton(app, ROTATION_ACTIONS.decline, answerWith(({ employee, id }, key) => respondToSwap(deps.services, key, { swapId: id, employeeId: employee.id, accept: false })));
  onButton(app, ROTATION_ACTIONS.approve, answerWith(({ employee, id }, key) => decideSwap(deps.services, key, { swapId: id, employeeId: employee.id, approve: true })));
  onButton(app, ROTATION_ACTIONS.reject, answerWith(({ employee, id }, key) => decideSwap(deps.services, key, { swapId: id, employeeId: employee.id, approve: false })));
}
