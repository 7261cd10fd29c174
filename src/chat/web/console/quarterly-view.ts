/**
 * The console's quarterly review (/app/console/quarterly?department=&quarter=YYYY-Qn): a
 * page per department and for the company, made to be printed on A4 and handed out at the
 * all-hands meeting. Without a quarter it shows the last one that has ended.
 */
import type { Router } from "express";
import { DateTime } from "luxon";
import { weekLabel } from "../../../domain/complaints/digest-period";
import { change } from "../../../domain/complaints/trends";
import { truncate } from "../../../domain/text-safety";
import { textDirection, type Locale, type Translate } from "../../../i18n";
import { COMPLAINT_FIGURES } from "../../../services/complaints/complaint-trends";
import {
  lastCompleteQuarter,
  parseQuarter,
  previousQuarter,
  quarterlyReview,
  quarterName,
  type Quarter,
  type QuarterIdea,
  type QuarterlyReview,
} from "../../../services/complaints/quarterly-review";
import { companyTimezone, formatWhen } from "../../../services/deps";
import { TOP_EXCERPT } from "../../../services/stories/story-highlights";
import { html, type Html } from "../html";
import type { WebPages } from "../web-pages";
import { consoleHandler, type ConsoleRequest } from "./console-handler";
import { consolePath } from "./console-nav";
import { subjectOf, type ConsoleScope, type ConsoleSubject } from "./console-scope";
import { figureValue, formatCount, subjectKey, subjectName } from "./figures-html";
import { weeklyBarChart } from "./svg-chart";

const nextQuarter = (q: Quarter): Quarter => (q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: q.quarter + 1 });
const link = (subject: ConsoleSubject, q: Quarter) => `${consolePath("quarterly")}?${new URLSearchParams({ department: subjectKey(subject), quarter: quarterName(q) }).toString()}`;

function choices(scope: ConsoleScope, subject: ConsoleSubject, q: Quarter, tr: Translate): Html {
  const subjects: ConsoleSubject[] = [...(scope.company ? [{ kind: "company" } as const] : []), ...scope.departments.map((department) => ({ kind: "department", department }) as const)];
  const label = (x: Quarter) => tr("console.quarterly.quarter", { quarter: x.quarter, year: x.year });
  return html`<nav class="console-choices" aria-label="${tr("console.quarterly.subjects")}"><ul>${subjects.map(
    (s) => html`<li><a href="${link(s, q)}"${subjectKey(s) === subjectKey(subject) ? html` aria-current="page"` : ""}><bdi>${subjectName(s, tr)}</bdi></a></li>`,
  )}</ul></nav><nav class="console-choices" aria-label="${tr("console.quarterly.quarters")}"><ul><li><a href="${link(subject, previousQuarter(q))}">${tr("console.quarterly.previousLink", { quarter: label(previousQuarter(q)) })}</a></li><li><a href="${link(subject, nextQuarter(q))}">${tr("console.quarterly.nextLink", { quarter: label(nextQuarter(q)) })}</a></li></ul></nav>`;
}

function changeText(now: number, before: number, locale: Locale, tr: Translate): string {
  const { delta, percent } = change(now, before);
  if (delta === 0) return tr("console.quarterly.unchanged");
  const sign = delta > 0 ? "+" : "−";
  return `${sign}${formatCount(Math.abs(delta), locale)}${percent === undefined ? "" : ` (${sign}${formatCount(Math.abs(percent), locale)}%)`}`;
}

