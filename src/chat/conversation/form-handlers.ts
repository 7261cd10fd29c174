/**
 * What each form does when submitted in Teams or on the web: the same validation and service
 * as its Slack view listener (src/chat/slack/listeners/views), with the surface's people for
 * people (`SurfacePeople`: Entra object ids in Teams, employee numbers on the web).
 *
 * A form's state comes back from the client, unlike Slack's private metadata: it is checked
 * like any input, and never taken as a message link (neither surface has message shortcuts).
 */
import { randomUUID } from "node:crypto";
import { IDEA_STATUSES, type IdeaStatus } from "../../domain/idea-lifecycle";
import type { Employee } from "../../generated/prisma/client";
import { t, translator, type Locale } from "../../i18n";
import { COMPLAINT_FORMS, complaintForm, defaultCurrency, validateComplaintForm } from "../../services/complaints/complaint-form";
import { COMPLAINT_FORMS as MOVE_FORMS, moveComplaint, startMove } from "../../services/complaints/complaint-moves";
import { customerHasher } from "../../services/complaints/customer-hash";
import { complaintLoggedMessage, logComplaint } from "../../services/complaints/log-complaint";
import { companyTimezone, type ServiceDeps } from "../../services/deps";
import { askForDetails, decideIdea, replyWithDetails, type DecisionResult } from "../../services/ideas/decide-idea";
import { approveForm, IDEA_FORMS, ideaForm, mergeForm, noteForm } from "../../services/ideas/idea-forms";
import { validateIdeaForm, validateNote, validateTargetDate } from "../../services/ideas/idea-input";
import { ideaCard, notice, refusalText, similarHint, submittedReply } from "../../services/ideas/idea-messages";
import { loadIdeaViews } from "../../services/ideas/idea-queries";
import { submitIdea } from "../../services/ideas/submit-idea";
import { swapForm } from "../../services/rotation/rotation-forms";
import { notice as rotationNotice, ROTATION_FORMS } from "../../services/rotation/rotation-messages";
import { offerableShifts } from "../../services/rotation/shift-queries";
import { offerSwap } from "../../services/rotation/swaps";
import { storyForm, STORY_FORMS } from "../../services/stories/story-forms";
import { personalDataErrors, validateStoryForm } from "../../services/stories/story-input";
import { personalDataHold, storyNotice, submittedText } from "../../services/stories/story-messages";
import { submitStory } from "../../services/stories/submit-story";
import type { Form, FormErrors, FormValues } from "../form";
import type { Message } from "../message";
import { readSubmittedValues } from "./form-values";
import type { ConversationRequest } from "./request";

export interface FormContext {
  request: ConversationRequest;
  employee: Employee;
  /** The form's state as the card sent it back; "" when it had none. */
  state: string;
}

export type FormOutcome =
  /** The form again, with the problems next to their fields and the values as submitted. */
  | { kind: "problems"; form: Form; errors: FormErrors; values: FormValues }
  | { kind: "answer"; message: Message }
  /** The state is not as the form was given it. */
  | { kind: "refused" }
  /** A retry of a submission already handled. */
  | { kind: "duplicate" };

/** Reads a submission's inputs (by input id) and acts on them. */
export type FormHandler = (context: FormContext, inputs: Record<string, unknown>) => Promise<FormOutcome>;

const REFUSED: FormOutcome = { kind: "refused" };
const DUPLICATE: FormOutcome = { kind: "duplicate" };
const answer = (message: Message): FormOutcome => ({ kind: "answer", message });
const problems = (form: Form, errors: FormErrors, values: FormValues): FormOutcome => ({ kind: "problems", form, errors, values });

const ID = /^[1-9]\d{0,9}$/;
const idOf = (value: FormValues[string]) => (typeof value === "string" && ID.test(value) ? Number(value) : undefined);

export async function activeDepartments(services: ServiceDeps) {
  return services.prisma.department.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, key: true, name: true } });
}


/** The complaint form as this person sees it; the submission is read back with the same one. */
export async function complaintFormFor(request: ConversationRequest) {
  const departments = await activeDepartments(request.services);
  const currency = defaultCurrency(companyTimezone(request.services));
  const form = complaintForm(request.locale, departments, { currency, customerHashing: request.complaintsSecret !== undefined });
  return { form, departments };
}

const ideaSubmit: FormHandler = async ({ request, employee }, inputs) => {
  const { services, locale, requestKey } = request;
  const departments = await activeDepartments(services);
  const form = ideaForm(locale, departments, {});
  const values = readSubmittedValues(form, inputs);
  const validated = validateIdeaForm(values, locale, departments.map((d) => d.key));
  if (!validated.ok) return problems(form, validated.errors, values);
  const result = await submitIdea(services, employee, validated.value, { requestKey, checkSimilar: true, confirmByMessage: false });
  switch (result.kind) {
    case "invalid":
      return problems(form, result.errors, values);
    case "saved":
      return answer(submittedReply(locale, result.idea, result.departmentName));
    case "similar":
      // In place of the form: upvote one of them, or submit it anyway (card buttons).
      return answer(similarHint(locale, result.similar, result.draftId));
    case "draft-gone":
      return answer(notice(locale, t(locale, "ideas.draftGone")));
    case "duplicate":
      return DUPLICATE;
  }
};

