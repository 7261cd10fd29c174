import type { App } from "@slack/bolt";
import { z } from "zod";
import { translator } from "../../../../i18n";
import { COMPLAINT_FORMS, moveComplaint } from "../../../../services/complaints/complaint-moves";
import { employeeBySlackId, localeFor, noticeModal, requestKeyOf, type SlackDeps } from "../support";

/** What the move form submits: the chosen department's key (the select's only block). */
const submitted = z.object({
  department: z.object({ department: z.object({ selected_option: z.object({ value: z.string().max(100) }) }) }),
});

/** The move form: the complaint goes to the chosen department, unless it moved meanwhile. */
export function registerComplaintMoveView(app: App, deps: SlackDeps): void {
  app.view(COMPLAINT_FORMS.move, async ({ ack, body, view }) => {
    const employee = await employeeBySlackId(deps, body.user.id);
    if (!employee) return void (await ack());
    const locale = localeFor(deps, employee);
    const t = translator(locale);
    const values = submitted.safeParse(view.state.values);
    if (!values.success) return void (await ack({ response_action: "errors", errors: { department: t("complaintMoves.department") } }));
    const result = await moveComplaint(deps.services, requestKeyOf(body), {
      employeeId: employee.id,
      state: view.private_metadata,
      departmentKey: values.data.department.department.selected_option.value,
      locale,
    });
    if (result.kind === "duplicate") return void (await ack());
    await ack({ response_action: "update", view: noticeModal(locale, t("complaintMoves.formTitle"), result.message) });
  });
}
