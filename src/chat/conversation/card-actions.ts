/**
 * Clicks on Adaptive Card buttons. A button is an `Action.Submit` whose data is
 * `{ action, value }` (see `adaptive-card.ts`); Teams hands that data back as the `value`
 * of a message activity. It comes from the client, so it is validated like any input: the
 * action must be one this module answers and the value a short string of the shape its
 * button was given. Who may do what is checked by the services, as for Slack.
 *
 * Buttons that open a form in Slack (a modal) answer here with the form as a card; its
 * submit button comes back through this same path and is handed to `./forms`.
 */
import { z } from "zod";
import type { Employee } from "../../generated/prisma/client";
import { t, type Locale } from "../../i18n";
import { startMove, unassignedQueue } from "../../services/complaints/complaint-moves";
import { DIGEST_ACTIONS } from "../../services/complaints/digest-messages";
import { companyTimezone } from "../../services/deps";
import { checkAction, decideIdea } from "../../services/ideas/decide-idea";
import { approveForm, mergeForm, noteForm } from "../../services/ideas/idea-forms";
import { filterFromState, ideaListMessage } from "../../services/ideas/idea-list";
import { DECISION_FORM_BUTTONS, IDEA_ACTIONS, notice, refusalText, submittedReply } from "../../services/ideas/idea-messages";
import { draftInput, submitIdea } from "../../services/ideas/submit-idea";
import { muteIdeaUpdates, voteOnIdea, voteOutcomeText } from "../../services/ideas/vote-idea";
import { REPORT_ACTIONS } from "../../services/reports/monthly-report-message";
import { isReportChoiceValue, setMonthlyReport } from "../../services/reports/report-subscription";
import { swapForm } from "../../services/rotation/rotation-forms";
import { notice as rotationNotice, ROTATION_ACTIONS } from "../../services/rotation/rotation-messages";
import { offerableShifts } from "../../services/rotation/shift-queries";
import { decideSwap, respondToSwap, type SwapAnswer } from "../../services/rotation/swaps";
import { curationOutcomeText, decideStory } from "../../services/stories/curate-story";
import { STORY_ACTIONS, storyNotice, submittedText } from "../../services/stories/story-messages";
import { confirmDraft, discardDraft } from "../../services/stories/submit-story";
import { unknownUserMessage } from "./commands";
import type { ConversationRequest } from "./request";
import { answerFormSubmission, isFormSubmission, type Answer, type Reply } from "./forms";

/** What to answer a click with; `replace` asks for the clicked card to be replaced by it. */
export type CardActionAnswer = Answer;

/** `INVALID` when the value is not as the button was given it; undefined when there is nothing to say (a retry). */
type Handler = (request: ConversationRequest, employee: Employee, value: string) => Promise<CardActionAnswer | typeof INVALID | undefined>;

const INVALID = "invalid" as const;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const ID = /^[1-9]\d{0,9}$/;
// Idea list state as `filterState` writes it: a filter word, a department key or a status.
const LIST_STATE = /^(open|mine|department|top|department-[\w.-]{1,64}|status-[A-Z_]{1,32})$/;
const PAGE = /^\d{1,5}$/;
const DRAFT = /^[\w-]{1,64}$/;