function figuresHtml(review: QuarterlyReview, label: (q: Quarter) => string, locale: Locale, tr: Translate): Html {
  const rows = COMPLAINT_FIGURES.map((figure) => {
    const difference = figure === "credits" ? "" : html`<bdi>${changeText(review.totals[figure], review.previousTotals[figure], locale, tr)}</bdi>`;
    return html`<tr class="figure-${figure}"><th scope="row">${tr(`console.complaints.figure.${figure}`)}</th><td>${figureValue(review.totals, figure, locale, tr)}</td><td>${figureValue(review.previousTotals, figure, locale, tr)}</td><td>${difference}</td></tr>`;
  });
  return html`<section class="quarter-section" aria-labelledby="figures"><h2 id="figures">${tr("console.quarterly.figuresTitle")}</h2><table class="console-table quarter-figures"><thead><tr><th scope="col">${tr("console.quarterly.figure")}</th><th scope="col">${label(review.quarter)}</th><th scope="col">${label(review.previous)}</th><th scope="col">${tr("console.quarterly.change")}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function weeklyHtml(review: QuarterlyReview, name: string, label: string, locale: Locale, tr: Translate): Html {
  const chart = weeklyBarChart(
    review.weekly.map((count, i) => ({ label: weekLabel(review.weeks[i]!, review.timezone), count })),
    { id: "quarter-chart-title", title: tr("console.quarterly.chartTitle", { quarter: label, subject: name }), direction: textDirection(locale) },
  );
  const rows = review.weekly.map((count, i) => html`<tr><th scope="row"><bdi>${formatWhen(review.weeks[i]!, locale, review.timezone, false)}</bdi></th><td><bdi>${formatCount(count, locale)}</bdi></td></tr>`);
  return html`<section class="quarter-section" aria-labelledby="weekly"><h2 id="weekly">${tr("console.quarterly.weeklyTitle")}</h2><figure class="console-chart">${chart}</figure><table class="console-table quarter-weeks"><thead><tr><th scope="col">${tr("console.quarterly.weekOf")}</th><th scope="col">${tr("console.complaints.figure.complaints")}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function themesHtml(review: QuarterlyReview, locale: Locale, tr: Translate): Html {
  const list = review.themes.length
    ? html`<ol class="quarter-themes">${review.themes.map((t) => html`<li><bdi>${t.theme}</bdi> · <bdi>${formatCount(t.count, locale)}</bdi></li>`)}</ol>`
    : html`<p>${tr("console.quarterly.themesNone")}</p>`;
  return html`<section class="quarter-section" aria-labelledby="themes"><h2 id="themes">${tr("console.quarterly.themesTitle")}</h2>${list}</section>`;
}

function ideaList(ideas: readonly QuarterIdea[], tr: Translate): Html {
  return ideas.length ? html`<ul>${ideas.map((i) => html`<li>#${i.id} <bdi>${i.title}</bdi></li>`)}</ul>` : html`<p>${tr("console.quarterly.ideasNone")}</p>`;
}

function ideasHtml(review: QuarterlyReview, tr: Translate): Html {
  return html`<section class="quarter-section" aria-labelledby="ideas"><h2 id="ideas">${tr("console.quarterly.ideasTitle")}</h2><div class="quarter-columns"><div><h3>${tr("console.quarterly.approved")}</h3>${ideaList(review.approved, tr)}</div><div><h3>${tr("console.quarterly.done")}</h3>${ideaList(review.done, tr)}</div></div></section>`;
}

function storiesHtml(review: QuarterlyReview, tr: Translate): Html {
  const list = review.stories.length
    ? html`<ol class="quarter-stories">${review.stories.map(
        (s) => html`<li><blockquote><bdi>${truncate(s.text, TOP_EXCERPT)}</bdi></blockquote><p class="context">${tr("console.quarterly.storyBy", { name: s.authorName, people: s.people })}</p></li>`,
      )}</ol>`
    : html`<p>${tr("console.quarterly.storiesNone")}</p>`;
  return html`<section class="quarter-section" aria-labelledby="stories"><h2 id="stories">${tr("console.quarterly.storiesTitle")}</h2>${list}</section>`;
}

function hoursHtml(review: QuarterlyReview, locale: Locale, tr: Translate): Html {
  const h = review.hours;
  const text = h
    ? tr("console.quarterly.hoursLine", {
        worked: formatCount(h.workedHours, locale),
        scheduled: formatCount(h.scheduledHours, locale),
        target: formatCount(h.targetHours, locale),
        shifts: formatCount(h.shiftCount, locale),
        people: formatCount(h.people, locale),
      })
    : tr("console.quarterly.hoursNone");
  return html`<section class="quarter-section" aria-labelledby="hours"><h2 id="hours">${tr("console.quarterly.hoursTitle")}</h2><p>${text}</p></section>`;
}

async function reviewPage({ req, res, pages, viewer, scope, tr, show }: ConsoleRequest): Promise<void> {
  const subject = subjectOf(scope, req.query.department);
  if (!subject) return pages.forbidden(res, viewer);
  const { locale } = viewer;
  const quarter = parseQuarter(req.query.quarter) ?? lastCompleteQuarter(new Date(), companyTimezone(pages.services));
  const review = await quarterlyReview(
    pages.services,
    subject.kind === "company" ? { kind: "company" } : { kind: "department", id: subject.department.id, key: subject.department.key },
    quarter,
    new Date(),
  );
  const name = subjectName(subject, tr);
  const label = (q: Quarter) => tr("console.quarterly.quarter", { quarter: q.quarter, year: q.year });
  const title = tr("console.quarterly.title", { subject: name, quarter: label(quarter) });
  // Names and the quarter in <bdi> rather than the translation's isolate characters, which
  // printed PDFs keep as characters that cut the name in two for whoever copies it.
  const heading = html`${tr("console.quarterly.heading")} · <bdi>${name}</bdi> · <bdi>${label(quarter)}</bdi>`;
  const last = DateTime.fromJSDate(review.range.to, { zone: review.timezone }).minus({ days: 1 }).toJSDate();
  const period = tr("console.quarterly.period", { from: formatWhen(review.range.from, locale, review.timezone, false), to: formatWhen(last, locale, review.timezone, false) });
  const content = html`<div class="quarter-screen">${choices(scope, subject, quarter, tr)}<p class="hint">${tr("console.quarterly.print")}</p></div><article class="quarter-review"><h1>${heading}</h1><p class="context">${period}</p>${figuresHtml(review, label, locale, tr)}${weeklyHtml(review, name, label(quarter), locale, tr)}${themesHtml(review, locale, tr)}${ideasHtml(review, tr)}${storiesHtml(review, tr)}${hoursHtml(review, locale, tr)}</article>`;
  show(title, content);
}

export function quarterlyConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(consolePath("quarterly"), consoleHandler(pages, "quarterly", reviewPage));
}
