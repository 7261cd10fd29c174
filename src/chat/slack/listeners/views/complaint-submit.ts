import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { COMPLAINT_FORMS, validateComplaintForm } from "../../../../services/complaints/complaint-form";
import { customerHasher } from "../../../../services/complaints/customer-hash";
import { complaintLoggedMessage, complaintNotice, logComplaint } from "../../../../services/complaints/log-complaint";
import { modalErrors, readModalValues } from "../../modal";
import { complaintFormFor } from "../commands/complaint";
import { employeeBySlackId, localeFor, noticeModal, unknownUserText, type SlackDeps } from "../support";

/**
 * The complaint form. Problems are shown in the fields themselves and nothing is stored;
 * a valid complaint is stored once per view (Slack's retries of the submission carry the
 * same view id) and the form is replaced by its number, which also comes by direct message.
 */
export function registerComplaintSubmitView(app: App, deps: SlackDeps): void {
  const hashCustomer = deps.complaintsSecret ? customerHasher(deps.complaintsSecret) : undefined;
  app.view(COMPLAINT_FORMS.log, async ({ ack, body, view }) => {
    const employee = await employeeBySlackId(deps, body.user.id);
    const locale = localeFor(deps, employee);
    const title = translator(locale)("complaintForm.title");
    if (!employee) {
      return void (await ack({ response_action: "update", view: noticeModal(locale, title, complaintNotice(locale, unknownUserText(locale))) }));
    }
    const { form, departments } = await complaintFormFor(deps, locale);
    const validated = validateComplaintForm(
      readModalValues(form, view.state.values),
      locale,
      departments.map((d) => d.key),
      { externalId: `slack-view:${view.id}`, receivedAt: new Date() },
    );
    if (!validated.ok) return void (await ack(modalErrors(validated.errors)));
    const logged = await logComplaint(deps.services, employee, validated.value, hashCustomer);
    await ack({ response_action: "update", view: noticeModal(locale, title, complaintLoggedMessage(locale, logged)) });
  });
}
