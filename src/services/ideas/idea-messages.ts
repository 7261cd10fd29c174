import type { Block, Button, Inline, Message, Text } from "../../chat/message";
import { composed, translator, type Locale, textDirection } from "../../i18n";
import { formatWhen } from "../deps";
import type { IdeaAction, IdeaStatus } from "../../domain/idea-lifecycle";
import type { IdeaSummary, IdeaView, Person } from "./idea-queries";
import type { Refusal } from "./decide-idea";
import { THEME_WEEKS } from "./idea-complaint-themes";

/** Button actions of ideas; platform listeners register these names. */
export const IDEA_ACTIONS = {
  vote: "idea.vote",
  approve: "idea.approve",
  reject: "idea.reject",
  ask: "idea.ask",
  merge: "idea.merge",
  start: "idea.start",
  done: "idea.done",
  reply: "idea.reply",
  mute: "idea.mute",
  upvoteSimilar: "idea.upvote_similar",
  submitDraft: "idea.submit_draft",
  listPage: "ideas.page",
  listVote: "ideas.vote",
  homePage: "ideas.home_page",
} as const;

/**
 * The buttons of a review card that open a decision form, and the rule checked (by the
 * server) before the form opens and again when it is submitted.
 */
export const DECISION_FORM_BUTTONS = {
  [IDEA_ACTIONS.approve]: "approve",
  [IDEA_ACTIONS.reject]: "reject",
  [IDEA_ACTIONS.ask]: "approve", // asking is a manager's act, like approving
  [IDEA_ACTIONS.merge]: "merge",
} as const satisfies Record<string, IdeaAction>;


export function personText(person: Person): Inline {
  return { mention: { slack: person.slackUserId ?? undefined, name: person.name } };
}

function proposerText(view: IdeaView, locale: Locale): Inline {
  return view.anonymous ? translator(locale)("ideas.anonymous") : personText(view.proposer);
}

function button(action: string, label: string, value: string, style?: Button["style"]): Button {
  return { action, label, value, ...(style ? { style } : {}) };
}

/** Which buttons the card offers in each status; the server re-checks every click. */
function cardButtons(view: IdeaView, locale: Locale): Button[] {
  const tr = translator(locale);
  const id = String(view.id);
  const vote = button(IDEA_ACTIONS.vote, tr("ideas.button.vote", { count: view.votes }), id);
  switch (view.status) {
    case "SUBMITTED":
      return [
        vote,
        button(IDEA_ACTIONS.approve, tr("ideas.button.approve"), id, "primary"),
        button(IDEA_ACTIONS.reject, tr("ideas.button.reject"), id, "danger"),
        button(IDEA_ACTIONS.ask, tr("ideas.button.ask"), id),
        button(IDEA_ACTIONS.merge, tr("ideas.button.merge"), id),
      ];
    case "APPROVED":
      return [vote, button(IDEA_ACTIONS.start, tr("ideas.button.start"), id, "primary"), button(IDEA_ACTIONS.merge, tr("ideas.button.merge"), id)];
    case "IN_PROGRESS":
      return [vote, button(IDEA_ACTIONS.done, tr("ideas.button.done"), id, "primary")];
    default:
      return [];
  }
}

function labelled(label: string, text: string): Text {
  return [{ bold: label }, "\n", text];
}

