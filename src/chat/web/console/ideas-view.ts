/**
 * The console's ideas board, /app/console/ideas: a column per status (rejected and merged
 * apart), each capped with a link to all of its ideas a page at a time, under a GET form of
 * filters and a search, so that a filtered board is a link to share. Ideas are the whole
 * company's, as in chat; who may act on one is decided on its page (idea-page-view.ts) and
 * again by the service when they do.
 */
import type { Router } from "express";
import { IDEA_STATUSES, type IdeaStatus } from "../../../domain/idea-lifecycle";
import type { Locale, Translate } from "../../../i18n";
import { companyTimezone, formatWhen } from "../../../services/deps";
import { boardChoices, ideaBoard, ideaColumnPage, SEARCH_MAX, type BoardColumn, type BoardFilters, type BoardIdea } from "../../../services/ideas/idea-board";
import { html, type Html } from "../html";
import type { WebPages } from "../web-pages";
import { consoleHandler } from "./console-handler";
import { consolePath } from "./console-nav";
import { ideaPageRoutes, ideaPath } from "./idea-page-view";

/** Ideas shown in each column of the board; the rest are a link away. */
const PER_COLUMN = 12;
/** Ideas per page of one column. */
const COLUMN_PAGE = 50;
const OPEN_COLUMNS: readonly IdeaStatus[] = ["SUBMITTED", "APPROVED", "IN_PROGRESS", "DONE"];
const CLOSED_COLUMNS: readonly IdeaStatus[] = ["REJECTED", "MERGED"];