/** Decision forms carry "<idea id>:<status seen>" (or the id alone), so a decision made meanwhile is noticed. */
const DECISION_STATE = /^([1-9]\d{0,9})(?::([A-Z_]{1,32}))?$/;

interface Decided {
  ideaId: number;
  expectedStatus?: IdeaStatus;
  values: FormValues;
}

function today(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

/** After a decision, the idea's card as it now is, in place of the form. */
async function decidedCard(services: ServiceDeps, ideaId: number, locale: Locale): Promise<Message> {
  const view = (await loadIdeaViews(services.prisma, [ideaId])).get(ideaId);
  return view ? ideaCard(view, locale, companyTimezone(services)) : notice(locale, t(locale, "ideas.error.notFound", { number: ideaId }));
}

/** Reads a decision form and acts; a refusal replaces the form with the reason. */
function decisionForm(
  formOf: (locale: Locale, ideaId: number, state: string) => Form,
  act: (context: FormContext, decided: Decided) => Promise<DecisionResult>,
  doneKey?: string,
): FormHandler {
  return async (context, inputs) => {
    const { services, locale } = context.request;
    const state = DECISION_STATE.exec(context.state);
    if (!state) return REFUSED;
    const ideaId = Number(state[1]);
    const form = formOf(locale, ideaId, context.state);
    const values = readSubmittedValues(form, inputs);
    const result = await act(context, { ideaId, expectedStatus: IDEA_STATUSES.find((s) => s === state[2]), values });
    switch (result.kind) {
      case "duplicate":
        return DUPLICATE;
      case "invalid-input":
        return problems(form, result.errors, values);
      case "done":
        return answer(doneKey ? notice(locale, t(locale, doneKey, { number: ideaId })) : await decidedCard(services, ideaId, locale));
      default:
        return answer(notice(locale, refusalText(locale, result, ideaId, companyTimezone(services))));
    }
  };
}

const approveIdea = decisionForm(approveForm, async ({ request, employee }, { ideaId, expectedStatus, values }) => {
  const { services, locale, requestKey } = request;
  const owner = typeof values.owner === "string" ? await request.people.byId(values.owner) : null;
  if (!owner) return { kind: "invalid-input", errors: { owner: translator(locale)("ideas.error.ownerUnknown") } };
  const target = validateTargetDate(values.target, today(companyTimezone(services)), locale);
  if (!target.ok) return { kind: "invalid-input", errors: target.errors };
  const note = validateNote(values.note, "note", locale, false);
  if (!note.ok) return { kind: "invalid-input", errors: note.errors };
  return decideIdea(services, { ideaId, actorId: employee.id, action: "approve", ownerId: owner.id, targetDate: target.value, note: note.value, expectedStatus, requestKey });
});

const rejectIdea = decisionForm(
  (locale, id, state) => noteForm(locale, id, "reject", state),
  async ({ request, employee }, { ideaId, expectedStatus, values }) => {
    const reason = validateNote(values.note, "note", request.locale, true);
    if (!reason.ok) return { kind: "invalid-input", errors: reason.errors };
    return decideIdea(request.services, { ideaId, actorId: employee.id, action: "reject", note: reason.value, expectedStatus, requestKey: request.requestKey });
  },
);

const mergeIdea = decisionForm(mergeForm, async ({ request, employee }, { ideaId, expectedStatus, values }) => {
  const into = idOf(typeof values.into === "string" ? values.into.replace(/^#/, "").trim() : undefined);
  return decideIdea(request.services, { ideaId, actorId: employee.id, action: "merge", mergeIntoId: into, expectedStatus, requestKey: request.requestKey });
});

const askAboutIdea = decisionForm(
  (locale, id, state) => noteForm(locale, id, "ask", state),
  async ({ request, employee }, { ideaId, values }) => {
    const question = validateNote(values.note, "note", request.locale, true);
    if (!question.ok) return { kind: "invalid-input", errors: question.errors };
    return askForDetails(request.services, { ideaId, actorId: employee.id, question: question.value ?? "", requestKey: request.requestKey });
  },
  "ideas.asked",
);

const replyToIdea = decisionForm(
  (locale, id, state) => noteForm(locale, id, "reply", state),
  async ({ request, employee }, { ideaId, values }) => {
    const reply = validateNote(values.note, "note", request.locale, true);
    if (!reply.ok) return { kind: "invalid-input", errors: reply.errors };
    return replyWithDetails(request.services, { ideaId, actorId: employee.id, answer: reply.value ?? "", requestKey: request.requestKey });
  },
  "ideas.replied",
);

/** The story form: problems, and what looks like a customer's personal data, are shown on the form. */
const storySubmit: FormHandler = async ({ request, employee }, inputs) => {
  const { services, locale, requestKey } = request;
  const departments = await activeDepartments(services);
  const form = storyForm(locale, departments);
  const values = readSubmittedValues(form, inputs);
  const validated = validateStoryForm(values, locale, departments.map((d) => d.key), request.people.platform);
  if (!validated.ok) return problems(form, validated.errors, values);
  const personalData = personalDataErrors(validated.value, locale);
  if (Object.keys(personalData).length) return problems(form, personalData, values);
  const result = await submitStory(services, employee, validated.value, { requestKey, holdPersonalData: false });
  switch (result.kind) {
    case "published":
    case "awaiting":
      return answer(storyNotice(locale, submittedText(locale, { ...result, curators: result.kind === "awaiting" ? result.curators : [] })));
    case "held":
      return answer(personalDataHold(locale, result.storyId, result.findings));
    case "invalid":
      return problems(form, result.errors, values);
    case "duplicate":
      return DUPLICATE;
  }
};

/**
 * The complaint form: stored once per submission (its activity names it, the same on a
 * retry, which gets the same number back), the customer reference only as a keyed hash.
 */
const complaintLog: FormHandler = async ({ request, employee }, inputs) => {
  const { services, locale, requestKey } = request;
  const { form, departments } = await complaintFormFor(request);
  const values = readSubmittedValues(form, inputs);
  const validated = validateComplaintForm(values, locale, departments.map((d) => d.key), {
    externalId: requestKey ?? `teams:${randomUUID()}`,
    receivedAt: new Date(),
  });
  if (!validated.ok) return problems(form, validated.errors, values);
  const secret = request.complaintsSecret;
  const logged = await logComplaint(services, employee, validated.value, secret ? customerHasher(secret) : undefined);
  return answer(complaintLoggedMessage(locale, logged));
};

/** The move form's state: "<complaint id>:<department id it was in, or nothing>". */
const MOVE_STATE = /^([1-9]\d{0,9}):(\d{0,10})$/;

const complaintMove: FormHandler = async ({ request, employee, state }, inputs) => {
  const { services, locale, requestKey } = request;
  const parsed = MOVE_STATE.exec(state);
  if (!parsed) return REFUSED;
  const start = await startMove(services, employee.id, Number(parsed[1]), locale);
  if (start.kind === "refused") return answer(start.message);
  // The state submitted, not today's: a complaint moved meanwhile is then noticed by the move.
  const form = { ...start.form, state };
  const values = readSubmittedValues(form, inputs);
  if (typeof values.department !== "string") return problems(form, { department: t(locale, "complaintMoves.department") }, values);
  const result = await moveComplaint(services, requestKey, { employeeId: employee.id, state, departmentKey: values.department, locale });
  return result.kind === "duplicate" ? DUPLICATE : answer(result.message);
};

/** The swap form: the chosen shift is offered to the chosen colleague, or to everyone eligible. */
const rotationSwap: FormHandler = async ({ request, employee }, inputs) => {
  const { services, locale, requestKey } = request;
  const shifts = await offerableShifts(services, employee.id, new Date());
  const form = swapForm(locale, shifts, employee.timezone ?? companyTimezone(services));
  const values = readSubmittedValues(form, inputs);
  const colleague = typeof values.colleague === "string" ? values.colleague : undefined;
  const taker = colleague ? await request.people.byId(colleague) : null;
  const result = await offerSwap(services, requestKey, {
    employeeId: employee.id,
    // Not one of theirs (or none): the service refuses it, naming the shift.
    shiftId: idOf(values.shift) ?? 0,
    // Someone the organisation file does not list is refused by the service, by the id given.
    toEmployeeId: colleague ? (taker?.id ?? -1) : undefined,
    toName: taker?.name ?? colleague,
  });
  return result.kind === "duplicate" ? DUPLICATE : answer(rotationNotice(locale, result.text));
};

/** The forms answered, by their action. */
export const FORM_HANDLERS: Record<string, FormHandler> = {
  [IDEA_FORMS.submit]: ideaSubmit,
  [IDEA_FORMS.approve]: approveIdea,
  [IDEA_FORMS.reject]: rejectIdea,
  [IDEA_FORMS.merge]: mergeIdea,
  [IDEA_FORMS.ask]: askAboutIdea,
  [IDEA_FORMS.reply]: replyToIdea,
  [STORY_FORMS.submit]: storySubmit,
  [COMPLAINT_FORMS.log]: complaintLog,
  [MOVE_FORMS.move]: complaintMove,
  [ROTATION_FORMS.swap]: rotationSwap,
};
