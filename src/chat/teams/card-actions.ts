/**
 * Clicks on Adaptive Card buttons. A button is an `Action.Submit` whose data is
 * `{ action, value }` (see `adaptive-card.ts`); Teams hands that data back as the `value`
 * of a message activity. It comes from the client, so it is validated like any input: the
 * action must be one this module answers and the value a short string of the shape its
 * button was given. Who may do what is checked by the services, as for Slack.
 */
import { z } from "zod";
import type { Employee } from "../../generated/prisma/client";
import { t, translator, type Locale } from "../../i18n";
import { filterFromState, ideaListMessage } from "../../services/ideas/idea-list";
import { IDEA_ACTIONS, notice, statusName, submittedReply } from "../../services/ideas/idea-messages";
import { draftInput, dropDraft, submitIdea } from "../../services/ideas/submit-idea";
import { muteIdeaUpdates, voteOnIdea, type VoteResult } from "../../services/ideas/vote-idea";
import { notice as rotationNotice, ROTATION_ACTIONS } from "../../services/rotation/rotation-messages";
import { decideSwap, respondToSwap, type SwapAnswer } from "../../services/rotation/swaps";
import { decideStory, type CurationResult } from "../../services/stories/curate-story";
import { namesText, STORY_ACTIONS, storyNotice } from "../../services/stories/story-messages";
import type { Message } from "../message";
import { unknownUserMessage, type TeamsRequest } from "./commands";

/** What to answer a click with; `replace` asks for the clicked card to be replaced by it. */
export interface CardActionAnswer {
  message: Message;
  replace: boolean;
}

/** `INVALID` when the value is not as the button was given it; undefined when there is nothing to say (a retry). */
type Handler = (request: TeamsRequest, employee: Employee, value: string) => Promise<CardActionAnswer | typeof INVALID | undefined>;

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

function answer(message: Message, replace = false): CardActionAnswer {
  return { message, replace };
}

function voteText(locale: Locale, result: VoteResult, ideaId: number): string | undefined {
  const tr = translator(locale);
  switch (result.kind) {
    case "voted":
      return tr("ideas.upvoted", { number: ideaId });
    case "unvoted":
      return tr("ideas.unvoted", { number: ideaId });
    case "closed":
      return tr("ideas.error.closed", { number: ideaId, status: statusName(locale, result.status) });
    case "not-found":
      return tr("ideas.error.notFound", { number: ideaId });
    case "duplicate":
      return undefined;
  }
}

function curationText(locale: Locale, result: CurationResult, storyId: number): string | undefined {
  const tr = translator(locale);
  switch (result.kind) {
    case "done":
      return tr(result.decision === "publish" ? "stories.curation.published" : "stories.curation.declined", { number: storyId });
    case "not-curator":
      return tr("stories.curation.notCurator", { names: namesText(locale, result.curators) });
    case "gone":
      return tr("stories.curation.gone", { number: storyId });
    case "already": {
      const name = result.by ?? tr("stories.curation.nobody");
      if (result.status === "PUBLISHED") return tr("stories.curation.alreadyPublished", { number: storyId, name });
      if (result.status === "DECLINED") return tr("stories.curation.alreadyDeclined", { number: storyId, name });
      return tr("stories.curation.notWaiting", { number: storyId });
    }
    case "duplicate":
      return undefined;
  }
}

/** `value` is `ideaId:listState:page`: the vote, then the same page of the list again. */
const listVote: Handler = async ({ services, locale, requestKey }, employee, value) => {
  const [ideaPart = "", state = "", pagePart = "0"] = value.split(":");
  const ideaId = idOf(ideaPart);
  const filter = LIST_STATE.test(state) ? filterFromState(state) : undefined;
  if (!ideaId || !filter || !PAGE.test(pagePart)) return INVALID;
  const result = await voteOnIdea(services, { ideaId, employeeId: employee.id, requestKey });
  if (result.kind === "duplicate") return undefined;
  if (result.kind === "closed" || result.kind === "not-found") return answer(notice(locale, voteText(locale, result, ideaId) ?? ""));
  return answer(await ideaListMessage(services, employee.id, filter, Number(pagePart), locale), true);
};

const swapAnswer = (locale: Locale, result: SwapAnswer) =>
  // The answer replaces the buttons, so the offer cannot be clicked again by mistake.
  result.kind === "answer" ? answer(rotationNotice(locale, result.text), true) : undefined;

const storyDecision =
  (decision: "publish" | "decline"): Handler =>
  async ({ services, locale, requestKey }, employee, value) => {
    const storyId = idOf(value);
    if (!storyId) return INVALID;
    const result = await decideStory(services, { storyId, actorId: employee.id, decision, requestKey });
    const text = curationText(locale, result, storyId);
    if (!text) return undefined;
    // A refusal leaves the curator's card alone; a decision replaces its buttons.
    return answer(storyNotice(locale, text), result.kind === "done" || result.kind === "already" || result.kind === "gone");
  };

const swapHandler =
  (act: (request: TeamsRequest, employee: Employee, swapId: number) => Promise<SwapAnswer>): Handler =>
  async (request, employee, value) => {
    const swapId = idOf(value);
    if (!swapId) return INVALID;
    return swapAnswer(request.locale, await act(request, employee, swapId));
  };

/** The buttons Teams answers, by action name. */
const HANDLERS: Record<string, Handler> = {
  [IDEA_ACTIONS.vote]: async ({ services, locale, requestKey }, employee, value) => {
    const ideaId = idOf(value);
    if (!ideaId) return INVALID;
    const text = voteText(locale, await voteOnIdea(services, { ideaId, employeeId: employee.id, requestKey }), ideaId);
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
    const result = await voteOnIdea(services, { ideaId, employeeId: employee.id, requestKey, only: "add" });
    if (result.kind === "voted") await dropDraft(services, employee.id, draftId);
    const text = voteText(locale, result, ideaId);
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
};

export const TEAMS_CARD_ACTIONS = Object.keys(HANDLERS) as readonly string[];

/**
 * The data of a clicked button: a known action and a short value. Other keys (a confirmation
 * text, inputs of a form) are not read here.
 */
export const cardActionSchema = z.object({
  action: z.string().refine((action) => Object.hasOwn(HANDLERS, action)),
  value: z.string().min(1).max(200),
});

/** What a click answers: nothing for a retry already handled, a refusal for anything not as we made it. */
export async function answerCardAction(request: TeamsRequest, data: unknown): Promise<CardActionAnswer | undefined> {
  const { employee, locale } = request;
  const parsed = cardActionSchema.safeParse(data);
  if (!parsed.success) return refusal(locale);
  if (!employee) return answer(unknownUserMessage(locale));
  const handled = await HANDLERS[parsed.data.action]!(request, employee, parsed.data.value);
  return handled === INVALID ? refusal(locale) : handled;
}

function refusal(locale: Locale): CardActionAnswer {
  return answer(notice(locale, t(locale, "errors.notAllowed")));
}