/** A value of the form `id`. */
function idOf(value: string): number | undefined {
  const parsed = ID.test(value) ? id.safeParse(value) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

function answer(message: Reply, replace = false): CardActionAnswer {
  return { message, replace };
}

/** `value` is `ideaId:listState:page`: the vote, then the same page of the list again. */
const listVote: Handler = async ({ services, locale, requestKey }, employee, value) => {
  const [ideaPart = "", state = "", pagePart = "0"] = value.split(":");
  const ideaId = idOf(ideaPart);
  const filter = LIST_STATE.test(state) ? filterFromState(state) : undefined;
  if (!ideaId || !filter || !PAGE.test(pagePart)) return INVALID;
  const result = await voteOnIdea(services, { ideaId, employeeId: employee.id, requestKey });
  if (result.kind === "duplicate") return undefined;
  if (result.kind === "closed" || result.kind === "not-found") return answer(notice(locale, voteOutcomeText(locale, result, ideaId) ?? ""));
  return answer(await ideaListMessage(services, employee.id, filter, Number(pagePart), locale), true);
};

const reportChoice =
  (wanted: boolean): Handler =>
  async ({ services, locale }, employee, value) =>
    isReportChoiceValue(value) ? answer(notice(locale, await setMonthlyReport(services, employee.id, wanted, locale))) : INVALID;

const swapAnswer = (locale: Locale, result: SwapAnswer) =>
  // The answer replaces the buttons, so the offer cannot be clicked again by mistake.
  result.kind === "answer" ? answer(rotationNotice(locale, result.text), true) : undefined;

const storyDecision =
  (decision: "publish" | "decline"): Handler =>
  async ({ services, locale, requestKey }, employee, value) => {
    const storyId = idOf(value);
    if (!storyId) return INVALID;
    const result = await decideStory(services, { storyId, actorId: employee.id, decision, requestKey });
    const text = curationOutcomeText(locale, result, storyId);
    if (!text) return undefined;
    // A refusal leaves the curator's card alone; a decision replaces its buttons.
    return answer(storyNotice(locale, text), result.kind === "done" || result.kind === "already" || result.kind === "gone");
  };

const swapHandler =
  (act: (request: ConversationRequest, employee: Employee, swapId: number) => Promise<SwapAnswer>): Handler =>
  async (request, employee, value) => {
    const swapId = idOf(value);
    if (!swapId) return INVALID;
    return swapAnswer(request.locale, await act(request, employee, swapId));
  };

/** The form opens as a new card, so that the review card stays for the other managers. */
const ideaFormButton =
  (action: keyof typeof DECISION_FORM_BUTTONS): Handler =>
  async (request, employee, value) => {
    const { services, locale } = request;
    const ideaId = idOf(value);
    if (!ideaId) return INVALID;
    const refusal = await checkAction(services.prisma, ideaId, employee.id, DECISION_FORM_BUTTONS[action]);
    if (refusal) return answer(notice(locale, refusalText(locale, refusal, ideaId, companyTimezone(services))));
    const { status } = await services.prisma.idea.findUniqueOrThrow({ where: { id: ideaId }, select: { status: true } });
    const state = `${ideaId}:${status}`;
    if (action === IDEA_ACTIONS.approve) return answer({ form: approveForm(locale, ideaId, state, request.people.idOf(employee)) });
    if (action === IDEA_ACTIONS.merge) return answer({ form: mergeForm(locale, ideaId, state) });
    return answer({ form: noteForm(locale, ideaId, action === IDEA_ACTIONS.reject ? "reject" : "ask", state) });
  };

/** Start work / Mark done act at once; the idea's cards are refreshed where they were posted. */
const ideaStep =
  (action: "start" | "done"): Handler =>
  async ({ services, locale, requestKey }, employee, value) => {
    const ideaId = idOf(value);
    if (!ideaId) return INVALID;
    const result = await decideIdea(services, { ideaId, actorId: employee.id, action, requestKey });
    if (result.kind === "done" || result.kind === "duplicate") return undefined;
    return answer(notice(locale, refusalText(locale, result, ideaId, companyTimezone(services))));
  };

/** The buttons answered, by action name. */
const HANDLERS: Record<string, Handler> = {
  [IDEA_ACTIONS.vote]: async ({ services, locale, requestKey }, employee, value) => {
    const ideaId = idOf(value);
    if (!ideaId) return INVALID;
    const text = voteOutcomeText(locale, await voteOnIdea(services, { ideaId, employeeId: employee.id, requestKey }), ideaId);
    return text ? answer(notice(locale, text)) : undefined;
  },
  [IDEA_ACTIONS.listVote]: listVote,
  [IDEA_ACTIONS.listPage]: async ({ services, locale }, employee, value) => {
    const [state = "", pagePart = ""] = value.split(":");
    const filter = LIST_STATE.test(state) ? filterFromState(state) : undefined;
    if (!filter || !PAGE.test(pagePart)) return INVALID;
    return answer(await ideaListMessage(services, employee.id, filter, Number(pagePart), locale), true);
  },
  [IDEA_ACTIONS.upvoteSimilar]: async ({ services, locale, requestKey }, employee, value) => {
    const [ideaPart = "", draftId = ""] = value.split(":");
    const ideaId = idOf(ideaPart);
    if (!ideaId || !DRAFT.test(draftId)) return INVALID;
    const result = await voteOnIdea(services, { ideaId, employeeId: employee.id, requestKey, insteadOfDraft: draftId });
    const text = voteOutcomeText(locale, result, ideaId);
    return text ? answer(notice(locale, text), true) : undefined;
  },
  [IDEA_ACTIONS.submitDraft]: async ({ services, locale, requestKey }, employee, draftId) => {
    if (!DRAFT.test(draftId)) return INVALID;
    const input = await draftInput(services, employee.id, draftId);
    const result = input
      ? await submitIdea(services, employee, input, { requestKey, checkSimilar: false, confirmByMessage: false, draftId })
      : ({ kind: "draft-gone" } as const);
    if (result.kind === "saved") return answer(submittedReply(locale, result.idea, result.departmentName), true);
    if (result.kind === "draft-gone") return answer(notice(locale, t(locale, "ideas.draftGone")), true);
    if (result.kind === "invalid") return answer(notice(locale, Object.values(result.errors).join(" ")));
    return undefined;
  },
  [IDEA_ACTIONS.mute]: async ({ services, locale }, employee, value) => {
    const ideaId = idOf(value);
    if (!ideaId) return INVALID;
    await muteIdeaUpdates(services, ideaId, employee.id);
    return answer(notice(locale, t(locale, "ideas.muted", { number: ideaId })));
  },
  [ROTATION_ACTIONS.accept]: swapHandler(({ services, requestKey }, employee, swapId) =>
    respondToSwap(services, requestKey, { swapId, employeeId: employee.id, accept: true }),
  ),
  [ROTATION_ACTIONS.decline]: swapHandler(({ services, requestKey }, employee, swapId) =>
    respondToSwap(services, requestKey, { swapId, employeeId: employee.id, accept: false }),
  ),
  [ROTATION_ACTIONS.approve]: swapHandler(({ services, requestKey }, employee, swapId) =>
    decideSwap(services, requestKey, { swapId, employeeId: employee.id, approve: true }),
  ),
  [ROTATION_ACTIONS.reject]: swapHandler(({ services, requestKey }, employee, swapId) =>
    decideSwap(services, requestKey, { swapId, employeeId: employee.id, approve: false }),
  ),
  [STORY_ACTIONS.publish]: storyDecision("publish"),
  [STORY_ACTIONS.decline]: storyDecision("decline"),
  [IDEA_ACTIONS.approve]: ideaFormButton(IDEA_ACTIONS.approve),
  [IDEA_ACTIONS.reject]: ideaFormButton(IDEA_ACTIONS.reject),
  [IDEA_ACTIONS.ask]: ideaFormButton(IDEA_ACTIONS.ask),
  [IDEA_ACTIONS.merge]: ideaFormButton(IDEA_ACTIONS.merge),
  [IDEA_ACTIONS.start]: ideaStep("start"),
  [IDEA_ACTIONS.done]: ideaStep("done"),
  /** "Add details", under a manager's question: only the proposer may answer. */
  [IDEA_ACTIONS.reply]: async ({ services, locale }, employee, value) => {
    const ideaId = idOf(value);
    if (!ideaId) return INVALID;
    const idea = await services.prisma.idea.findUnique({ where: { id: ideaId }, include: { department: true } });
    if (!idea || idea.proposerId !== employee.id) {
      const refusal = idea ? ({ kind: "forbidden", action: "reply", departmentName: idea.department.name } as const) : ({ kind: "not-found" } as const);
      return answer(notice(locale, refusalText(locale, refusal, ideaId, companyTimezone(services))));
    }
    return answer({ form: noteForm(locale, ideaId, "reply") });
  },
  [ROTATION_ACTIONS.offer]: async ({ services, locale }, employee, value) => {
    const shiftId = idOf(value);
    if (!shiftId) return INVALID;
    const shifts = await offerableShifts(services, employee.id, new Date());
    return answer({ form: swapForm(locale, shifts, employee.timezone ?? companyTimezone(services), shiftId) });
  },
  [DIGEST_ACTIONS.move]: async ({ services, locale }, employee, value) => {
    const complaintId = idOf(value);
    if (!complaintId) return INVALID;
    const start = await startMove(services, employee.id, complaintId, locale);
    return answer(start.kind === "form" ? { form: start.form } : start.message);
  },
  [DIGEST_ACTIONS.unassigned]: async ({ services, locale }, employee, value) =>
    value === "queue" ? answer(await unassignedQueue(services, employee.id, locale)) : INVALID,
  /** *Post anyway* under a `story` held back for personal data: only its author, only while a draft. */
  [STORY_ACTIONS.postAnyway]: async ({ services, locale, requestKey }, employee, value) => {
    const storyId = idOf(value);
    if (!storyId) return INVALID;
    const result = await confirmDraft(services, employee.id, storyId, requestKey);
    if (result.kind === "duplicate") return undefined;
    const text =
      result.kind === "gone"
        ? t(locale, "stories.personalData.gone")
        : submittedText(locale, { ...result, curators: result.kind === "awaiting" ? result.curators : [] });
    return answer(storyNotice(locale, text), true);
  },
  [REPORT_ACTIONS.optOut]: reportChoice(false),
  [REPORT_ACTIONS.optIn]: reportChoice(true),
  [STORY_ACTIONS.discard]: async ({ services, locale }, employee, value) => {
    const storyId = idOf(value);
    if (!storyId) return INVALID;
    const discarded = await discardDraft(services, employee.id, storyId);
    return answer(storyNotice(locale, t(locale, discarded ? "stories.personalData.discarded" : "stories.personalData.gone")), true);
  },
};

export const CARD_ACTIONS = Object.keys(HANDLERS) as readonly string[];

/**
 * The data of a clicked button: a known action and a short value. Other keys (a confirmation
 * text, inputs of a form) are not read here.
 */
export const cardActionSchema = z.object({
  action: z.string().refine((action) => Object.hasOwn(HANDLERS, action)),
  value: z.string().min(1).max(200),
});

/**
 * What a click answers: nothing for a retry already handled, a refusal for anything not as
 * we made it. A form's submit button is handed to `./forms`.
 */
export async function answerCardAction(request: ConversationRequest, data: unknown): Promise<CardActionAnswer | undefined> {
  const { employee, locale } = request;
  if (isFormSubmission(data)) return employee ? answerFormSubmission(request, employee, data) : answer(unknownUserMessage(locale));
  const parsed = cardActionSchema.safeParse(data);
  if (!parsed.success) return refusal(locale);
  if (!employee) return answer(unknownUserMessage(locale));
  const handled = await HANDLERS[parsed.data.action]!(request, employee, parsed.data.value);
  return handled === INVALID ? refusal(locale) : handled;
}

function refusal(locale: Locale): CardActionAnswer {
  return answer(notice(locale, t(locale, "errors.notAllowed")));
}
