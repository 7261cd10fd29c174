import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { IDEA_STATUSES, type IdeaStatus } from "../../../../domain/idea-lifecycle";
import type { Employee } from "../../../../generated/prisma/client";
import { translator, type Locale } from "../../../../i18n";
import { askForDetails, decideIdea, replyWithDetails, type DecisionResult } from "../../../../services/ideas/decide-idea";
import { approveForm, IDEA_FORMS, mergeForm, noteForm } from "../../../../services/ideas/idea-forms";
import { validateNote, validateTargetDate } from "../../../../services/ideas/idea-input";
import { notice, refusalText } from "../../../../services/ideas/idea-messages";
import { modalErrors, readModalValues } from "../../modal";
import { buttonValue, employeeBySlackId, localeFor, noticeModal, requestKeyOf, timeZoneOf, type SlackDeps } from "../support";
import type { Form, FormValues } from "../../../form";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

interface Submission {
  employee: Employee;
  locale: Locale;
  ideaId: number;
  expectedStatus?: IdeaStatus;
  values: FormValues;
  requestKey?: string;
}

/** Reads a decision form and acts; a refusal replaces the form with the reason. */
function decisionView(deps: SlackDeps, formOf: (locale: Locale, ideaId: number) => Form, act: (s: Submission) => Promise<DecisionResult>) {
  return async ({ ack, body, view }: ViewArgs) => {
    const employee = await employeeBySlackId(deps, body.user.id);
    const state = buttonValue(view.private_metadata);
    const ideaId = state?.id;
    if (!employee || !ideaId) return void (await ack());
    const seen = state.parts[1];
    const expectedStatus = IDEA_STATUSES.find((s) => s === seen);
    const locale = localeFor(deps, employee);
    const values = readModalValues(formOf(locale, ideaId), view.state.values);
    const result = await act({ employee, locale, ideaId, expectedStatus, values, requestKey: requestKeyOf(body) });
    if (result.kind === "done" || result.kind === "duplicate") return void (await ack());
    if (result.kind === "invalid-input") return void (await ack(modalErrors(result.errors)));
    const text = refusalText(locale, result, ideaId, timeZoneOf(deps));
    await ack({ response_action: "update", view: noticeModal(locale, translator(locale)("ideas.form.decidedTitle"), notice(locale, text)) });
  };
}

function today(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export function registerIdeaDecisionViews(app: App, deps: SlackDeps): void {
  app.view(
    IDEA_FORMS.approve,
    decisionView(deps, (locale, id) => approveForm(locale, id, ""), async ({ employee, locale, ideaId, expectedStatus, values, requestKey }) => {
      const tr = translator(locale);
      const owner = typeof values.owner === "string" ? await employeeBySlackId(deps, values.owner) : null;
      if (!owner) return { kind: "invalid-input", errors: { owner: tr("ideas.error.ownerUnknown") } };
      const target = validateTargetDate(values.target, today(timeZoneOf(deps)), locale);
      if (!target.ok) return { kind: "invalid-input", errors: target.errors };
      const note = validateNote(values.note, "note", locale, false);
      if (!note.ok) return { kind: "invalid-input", errors: note.errors };
      return decideIdea(deps.services, { ideaId, actorId: employee.id, action: "approve", ownerId: owner.id, targetDate: target.value, note: note.value, expectedStatus, requestKey });
    }),
  );

  app.view(
    IDEA_FORMS.reject,
    decisionView(deps, (locale, id) => noteForm(locale, id, "reject"), async ({ employee, locale, ideaId, expectedStatus, values, requestKey }) => {
      const reason = validateNote(values.note, "note", locale, true);
      if (!reason.ok) return { kind: "invalid-input", errors: reason.errors };
      return decideIdea(deps.services, { ideaId, actorId: employee.id, action: "reject", note: reason.value, expectedStatus, requestKey });
    }),
  );

  app.view(
    IDEA_FORMS.merge,
    decisionView(deps, (locale, id) => mergeForm(locale, id, ""), async ({ employee, ideaId, expectedStatus, values, requestKey }) => {
      const into = buttonValue(typeof values.into === "string" ? values.into.replace(/^#/, "").trim() : undefined)?.id;
      return decideIdea(deps.services, { ideaId, actorId: employee.id, action: "merge", mergeIntoId: into, expectedStatus, requestKey });
    }),
  );

  app.view(
    IDEA_FORMS.ask,
    decisionView(deps, (locale, id) => noteForm(locale, id, "ask"), async ({ employee, locale, ideaId, values, requestKey }) => {
      const question = validateNote(values.note, "note", locale, true);
      if (!question.ok) return { kind: "invalid-input", errors: question.errors };
      return askForDetails(deps.services, { ideaId, actorId: employee.id, question: question.value ?? "", requestKey });
    }),
  );

  app.view(
    IDEA_FORMS.reply,
    decisionView(deps, (locale, id) => noteForm(locale, id, "reply"), async ({ employee, locale, ideaId, values, requestKey }) => {
      const answer = validateNote(values.note, "note", locale, true);
      if (!answer.ok) return { kind: "invalid-input", errors: answer.errors };
      return replyWithDetails(deps.services, { ideaId, actorId: employee.id, answer: answer.value ?? "", requestKey });
    }),
  );
}
