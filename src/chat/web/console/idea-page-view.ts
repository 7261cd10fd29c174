/**
 * The console's page of one idea, /app/console/ideas/:id: what it asks, where it stands, its
 * history, votes and comments, and the complaint themes of its department that it speaks
 * to. Its buttons are the chat's review card's (the same actions posted to /app/action), so
 * the conversation layer and the services decide again whether the person may act: the
 * page only leaves out the buttons a person could not use.
 */
import type { Router } from "express";
import type { Button } from "../../message";
import { companyTimezone, formatWhen } from "../../../services/deps";
import { IDEA_ACTIONS } from "../../../services/ideas/idea-messages";
import { ideaPage, type IdeaActor, type IdeaPage } from "../../../services/ideas/idea-page";
import type { Locale, Translate } from "../../../i18n";
import { html, type Html } from "../html";
import { blockHtml, type RenderContext } from "../message-html";
import type { WebPages } from "../web-pages";
import { consoleHandler } from "./console-handler";
import { consolePath } from "./console-nav";

/** An idea's page; ":id" is the route's pattern. */
export const ideaPath = (id: number | ":id") => `${consolePath("ideas")}/${id}`;

function actorName(tr: Translate, actor: IdeaActor): string {
  if (actor.kind === "person") return actor.name;
  return actor.kind === "anonymous" ? tr("ideas.anonymous") : tr("console.ideas.page.nobodyRecorded");
}

/** The review card's buttons for this status, those the reader may use. */
function buttonsOf(tr: Translate, idea: IdeaPage): Button[] {
  const id = String(idea.id);
  const buttons: Button[] = [];
  const add = (allowed: boolean, action: string, label: string, style?: Button["style"]) => {
    if (allowed) buttons.push({ action, label, value: id, ...(style ? { style } : {}) });
  };
  add(idea.may.vote, IDEA_ACTIONS.vote, tr("ideas.button.vote", { count: idea.votes }));
  if (idea.status === "SUBMITTED") {
    add(idea.may.decide, IDEA_ACTIONS.approve, tr("ideas.button.approve"), "primary");
    add(idea.may.decide, IDEA_ACTIONS.reject, tr("ideas.button.reject"), "danger");
    add(idea.may.decide, IDEA_ACTIONS.ask, tr("ideas.button.ask"));
    add(idea.may.decide, IDEA_ACTIONS.merge, tr("ideas.button.merge"));
  } else if (idea.status === "APPROVED") {
    add(idea.may.progress, IDEA_ACTIONS.start, tr("ideas.button.start"), "primary");
    add(idea.may.decide, IDEA_ACTIONS.merge, tr("ideas.button.merge"));
  } else if (idea.status === "IN_PROGRESS") {
    add(idea.may.progress, IDEA_ACTIONS.done, tr("ideas.button.done"), "primary");
  }
  return buttons;
}

