/**
 * The console's stories wall, /app/console/stories: the story of the week and the quarter's
 * most appreciated stories as the chat shows them (the same messages, rendered for the web),
 * then every published story as a card, newest first, a page at a time, each with the web's
 * reaction buttons where the story was posted on the web, counted as any platform's reaction.
 */
import type { Router } from "express";
import type { Locale, Translate } from "../../../i18n";
import { companyTimezone, formatWhen } from "../../../services/deps";
import { namesOf, storyOfWeekHighlight } from "../../../services/stories/story-highlights";
import { storyTopMessage } from "../../../services/stories/story-top";
import { latestStoryOfTheWeek, storyWall, type WallStory } from "../../../services/stories/story-wall";
import { html, type Html } from "../html";
import { messageHtml, type RenderContext } from "../message-html";
import { storyReactionBars } from "../story-reactions-html";
import type { WebPages } from "../web-pages";
import { consoleHandler } from "./console-handler";
import { consolePath } from "./console-nav";

const PAGE_SIZE = 20;

function pageOf(value: unknown): number {
  return typeof value === "string" && /^\d{1,5}$/.test(value) ? Math.max(0, Number(value) - 1) : 0;
}

const wallPath = (page: number) => (page > 0 ? `${consolePath("stories")}?page=${page + 1}` : consolePath("stories"));

function cardHtml(tr: Translate, story: WallStory, locale: Locale, zone: string, reactions: Html | undefined): Html {
  const by = story.colleagueNames.length
    ? tr("console.stories.byWith", { author: story.authorName, colleagues: namesOf(locale, story.colleagueNames) })
    : tr("console.stories.by", { author: story.authorName });
  const week = story.storyOfWeek ? html`<p class="story-badge">${tr("console.stories.ofTheWeek", { week: story.storyOfWeek })}</p>` : "";
  const impact = story.customerImpact ? html`<p><strong>${tr("console.stories.impact")}</strong><br><span dir="auto" class="story-text">${story.customerImpact}</span></p>` : "";
  const department = story.departmentName ? html` · ${tr("console.stories.department", { department: story.departmentName })}` : "";
  const counts = reactions ?? html`<p class="appreciated">${tr("console.stories.counts", { people: story.people, reactions: story.reactions })}</p>`;
  return html`<li><article class="message story-card${story.storyOfWeek ? " story-of-week" : ""}" aria-labelledby="story-${story.id}">${week}<p class="story-text" dir="auto" id="story-${story.id}">${story.text}</p>${impact}<p class="context">${by}${department}<br><time datetime="${story.publishedAt.toISOString()}">${tr("console.stories.published", { date: formatWhen(story.publishedAt, locale, zone, false) })}</time></p>${counts}</article></li>`;
}

/** The reaction rows of the stories posted on the web, by story id: one call per channel they were posted in. */
async function reactionRows(pages: WebPages, stories: readonly WallStory[], viewerId: number, locale: Locale, context: RenderContext, back: string): Promise<Map<number, Html>> {
  const byTarget = new Map<string, WallStory[]>();
  for (const story of stories) if (story.webPost) byTarget.set(story.webPost.target, [...(byTarget.get(story.webPost.target) ?? []), story]);
  const rows = new Map<number, Html>();
  for (const [target, ofTarget] of byTarget) {
    const bars = await storyReactionBars(pages.services, target, ofTarget.map((s) => s.webPost!.postId), viewerId, locale, context, back);
    for (const story of ofTarget) {
      const bar = bars.get(story.webPost!.postId);
      if (bar) rows.set(story.id, bar);
    }
  }
  return rows;
}

export function storiesConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("stories"),
    consoleHandler(pages, "stories", async ({ req, res, viewer, tr, show }) => {
      const { services } = pages;
      const locale = viewer.locale;
      const zone = viewer.employee.timezone ?? companyTimezone(services);
      const context = pages.renderContext(req, res);
      const page = pageOf(req.query.page);
      const [wall, week, top] = await Promise.all([storyWall(services.prisma, page, PAGE_SIZE), latestStoryOfTheWeek(services.prisma), storyTopMessage(services, locale)]);
      const reactions = await reactionRows(pages, wall.stories, viewer.employee.id, locale, context, wallPath(page));

      const highlight = week
        ? html`<div class="story-week">${messageHtml(
            storyOfWeekHighlight({ id: week.id, text: week.text, author: { name: week.authorName }, colleagues: week.colleagues.map((c) => ({ name: c.name })), people: week.people, reactions: week.reactions }, locale),
            context,
          )}<p class="context">${tr("console.stories.week", { week: week.isoWeek })}</p></div>`
        : html`<p class="context">${tr("console.stories.noWeek")}</p>`;
      const pageCount = Math.max(1, Math.ceil(wall.total / PAGE_SIZE));
      const pager = html`<nav class="story-pager" aria-label="${tr("console.stories.page", { page: page + 1, pages: pageCount })}"><p>${tr("console.stories.page", { page: page + 1, pages: pageCount })}</p>${page > 0 ? html`<a href="${wallPath(page - 1)}">${tr("console.stories.previous")}</a>` : ""} ${page + 1 < pageCount ? html`<a href="${wallPath(page + 1)}">${tr("console.stories.next")}</a>` : ""}</nav>`;
      const cards = wall.stories.length
        ? html`<ul class="story-wall">${wall.stories.map((s) => cardHtml(tr, s, locale, zone, reactions.get(s.id)))}</ul>${pager}`
        : html`<p>${tr("console.stories.none")}</p>`;
      const content = html`<h1>${tr("console.stories.title")}</h1><p>${tr("console.stories.intro")}</p>
<div class="story-highlights">${highlight}<div class="story-top">${messageHtml(top, context)}</div></div>
<section aria-labelledby="story-wall"><h2 id="story-wall">${tr("console.stories.wall")} <span class="story-count">${tr("console.stories.count", { count: wall.total })}</span></h2>${cards}</section>`;
      return show(tr("console.stories.title"), content);
    }),
  );
}
