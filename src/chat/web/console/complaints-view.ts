/**
 * The console's complaints view (/app/console/complaints): a department's or the company's
 * last 12 or 52 weeks as the weekly digests count them, as a chart with its table, the
 * figures (each linking to the complaints behind it, shown without who the customer is),
 * the recurring themes and spikes, and the unassigned queue the chat's `complaint queue`
 * shows. Managers see their departments, admins every one and the company.
 */
import type { Router } from "express";
import { DateTime } from "luxon";
import { isIsoWeek, weekLabel } from "../../../domain/complaints/digest-period";
import type { Locale, Translate } from "../../../i18n";
import { textDirection } from "../../../i18n";
import { complaintTrends, TREND_WEEKS, trendWindow, type ComplaintTrends, type TrendSubject, type TrendWeeks } from "../../../services/complaints/complaint-weeks";
import { COMPLAINT_FIGURES, isComplaintFigure, type ComplaintFigure } from "../../../services/complaints/complaint-trends";
import { complaintsBehind, type BehindComplaint } from "../../../services/complaints/complaints-behind";
import { unassignedQueue } from "../../../services/complaints/complaint-moves";
import { companyTimezone, formatWhen } from "../../../services/deps";
import { html, join, type Html } from "../html";
import { messageHtml } from "../message-html";
import type { WebPages } from "../web-pages";
import { consoleHandler, type ConsoleRequest } from "./console-handler";
import { consolePath } from "./console-nav";
import { subjectOf, type ConsoleScope, type ConsoleSubject } from "./console-scope";
import { figureValue, formatCount, subjectKey, subjectName } from "./figures-html";
import { weeklyBarChart } from "./svg-chart";

export const BEHIND_PATH = `${consolePath("complaints")}/behind`;

interface TrendQuery {
  subject: ConsoleSubject;
  weeks: TrendWeeks;
  isoWeek?: string;
}

/** The view's query (?department=, ?weeks=12|52, ?week=YYYY-Www), or null when the department is not the person's. */
function trendQuery(scope: ConsoleScope, query: ConsoleRequest["req"]["query"]): TrendQuery | null {
  const subject = subjectOf(scope, query.department);
  if (!subject) return null;
  const weeks = TREND_WEEKS.find((w) => String(w) === query.weeks) ?? 12;
  const week = typeof query.week === "string" ? query.week.toUpperCase() : undefined;
  return { subject, weeks, isoWeek: week && isIsoWeek(week) ? week : undefined };
}

function queryString(q: TrendQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ department: subjectKey(q.subject), weeks: String(q.weeks), ...(q.isoWeek ? { week: q.isoWeek } : {}), ...extra });
  return `?${params.toString()}`;
}

const trendSubject = (subject: ConsoleSubject): TrendSubject =>
  subject.kind === "company" ? { kind: "company" } : { kind: "department", id: subject.department.id, key: subject.department.key };

/** The last day of a run that ends (exclusively) at `end`. */
const lastDay = (end: Date, zone: string) => DateTime.fromJSDate(end, { zone }).minus({ days: 1 }).toJSDate();

function choices(scope: ConsoleScope, q: TrendQuery, tr: Translate): Html {
  const subjects: ConsoleSubject[] = [...(scope.company ? [{ kind: "company" } as const] : []), ...scope.departments.map((department) => ({ kind: "department", department }) as const)];
  const current = (yes: boolean) => (yes ? html` aria-current="page"` : "");
  const subjectLinks = subjects.map(
    (s) => html`<li><a href="${consolePath("complaints")}${queryString({ ...q, subject: s })}"${current(subjectKey(s) === subjectKey(q.subject))}><bdi>${subjectName(s, tr)}</bdi></a></li>`,
  );
  const weekLinks = TREND_WEEKS.map((w) => html`<li><a href="${consolePath("complaints")}${queryString({ ...q, weeks: w })}"${current(w === q.weeks)}>${tr("console.complaints.weeks", { count: w })}</a></li>`);
  return html`<nav class="console-choices" aria-label="${tr("console.complaints.subjects")}"><ul>${subjectLinks}</ul></nav><nav class="console-choices" aria-label="${tr("console.complaints.span")}"><ul>${weekLinks}</ul></nav>`;
}

