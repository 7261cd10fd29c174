import type { App, RespondFn } from "@slack/bolt";
import type { Employee } from "../../../../generated/prisma/client";
import { translator, type Locale } from "../../../../i18n";
import { recordAbsence } from "../../../../services/rotation/absences";
import { calendarUrl, resetCalendarToken } from "../../../../services/rotation/calendar-feed";
import { fairnessReport, fairnessScope } from "../../../../services/rotation/fairness-report";
import { localDate } from "../../../../services/rotation/rotation-calendar";
import { parseRotationCommand, type RotationCommand } from "../../../../services/rotation/rotation-command";
import { swapForm } from "../../../../services/rotation/rotation-forms";
import { myShiftsMessage, notice, nowMessage } from "../../../../services/rotation/rotation-messages";
import { publishRotation } from "../../../../services/rotation/rotation-publish";
import { myShifts, offerableShifts, onTheLine, setReminderStyle } from "../../../../services/rotation/shift-queries";
import { reassignShift, type SwapAnswer } from "../../../../services/rotation/swaps";
import { offerShift } from "../actions/rotation-swaps";
import { renderModal } from "../../modal";
import { employeeBySlackId, ephemeral, localeFor, requestKeyOf, timeZoneOf, unknownUserText, type SlackDeps } from "../support";

function calendarLink(deps: SlackDeps, token: string): string | undefined {
  return deps.publicUrl ? calendarUrl(deps.publicUrl, token) : undefined;
}

async function answerText(respond: RespondFn, locale: Locale, answer: SwapAnswer | { kind: "answer"; text: string }): Promise<void> {
  if (answer.kind === "answer") await respond(ephemeral(notice(locale, answer.text)));
}

/** Reads that answer at once (inside Slack's 3 seconds); writes acknowledge first and answer by response_url. */
async function run(deps: SlackDeps, command: RotationCommand, employee: Employee, locale: Locale, args: { ack: (body?: object) => Promise<void>; respond: RespondFn; triggerId: string; requestKey?: string; client: App["client"] }) {
  const tr = translator(locale);
  const { ack, respond } = args;
  const services = deps.services;
  const now = new Date();
  const zone = employee.timezone ?? timeZoneOf(deps);
  switch (command.kind) {
    case "mine":
      return ack(ephemeral(myShiftsMessage(await myShifts(services, employee.id, now), locale, zone, calendarLink(deps, employee.calendarToken))));
    case "now": {
      const line = await onTheLine(services, now);
      return ack(ephemeral(nowMessage(line.current, line.next, locale, zone)));
    }
    case "help":
      return ack(ephemeral(notice(locale, tr("rotation.help"))));
    case "remind": {
      if (!command.style) return ack(ephemeral(notice(locale, tr("rotation.remind.usage"))));
      await setReminderStyle(services, employee.id, command.style);
      const hour = deps.organisation()?.supportLine.eveningReminderHour ?? 18;
      return ack(ephemeral(notice(locale, tr(command.style === "EVENING" ? "rotation.remind.evening" : "rotation.remind.standard", { hour }))));
    }
    case "calendar": {
      const token = command.reset ? await resetCalendarToken(services, employee.id) : employee.calendarToken;
      const url = calendarLink(deps, token);
      const text = url ? tr("rotation.calendar.link", { url }) : tr("rotation.calendar.linkNoUrl", { token });
      return ack(ephemeral(notice(locale, command.reset ? `${tr("rotation.calendar.reset")} ${text}` : text)));
    }
    case "away": {
      if (command.problem || !command.from || !command.to) return ack(ephemeral(notice(locale, tr("rotation.away.badDates"))));
      await ack();
      return answerText(respond, locale, await recordAbsence(services, args.requestKey, { employeeId: employee.id, from: command.from, to: command.to }));
    }
    case "swap": {
      if (command.shiftId === undefined) {
        await ack();
        const shifts = await offerableShifts(services, employee.id, now);
        if (shifts.length === 0) return respond(ephemeral(notice(locale, tr("rotation.swap.noShifts"))));
        await args.client.views.open({ trigger_id: args.triggerId, view: renderModal(swapForm(locale, shifts, zone)) });
        return;
      }
      await ack();
      return answerText(respond, locale, await offerShift(deps, employee, locale, { shiftId: command.shiftId, slackUserId: command.user, requestKey: args.requestKey }));
    }
    case "assign": {
      if (command.shiftId === undefined || !command.user) return ack(ephemeral(notice(locale, tr("rotation.assign.usage"))));
      await ack();
      const taker = await employeeBySlackId(deps, command.user);
      return answerText(
        respond,
        locale,
        await reassignShift(services, args.requestKey, { actorId: employee.id, shiftId: command.shiftId, toEmployeeId: taker?.id, toName: command.user }),
      );
    }
    case "publish": {
      if (!employee.isAdmin) return ack(ephemeral(notice(locale, tr("rotation.publishNotAllowed"))));
      await ack();
      const result = await publishRotation(services, { until: "horizon", eventKey: args.requestKey });
      return respond(ephemeral(notice(locale, result.count > 0 ? tr("rotation.published.answer", { count: result.count, until: result.until }) : tr("rotation.published.nothing"))));
    }
    case "fairness": {
      const scope = await fairnessScope(services, employee);
      if (!scope) return ack(ephemeral(notice(locale, tr("rotation.fairnessNotAllowed"))));
      await ack();
      return respond(ephemeral(await fairnessReport(services, scope, locale, now)));
    }
  }
}

/** `/rotation mine | now | away | swap | assign | remind | calendar | fairness | publish`. */
export function registerRotationCommand(app: App, deps: SlackDeps): void {
  app.command("/rotation", async ({ command, ack, respond, body, client }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    const tr = translator(locale);
    if (!deps.organisation()) return ack(ephemeral(notice(locale, tr("rotation.noOrganisation"))));
    if (!employee) return ack(ephemeral(notice(locale, unknownUserText(locale))));
    const today = localDate(new Date(), employee.timezone ?? timeZoneOf(deps));
    await run(deps, parseRotationCommand(command.text, today), employee, locale, {
      ack: (reply) => ack(reply as Parameters<typeof ack>[0]),
      respond,
      triggerId: command.trigger_id,
      requestKey: requestKeyOf(body),
      client,
    });
  });
}