/** The idea's card, posted for review and kept current in place. */
export function ideaCard(view: IdeaView, locale: Locale, timeZone: string): Message {
  const tr = translator(locale);
  const blocks: Block[] = [{ type: "header", text: tr("ideas.card.header", { number: view.id, title: view.title }) }];
  if (view.problem) blocks.push({ type: "section", text: labelled(tr("ideas.field.problem"), view.problem) });
  if (view.proposal) blocks.push({ type: "section", text: labelled(tr("ideas.field.proposal"), view.proposal) });
  const fields: { label: Text; value: Text }[] = [
    { label: tr("ideas.field.department"), value: view.department.name },
    { label: tr("ideas.field.proposer"), value: proposerText(view, locale) },
    { label: tr("ideas.field.status"), value: tr(`ideas.status.${view.status}`) },
    { label: tr("ideas.field.votes"), value: String(view.votes) },
  ];
  if (view.owner) fields.push({ label: tr("ideas.field.owner"), value: personText(view.owner) });
  if (view.targetDate) fields.push({ label: tr("ideas.field.target"), value: formatWhen(view.targetDate, locale, "UTC", false) });
  blocks.push({ type: "section", text: tr("ideas.card.summary", { number: view.id, department: view.department.name, title: view.title }), fields });
  if (view.lastDecision) {
    const decided = tr("ideas.card.decided", {
      status: tr(`ideas.status.${view.lastDecision.status}`),
      name: view.lastDecision.by ?? "—",
      date: formatWhen(view.lastDecision.at, locale, timeZone),
    });
    blocks.push({ type: "context", text: decided });
  }
  if (view.status === "REJECTED" && view.rejectionReason) blocks.push({ type: "context", text: tr("ideas.card.reason", { reason: view.rejectionReason }) });
  if (view.status === "MERGED" && view.mergedIntoId) blocks.push({ type: "context", text: tr("ideas.card.mergedInto", { number: view.mergedIntoId }) });
  for (const comment of view.comments) {
    const name = comment.byProposer && view.anonymous ? tr("ideas.anonymous") : comment.author.name;
    blocks.push({ type: "context", text: tr(comment.byProposer ? "ideas.card.answered" : "ideas.card.asked", { name, text: comment.text }) });
  }
  if (view.themes.length > 0) {
    const list = view.themes.map((theme) => tr("digest.countedItem", { name: theme.theme, count: theme.count })).join(" · ");
    blocks.push({ type: "context", text: tr("ideas.card.themes", { weeks: THEME_WEEKS, list: composed(list) }) });
  }
  if (view.sourceMessageUrl) blocks.push({ type: "context", text: { link: view.sourceMessageUrl, label: tr("ideas.card.source") } });
  const buttons = cardButtons(view, locale);
  if (buttons.length) blocks.push({ type: "actions", buttons });
  return { direction: textDirection(locale), summary: tr("ideas.card.summary", { number: view.id, department: view.department.name, title: view.title }), blocks };
}

/** A short message with optional buttons: replies and direct messages. */
export function notice(locale: Locale, text: Text, buttons: Button[] = []): Message {
  const blocks: Block[] = [{ type: "section", text }];
  if (buttons.length) blocks.push({ type: "actions", buttons });
  return { direction: textDirection(locale), summary: text, blocks };
}

export function submittedReply(locale: Locale, idea: { id: number; anonymous: boolean }, departmentName: string): Message {
  const tr = translator(locale);
  const text = tr("ideas.submitted", { number: idea.id, department: departmentName });
  const message = notice(locale, text);
  if (idea.anonymous) message.blocks.push({ type: "context", text: tr("ideas.submittedAnonymously") });
  return message;
}

function summaryLine(locale: Locale, idea: IdeaSummary): string {
  return translator(locale)("ideas.similar.item", {
    number: idea.id,
    title: idea.title,
    status: translator(locale)(`ideas.status.${idea.status}`),
    votes: idea.votes,
  });
}

/** Similar open ideas, shown before saving: upvote one, or submit anyway. */
export function similarHint(locale: Locale, similar: readonly IdeaSummary[], draftId: string): Message {
  const tr = translator(locale);
  const blocks: Block[] = [{ type: "section", text: tr("ideas.similar.intro") }];
  for (const idea of similar) {
    blocks.push({ type: "section", text: summaryLine(locale, idea) });
    blocks.push({ type: "actions", buttons: [button(IDEA_ACTIONS.upvoteSimilar, tr("ideas.button.upvote", { number: idea.id }), `${idea.id}:${draftId}`)] });
  }
  blocks.push({ type: "actions", buttons: [button(IDEA_ACTIONS.submitDraft, tr("ideas.button.submitAnyway"), draftId, "primary")] });
  return { direction: textDirection(locale), summary: tr("ideas.similar.title"), blocks };
}

export interface ListPage {
  title: string;
  items: readonly IdeaSummary[];
  page: number;
  pageSize: number;
  total: number;
  /** Handed back by the page and vote buttons, to show the same list again. */
  state: string;
}