/** A whole number in a range from the query, or undefined. */
function whole(value: unknown, max: number): number | undefined {
  if (typeof value !== "string" || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

interface BoardQuery {
  filters: BoardFilters;
  status?: IdeaStatus;
  page: number;
}

/** The query string as filters: anything not a known choice is left out, not an error. */
function parseQuery(query: Record<string, unknown>, choices: Awaited<ReturnType<typeof boardChoices>>): BoardQuery {
  const department = typeof query.department === "string" && choices.departments.some((d) => d.key === query.department) ? query.department : undefined;
  const owner = whole(query.owner, 2_000_000_000);
  const status = typeof query.status === "string" && (IDEA_STATUSES as readonly string[]).includes(query.status) ? (query.status as IdeaStatus) : undefined;
  return {
    filters: {
      departmentKey: department,
      ownerId: owner && choices.owners.some((o) => o.id === owner) ? owner : undefined,
      olderThanDays: whole(query.older, 3650),
      minVotes: whole(query.votes, 100_000),
      search: typeof query.q === "string" ? query.q.slice(0, SEARCH_MAX) : undefined,
    },
    status,
    page: (whole(query.page, 10_000) ?? 1) - 1,
  };
}

/** The filters as a query string, for the links that keep them. */
function queryOf(filters: BoardFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.search) params.set("q", filters.search);
  if (filters.departmentKey) params.set("department", filters.departmentKey);
  if (filters.ownerId) params.set("owner", String(filters.ownerId));
  if (filters.olderThanDays) params.set("older", String(filters.olderThanDays));
  if (filters.minVotes) params.set("votes", String(filters.minVotes));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function filterForm(tr: Translate, filters: BoardFilters, choices: Awaited<ReturnType<typeof boardChoices>>): Html {
  const option = (value: string, label: string, chosen: boolean) => html`<option value="${value}"${chosen ? html` selected` : ""}>${label}</option>`;
  return html`<form method="get" action="${consolePath("ideas")}" class="idea-filters" role="search" aria-label="${tr("console.ideas.filters.label")}">
<div class="field idea-search"><label for="idea-q">${tr("console.ideas.filters.search")}</label><input type="search" id="idea-q" name="q" maxlength="${SEARCH_MAX}" dir="auto" value="${filters.search ?? ""}"></div>
<div class="field"><label for="idea-department">${tr("console.ideas.filters.department")}</label><select id="idea-department" name="department">${option("", tr("console.ideas.filters.anyDepartment"), !filters.departmentKey)}${choices.departments.map((d) => option(d.key, d.name, d.key === filters.departmentKey))}</select></div>
<div class="field"><label for="idea-owner">${tr("console.ideas.filters.owner")}</label><select id="idea-owner" name="owner">${option("", tr("console.ideas.filters.anyOwner"), !filters.ownerId)}${choices.owners.map((o) => option(String(o.id), o.name, o.id === filters.ownerId))}</select></div>
<div class="field"><label for="idea-older">${tr("console.ideas.filters.olderThan")}</label><input type="number" id="idea-older" name="older" min="1" max="3650" inputmode="numeric" value="${filters.olderThanDays ?? ""}"></div>
<div class="field"><label for="idea-votes">${tr("console.ideas.filters.minVotes")}</label><input type="number" id="idea-votes" name="votes" min="1" max="100000" inputmode="numeric" value="${filters.minVotes ?? ""}"></div>
<div class="idea-filter-actions"><button type="submit" class="button button-primary">${tr("console.ideas.filters.apply")}</button> <a href="${consolePath("ideas")}">${tr("console.ideas.filters.clear")}</a></div>
</form>`;
}

function ideaItem(tr: Translate, idea: BoardIdea, locale: Locale, zone: string): Html {
  const meta = tr("console.ideas.item", { number: idea.id, department: idea.departmentName, votes: idea.votes, date: formatWhen(idea.createdAt, locale, zone, false) });
  const owner = idea.ownerName ? html`<br><span class="context">${tr("console.ideas.owner", { name: idea.ownerName })}</span>` : "";
  return html`<li class="idea-item"><a href="${ideaPath(idea.id)}"><bdi>${idea.title}</bdi></a><br><span class="context">${meta}</span>${owner}</li>`;
}

function columnHtml(tr: Translate, column: BoardColumn, level: "h2" | "h3", filters: BoardFilters, locale: Locale, zone: string): Html {
  const id = `column-${column.status}`;
  const name = tr(`ideas.status.${column.status}`);
  const inner = html`${name} <span class="idea-count">${tr("console.ideas.count", { count: column.total })}</span>`;
  const heading = level === "h2" ? html`<h2 id="${id}">${inner}</h2>` : html`<h3 id="${id}">${inner}</h3>`;
  const list = column.ideas.length ? html`<ul class="idea-list">${column.ideas.map((i) => ideaItem(tr, i, locale, zone))}</ul>` : html`<p class="context">${tr("console.ideas.none")}</p>`;
  const more =
    column.total > column.ideas.length
      ? html`<p class="idea-more"><a href="${consolePath("ideas")}${queryOf(filters, { status: column.status })}">${tr("console.ideas.more", { count: column.total, status: name })}</a></p>`
      : "";
  return html`<section class="idea-column" aria-labelledby="${id}" data-status="${column.status}">${heading}${list}${more}</section>`;
}

/** One status's ideas, a page at a time. */
function columnPageHtml(tr: Translate, column: BoardColumn, page: number, filters: BoardFilters, locale: Locale, zone: string): Html {
  const pages = Math.max(1, Math.ceil(column.total / COLUMN_PAGE));
  const link = (to: number, label: string) => html`<a href="${consolePath("ideas")}${queryOf(filters, { status: column.status, page: String(to + 1) })}">${label}</a>`;
  const pager = html`<nav class="idea-pager" aria-label="${tr("console.ideas.column.page", { page: page + 1, pages })}"><p>${tr("console.ideas.column.page", { page: page + 1, pages })}</p>${page > 0 ? link(page - 1, tr("console.ideas.column.previous")) : ""} ${page + 1 < pages ? link(page + 1, tr("console.ideas.column.next")) : ""}</nav>`;
  return html`<p><a href="${consolePath("ideas")}${queryOf(filters)}">${tr("console.ideas.column.back")}</a></p><div class="idea-board idea-board-single">${columnHtml(tr, column, "h2", filters, locale, zone)}</div>${pager}`;
}

export function ideasConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("ideas"),
    consoleHandler(pages, "ideas", async ({ req, viewer, tr, show }) => {
      const { prisma } = pages.services;
      const choices = await boardChoices(prisma);
      const query = parseQuery(req.query as Record<string, unknown>, choices);
      const zone = viewer.employee.timezone ?? companyTimezone(pages.services);
      const top = html`<h1>${tr("console.ideas.title")}</h1><p>${tr("console.ideas.intro")}</p>${filterForm(tr, query.filters, choices)}`;
      if (query.status) {
        const column = await ideaColumnPage(prisma, query.filters, query.status, query.page, COLUMN_PAGE);
        return show(`${tr("console.ideas.title")} · ${tr(`ideas.status.${query.status}`)}`, html`${top}${columnPageHtml(tr, column, query.page, query.filters, viewer.locale, zone)}`);
      }
      const columns = new Map((await ideaBoard(prisma, query.filters, PER_COLUMN)).map((c) => [c.status, c]));
      const render = (statuses: readonly IdeaStatus[], level: "h2" | "h3") => statuses.map((s) => columnHtml(tr, columns.get(s)!, level, query.filters, viewer.locale, zone));
      const content = html`${top}<div class="idea-board">${render(OPEN_COLUMNS, "h2")}</div><section class="idea-closed" aria-labelledby="closed-ideas"><h2 id="closed-ideas">${tr("console.ideas.closed")}</h2><div class="idea-board">${render(CLOSED_COLUMNS, "h3")}</div></section>`;
      return show(tr("console.ideas.title"), content);
    }),
  );
  ideaPageRoutes(router, pages);
}
