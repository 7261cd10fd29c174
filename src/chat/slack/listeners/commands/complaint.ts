import type { App } from "@slack/bolt";
import { complaintForm, defaultCurrency } from "../../../../services/complaints/complaint-form";
import { complaintNotice } from "../../../../services/complaints/log-complaint";
import { unassignedQueue } from "../../../../services/complaints/complaint-moves";
import type { Locale } from "../../../../i18n";
import { renderModal } from "../../modal";
import { activeDepartments } from "./idea";
import { employeeBySlackId, ephemeral, localeFor, timeZoneOf, unknownUserText, type SlackDeps } from "../support";

/** The complaint form as this person sees it; the submission is read back with the same one. */
export async function complaintFormFor(deps: SlackDeps, locale: Locale) {
  const departments = await activeDepartments(deps);
  const form = complaintForm(locale, departments, { currency: defaultCurrency(timeZoneOf(deps)), customerHashing: deps.complaintsSecret !== undefined });
  return { form, departments };
}

/** `/complaint queue`: the complaints waiting for a department (managers and administrators). */
const QUEUE_WORDS = new Set(["queue", "תור"]);

/**
 * `/complaint` opens the form at once from the command's trigger id (valid for 3 seconds);
 * someone the organisation file does not list is told so instead.
 */
export function registerComplaintCommand(app: App, deps: SlackDeps): void {
  app.command("/complaint", async ({ command, ack, client }) => {
    const employee = await employeeBySlackId(deps, command.user_id);
    const locale = localeFor(deps, employee);
    if (!employee) return ack(ephemeral(complaintNotice(locale, unknownUserText(locale))));
    if (QUEUE_WORDS.has(command.text.trim().toLowerCase())) return ack(ephemeral(await unassignedQueue(deps.services, employee.id, locale)));
    await ack();
    const { form } = await complaintFormFor(deps, locale);
    await client.views.open({ trigger_id: command.trigger_id, view: renderModal(form) });
  });
}