function figuresHtml(trends: ComplaintTrends, q: TrendQuery, locale: Locale, tr: Translate): Html {
  const items = COMPLAINT_FIGURES.map((figure) => {
    const extra = figure === "retained" && trends.totals.churnThreats > 0 ? html` <span class="context">${tr("console.complaints.retainedOf", { retained: trends.totals.retained, threats: trends.totals.churnThreats })}</span>` : "";
    return html`<div class="figure figure-${figure}"><dt>${tr(`console.complaints.figure.${figure}`)}</dt><dd><a href="${BEHIND_PATH}${queryString(q, { figure })}">${figureValue(trends.totals, figure, locale, tr)}</a>${extra}</dd></div>`;
  });
  return html`<section aria-labelledby="figures"><h2 id="figures">${tr("console.complaints.figures")}</h2><p class="hint">${tr("console.complaints.figuresHint")}</p><dl class="console-figures">${items}</dl></section>`;
}

function trendHtml(trends: ComplaintTrends, q: TrendQuery, name: string, locale: Locale, tr: Translate): Html {
  const zone = trends.window.timezone;
  const labels = trends.window.bounds.slice(0, -1).map((start) => weekLabel(start, zone));
  const chart = weeklyBarChart(
    trends.weekly.map((count, i) => ({ label: labels[i] ?? "", count, marked: trends.spikes[i] })),
    { id: "trend-chart-title", title: tr("console.complaints.chartTitle", { subject: name, count: q.weeks }), direction: textDirection(locale) },
  );
  const rows = trends.weekly.map((count, i) => {
    const start = trends.window.bounds[i]!;
    return html`<tr><th scope="row"><bdi>${formatWhen(start, locale, zone, false)}</bdi></th><td><a href="${BEHIND_PATH}${queryString(q, { figure: "complaints", on: String(i) })}"><bdi>${formatCount(count, locale)}</bdi></a></td><td>${trends.spikes[i] ? tr("console.complaints.spikeYes") : ""}</td></tr>`;
  });
  const table = html`<details class="chart-table"><summary>${tr("console.complaints.tableSummary")}</summary><table><thead><tr><th scope="col">${tr("console.complaints.weekOf")}</th><th scope="col">${tr("console.complaints.figure.complaints")}</th><th scope="col">${tr("console.complaints.spike")}</th></tr></thead><tbody>${rows}</tbody></table></details>`;
  return html`<figure class="console-chart">${chart}</figure>${table}`;
}

function spikesHtml(trends: ComplaintTrends, q: TrendQuery, locale: Locale, tr: Translate): Html {
  const zone = trends.window.timezone;
  const spiked = trends.weekly.flatMap((count, i) => (trends.spikes[i] ? [{ count, i }] : []));
  const list = spiked.length
    ? html`<ul>${spiked.map(
        ({ count, i }) =>
          html`<li><a href="${BEHIND_PATH}${queryString(q, { figure: "complaints", on: String(i) })}">${tr("console.complaints.spikeLine", { week: formatWhen(trends.window.bounds[i]!, locale, zone, false), count })}</a></li>`,
      )}</ul>`
    : html`<p>${tr("console.complaints.spikesNone")}</p>`;
  const dipped = trends.weekly.flatMap((count, i) => (trends.dips[i] ? [{ count, i }] : []));
  const dips = dipped.length
    ? html`<p class="hint">${tr("console.complaints.dipsIntro")}</p><ul>${dipped.map(
        ({ count, i }) =>
          html`<li><a href="${BEHIND_PATH}${queryString(q, { figure: "complaints", on: String(i) })}">${tr("console.complaints.spikeLine", { week: formatWhen(trends.window.bounds[i]!, locale, zone, false), count })}</a></li>`,
      )}</ul>`
    : "";
  return html`<section aria-labelledby="spikes"><h2 id="spikes">${tr("console.complaints.spikesTitle")}</h2><p class="hint">${tr("console.complaints.spikesIntro")}</p>${list}${dips}</section>`;
}