/** A page of ideas, each with its vote button, and paging buttons. */
export function ideaList(locale: Locale, list: ListPage): Message {
  const tr = translator(locale);
  const blocks: Block[] = [{ type: "header", text: list.title }];
  if (list.items.length === 0) blocks.push({ type: "section", text: tr("ideas.list.empty") });
  for (const idea of list.items) {
    blocks.push({
      type: "section",
      text: [
        { bold: tr("ideas.list.item", { number: idea.id, title: idea.title }) },
        "\n",
        tr("ideas.list.meta", { status: tr(`ideas.status.${idea.status}`), department: idea.departmentName, votes: idea.votes }),
      ],
    });
    if (idea.status === "SUBMITTED" || idea.status === "APPROVED" || idea.status === "IN_PROGRESS") {
      blocks.push({ type: "actions", buttons: [button(IDEA_ACTIONS.listVote, tr("ideas.button.vote", { count: idea.votes }), `${idea.id}:${list.state}:${list.page}`)] });
    }
  }
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  if (list.total > 0) blocks.push({ type: "context", text: tr("ideas.list.page", { page: list.page + 1, pages, total: list.total }) });
  const pager: Button[] = [];
  if (list.page > 0) pager.push(button(IDEA_ACTIONS.listPage, tr("ideas.button.previous"), `${list.state}:${list.page - 1}`));
  if (list.page + 1 < pages) pager.push(button(IDEA_ACTIONS.listPage, tr("ideas.button.next"), `${list.state}:${list.page + 1}`));
  if (pager.length) blocks.push({ type: "actions", buttons: pager });
  return { direction: textDirection(locale), summary: list.title, blocks };
}

export interface HomeSection {
  key: "mine" | "queue" | "owned";
  items: readonly IdeaSummary[];
  total: number;
  shown: number;
}

/** The ideas part of the App Home: my ideas, and for managers their queue and what they own. */
export function homeSections(locale: Locale, sections: readonly HomeSection[], pagerState: string): Block[] {
  const tr = translator(locale);
  const blocks: Block[] = [];
  for (const section of sections) {
    blocks.push({ type: "divider" }, { type: "header", text: tr(`ideas.home.${section.key}`) });
    if (section.items.length === 0) blocks.push({ type: "context", text: tr("ideas.home.none") });
    const lines = section.items.map((idea): Text => [
      { bold: tr("ideas.list.item", { number: idea.id, title: idea.title }) },
      " · ",
      tr("ideas.list.meta", { status: tr(`ideas.status.${idea.status}`), department: idea.departmentName, votes: idea.votes }),
    ]);
    // One section per few ideas keeps the home tab far inside Slack's 100-block limit.
    for (let i = 0; i < lines.length; i += 5) {
      blocks.push({ type: "section", text: lines.slice(i, i + 5).flatMap((line, j) => (j ? ["\n", ...(line as Inline[])] : (line as Inline[]))) });
    }
    if (section.shown < section.total) {
      blocks.push({ type: "actions", buttons: [button(IDEA_ACTIONS.homePage, tr("ideas.button.more"), `${pagerState}:${section.key}`)] });
    }
  }
  return blocks;
}

export function statusName(locale: Locale, status: IdeaStatus): string {
  return translator(locale)(`ideas.status.${status}`);
}

/** Why nothing happened, in the words of the person who clicked. */
export function refusalText(locale: Locale, refusal: Refusal, ideaId: number, timeZone: string): string {
  const tr = translator(locale);
  switch (refusal.kind) {
    case "not-found":
      return tr("ideas.error.notFound", { number: ideaId });
    case "forbidden":
      if (refusal.action === "reply") return tr("ideas.error.notProposer", { number: ideaId });
      return tr(refusal.action === "start" || refusal.action === "done" ? "ideas.error.notOwner" : "ideas.error.notManager", {
        department: refusal.departmentName,
      });
    case "already":
      return tr("ideas.error.alreadyDecided", {
        number: ideaId,
        status: statusName(locale, refusal.status),
        name: refusal.by ?? "—",
        date: formatWhen(refusal.at, locale, timeZone),
      });
    case "invalid":
      return tr("ideas.error.invalidTransition", { number: ideaId, status: statusName(locale, refusal.status), target: statusName(locale, refusal.target) });
    case "invalid-input":
      return Object.values(refusal.errors).join(" ");
    case "duplicate":
      return "";
  }
}