function fieldsHtml(tr: Translate, idea: IdeaPage, locale: Locale, zone: string): Html {
  const field = (label: string, value: Html | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl class="fields">
${field(tr("ideas.field.status"), tr(`ideas.status.${idea.status}`))}
${field(tr("ideas.field.department"), html`<bdi>${idea.department.name}</bdi>`)}
${field(tr("ideas.field.proposer"), html`<bdi>${actorName(tr, idea.proposer)}</bdi>`)}
${field(tr("ideas.field.owner"), idea.owner ? html`<bdi>${idea.owner}</bdi>` : tr("ideas.nobody"))}
${idea.targetDate ? field(tr("ideas.field.target"), formatWhen(idea.targetDate, locale, "UTC", false)) : ""}
${field(tr("console.ideas.page.filed"), formatWhen(idea.createdAt, locale, zone, false))}
${field(tr("ideas.field.votes"), html`<bdi>${idea.votes}</bdi>`)}
</dl>`;
}

function historyHtml(tr: Translate, idea: IdeaPage, locale: Locale, zone: string): Html {
  const items = idea.history.map((e) => {
    const name = actorName(tr, e.by);
    const what = e.from ? tr("console.ideas.page.historyMoved", { from: tr(`ideas.status.${e.from}`), to: tr(`ideas.status.${e.to}`), name }) : tr("console.ideas.page.historySubmitted", { name });
    const note = e.note ? html`<br><span class="context">${tr("console.ideas.page.note", { note: e.note })}</span>` : "";
    return html`<li><time datetime="${e.at.toISOString()}">${formatWhen(e.at, locale, zone)}</time> · ${what}${note}</li>`;
  });
  return html`<section class="message" aria-labelledby="idea-history"><h2 id="idea-history">${tr("console.ideas.page.history")}</h2><ol class="idea-history">${items}</ol></section>`;
}

function votesHtml(tr: Translate, idea: IdeaPage): Html {
  const rule = idea.may.vote ? tr("console.ideas.page.whoVotes") : tr("console.ideas.page.votingClosed", { status: tr(`ideas.status.${idea.status}`) });
  return html`<section class="message" aria-labelledby="idea-votes"><h2 id="idea-votes">${tr("console.ideas.page.votes")}</h2><p>${tr("console.ideas.page.votesCount", { count: idea.votes })}${idea.voted && idea.may.vote ? html` ${tr("console.ideas.page.youVoted")}` : ""}</p><p class="context">${rule}</p></section>`;
}

function commentsHtml(tr: Translate, idea: IdeaPage, locale: Locale, zone: string): Html {
  const list = idea.comments.length
    ? html`<ul class="idea-comments">${idea.comments.map(
        (c) => html`<li><p class="posted"><strong><bdi>${actorName(tr, c.by)}</bdi></strong> · <time datetime="${c.at.toISOString()}">${formatWhen(c.at, locale, zone)}</time></p><p dir="auto">${c.text}</p></li>`,
      )}</ul>`
    : html`<p class="context">${tr("console.ideas.page.noComments")}</p>`;
  return html`<section class="message" aria-labelledby="idea-comments"><h2 id="idea-comments">${tr("console.ideas.page.comments")}</h2>${list}</section>`;
}

function themesHtml(tr: Translate, idea: IdeaPage): Html {
  const weeks = idea.themeWeeks;
  const list = idea.themes.length
    ? html`<ul class="idea-themes">${idea.themes.map((t) => html`<li><bdi>${t.theme}</bdi> · <span class="context">${tr("console.ideas.page.themeCount", { count: t.count })}</span></li>`)}</ul>`
    : html`<p class="context">${tr("console.ideas.page.noThemes", { weeks })}</p>`;
  return html`<section class="message" aria-labelledby="idea-themes"><h2 id="idea-themes">${tr("console.ideas.page.themes")}</h2><p class="context">${tr("console.ideas.page.themesHow", { department: idea.department.name, weeks })}</p>${list}</section>`;
}

function pageHtml(tr: Translate, idea: IdeaPage, locale: Locale, zone: string, context: RenderContext): Html {
  const text = (label: string, value: string | null) => (value ? html`<h2>${label}</h2><p dir="auto">${value}</p>` : "");
  const buttons = buttonsOf(tr, idea);
  const actions = buttons.length
    ? html`<section class="message idea-actions" aria-labelledby="idea-act"><h2 id="idea-act">${tr(idea.may.decide ? "console.ideas.page.decide" : "console.ideas.page.act")}</h2>${blockHtml({ type: "actions", buttons }, context)}</section>`
    : "";
  const reason = idea.status === "REJECTED" && idea.rejectionReason ? html`<p class="context">${tr("ideas.card.reason", { reason: idea.rejectionReason })}</p>` : "";
  const merged = idea.status === "MERGED" && idea.mergedIntoId ? html`<p class="context"><a href="${ideaPath(idea.mergedIntoId)}">${tr("ideas.card.mergedInto", { number: idea.mergedIntoId })}</a></p>` : "";
  return html`<p><a href="${consolePath("ideas")}">${tr("console.ideas.page.back")}</a></p>
<h1>${tr("console.ideas.page.heading", { number: idea.id })}: <bdi>${idea.title}</bdi></h1>
<article class="message idea-page">${fieldsHtml(tr, idea, locale, zone)}${text(tr("ideas.field.problem"), idea.problem)}${text(tr("ideas.field.proposal"), idea.proposal)}${reason}${merged}</article>
${actions}${votesHtml(tr, idea)}${historyHtml(tr, idea, locale, zone)}${commentsHtml(tr, idea, locale, zone)}${themesHtml(tr, idea)}`;
}

export function ideaPageRoutes(router: Router, pages: WebPages): void {
  router.get(
    ideaPath(":id"),
    consoleHandler(pages, "ideas", async ({ req, res, viewer, scope, tr, show }) => {
      const raw = String(req.params.id);
      const id = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
      const idea = id ? await ideaPage(pages.services.prisma, id, scope.actor) : undefined;
      if (!idea) return pages.notFound(res, viewer);
      const zone = viewer.employee.timezone ?? companyTimezone(pages.services);
      return show(`${tr("console.ideas.page.heading", { number: idea.id })}: ${idea.title}`, pageHtml(tr, idea, viewer.locale, zone, pages.renderContext(req, res)));
    }),
  );
}