function themesHtml(trends: ComplaintTrends, q: TrendQuery, locale: Locale, tr: Translate): Html {
  const head = html`<h2 id="themes">${tr("console.complaints.themesTitle")}</h2><p class="hint">${tr("console.complaints.themesIntro")}</p>`;
  if (trends.themes.length === 0) return html`<section aria-labelledby="themes">${head}<p>${tr("console.complaints.themesNone")}</p></section>`;
  const zone = trends.window.timezone;
  const rows = trends.themes.map((t) => {
    const spikes = t.spikes.flatMap((spike, i) => (spike ? [formatWhen(trends.window.bounds[i]!, locale, zone, false)] : []));
    return html`<tr><th scope="row"><bdi>${t.theme}</bdi></th><td><a href="${BEHIND_PATH}${queryString(q, { figure: "complaints", theme: t.theme })}"><bdi>${formatCount(t.count, locale)}</bdi></a></td><td><bdi>${formatCount(t.weeks, locale)}</bdi></td><td>${join(spikes.map((s) => html`<bdi>${s}</bdi>`), ", ")}</td></tr>`;
  });
  return html`<section aria-labelledby="themes">${head}<table class="console-table"><thead><tr><th scope="col">${tr("console.complaints.theme")}</th><th scope="col">${tr("console.complaints.mentions")}</th><th scope="col">${tr("console.complaints.inWeeks")}</th><th scope="col">${tr("console.complaints.themeSpikes")}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function departmentsHtml(trends: ComplaintTrends, scope: ConsoleScope, q: TrendQuery, locale: Locale, tr: Translate): Html {
  if (q.subject.kind !== "company") return html``;
  const byId = new Map(trends.departments.map((d) => [d.departmentId, d]));
  const columns = ["complaints", "repeats", "legalThreats", "churnThreats", "retained"] as const;
  const rows = scope.departments.map((department) => {
    const row = byId.get(department.id);
    const link = { ...q, subject: { kind: "department", department } as const };
    return html`<tr><th scope="row"><a href="${consolePath("complaints")}${queryString(link)}"><bdi>${department.name}</bdi></a></th>${columns.map((c) => html`<td><bdi>${formatCount(row?.[c] ?? 0, locale)}</bdi></td>`)}</tr>`;
  });
  return html`<section aria-labelledby="departments"><h2 id="departments">${tr("console.complaints.departmentsTitle")}</h2><table class="console-table"><thead><tr><th scope="col">${tr("console.complaints.department")}</th>${columns.map((c) => html`<th scope="col">${tr(`console.complaints.figure.${c}`)}</th>`)}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

async function trendsPage({ req, res, pages, viewer, scope, tr, show }: ConsoleRequest): Promise<void> {
  const q = trendQuery(scope, req.query);
  if (!q) return pages.forbidden(res, viewer);
  const { locale } = viewer;
  const name = subjectName(q.subject, tr);
  const [trends, queue] = await Promise.all([
    complaintTrends(pages.services, trendSubject(q.subject), q.weeks, { isoWeek: q.isoWeek, now: new Date() }),
    unassignedQueue(pages.services, viewer.employee.id, locale),
  ]);
  const zone = trends.window.timezone;
  const title = tr("console.complaints.title", { subject: name });
  const period = tr("console.complaints.period", {
    from: formatWhen(trends.window.range.from, locale, zone, false),
    to: formatWhen(lastDay(trends.window.range.to, zone), locale, zone, false),
    week: trends.window.isoWeek,
  });
  const content = html`<h1>${title}</h1>${choices(scope, q, tr)}<p class="context">${period}</p>${figuresHtml(trends, q, locale, tr)}${trendHtml(trends, q, name, locale, tr)}${spikesHtml(trends, q, locale, tr)}${themesHtml(trends, q, locale, tr)}${departmentsHtml(trends, scope, q, locale, tr)}<section aria-labelledby="queue" class="console-queue"><h2 id="queue">${tr("console.complaints.queueTitle")}</h2>${messageHtml(queue, pages.renderContext(req, res))}</section>`;
  show(title, content);
}

function outcomeHtml(c: BehindComplaint, tr: Translate, locale: Locale): Html {
  const parts = [
    c.repeat && tr("console.complaints.outcome.repeat"),
    c.returned && tr("console.complaints.outcome.returned"),
    c.credit && tr("console.complaints.outcome.credit", { amount: new Intl.NumberFormat(locale === "he" ? "he-IL" : "en-GB", { minimumFractionDigits: 2 }).format(Number(c.credit.amount)), currency: c.credit.currency }),
    c.legalThreat && tr("console.complaints.outcome.legalThreat"),
    c.churnThreat && tr("console.complaints.outcome.churnThreat"),
    c.retained && tr("console.complaints.outcome.retained"),
    c.reopened && tr("console.complaints.outcome.reopened"),
  ].filter((p): p is string => typeof p === "string");
  return parts.length ? join(parts, ", ") : html`${tr("console.complaints.outcome.none")}`;
}

async function behindPage({ req, res, pages, viewer, scope, tr, show }: ConsoleRequest): Promise<void> {
  const q = trendQuery(scope, req.query);
  if (!q) return pages.forbidden(res, viewer);
  const figure: ComplaintFigure = isComplaintFigure(req.query.figure) ? req.query.figure : "complaints";
  const theme = typeof req.query.theme === "string" && req.query.theme.length <= 200 ? req.query.theme : undefined;
  const { locale } = viewer;
  const window = await trendWindow(pages.services, trendSubject(q.subject), q.weeks, { isoWeek: q.isoWeek, now: new Date() });
  // One week of the run, when a week's bar or row was followed.
  const on = typeof req.query.on === "string" && /^\d{1,2}$/.test(req.query.on) ? Number(req.query.on) : undefined;
  const range = on !== undefined && on < window.bounds.length - 1 ? { from: window.bounds[on]!, to: window.bounds[on + 1]! } : window.range;
  const found = await complaintsBehind(pages.services.prisma, { scope: window.scope, range, figure, theme });
  const zone = viewer.employee.timezone ?? companyTimezone(pages.services);
  const title = tr("console.complaints.behind.title", { figure: tr(`console.complaints.figure.${figure}`), subject: subjectName(q.subject, tr) });
  const intro = tr("console.complaints.behind.intro", {
    count: found.total,
    from: formatWhen(range.from, locale, window.timezone, false),
    to: formatWhen(lastDay(range.to, window.timezone), locale, window.timezone, false),
  });
  const rows = found.complaints.map(
    (c) =>
      html`<tr><td><bdi>${formatWhen(c.receivedAt, locale, zone)}</bdi></td><td>${tr(`digest.channel.${c.channel}`)}</td><td>${c.category ? html`<bdi>${c.category}</bdi>` : tr("console.complaints.outcome.none")}</td><td class="excerpt"><bdi>${c.excerpt}</bdi></td><td>${outcomeHtml(c, tr, locale)}</td></tr>`,
  );
  const list = found.complaints.length
    ? html`<table class="console-table behind"><caption>${tr("console.complaints.behind.caption")}</caption><thead><tr><th scope="col">${tr("console.complaints.behind.date")}</th><th scope="col">${tr("console.complaints.behind.channel")}</th><th scope="col">${tr("console.complaints.behind.category")}</th><th scope="col">${tr("console.complaints.behind.text")}</th><th scope="col">${tr("console.complaints.behind.outcome")}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p>${tr("console.complaints.behind.none")}</p>`;
  const more = found.total > found.complaints.length ? html`<p class="context">${tr("console.complaints.behind.more", { shown: found.complaints.length })}</p>` : "";
  const content = html`<h1>${title}</h1><p>${intro}${theme ? html` ${tr("console.complaints.behind.theme", { theme })}` : ""}</p><p class="hint">${tr("console.complaints.behind.privacy")}</p>${list}${more}<p><a href="${consolePath("complaints")}${queryString(q)}">${tr("console.complaints.behind.back")}</a></p>`;
  show(title, content);
}

export function complaintsConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(consolePath("complaints"), consoleHandler(pages, "complaints", trendsPage));
  router.get(BEHIND_PATH, consoleHandler(pages, "complaints", behindPage));
}
