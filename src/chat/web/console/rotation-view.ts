/**
 * The console's rotation view: the support line's calendar by week or month, for a department
 * or the company, who is on the line now, empty seats and why, swaps waiting, and fairness as
 * a chart of hours against the target. Everyone sees the calendar (as `rotation now` in chat);
 * managers of the department and administrators get the forms, and every form goes to the
 * services the chat calls, which check again who may do it.
 */
import type { Request, Router } from "express";
import { CALENDAR_VIEWS, calendarDate, calendarPeriod, type CalendarPeriod, type CalendarView } from "../../../domain/rotation/calendar-period";
import type { Employee } from "../../../generated/prisma/client";
import { textDirection, type Locale, type Translate } from "../../../i18n";
import { hoursCsv } from "../../../cli/rotation-report";
import { companyTimezone, type ServiceDeps } from "../../../services/deps";
import { recordAbsenceFor } from "../../../services/rotation/absence-by-manager";
import { calendarUrl } from "../../../services/rotation/calendar-feed";
import { currentQuarter, hoursReport, type HoursFigures, type HoursReport } from "../../../services/rotation/hours-report";
import { localDate, shiftTimes } from "../../../services/rotation/rotation-calendar";
import { assignableShifts, rotationCalendarDays, waitingSwaps, type CalendarDay, type CalendarSeat, type WaitingSwap } from "../../../services/rotation/rotation-calendar-view";
import { notice, ROTATION_ACTIONS, shiftLabel, shiftName } from "../../../services/rotation/rotation-messages";
import { onTheLine } from "../../../services/rotation/shift-queries";
import type { ShiftView } from "../../../services/rotation/shift-views";
import { reassignShift } from "../../../services/rotation/swaps";
import { html, type Html } from "../html";
import { hiddenRequest, messageHtml, type RenderContext } from "../message-html";
import type { WebPages } from "../web-pages";
import { activePeople } from "../web-people";
import { consoleHandler, type ConsoleRequest } from "./console-handler";
import { consolePath } from "./console-nav";
import { subjectOf, type ConsoleDepartment, type ConsoleScope } from "./console-scope";

const PATH = consolePath("rotation");
const ROTATION_HOURS_PATH = `${PATH}/hours.csv`;
const ASSIGN_PATH = `${PATH}/assign`;
const ABSENCE_PATH = `${PATH}/absence`;
const ID = /^[1-9]\d{0,9}$/;

type CalendarSubject = { kind: "company" } | { kind: "department"; department: ConsoleDepartment };

const tagOf = (locale: Locale) => (locale === "he" ? "he-IL" : "en-GB");

/** What the calendar shows: any department or the company, for everyone; a manager starts on theirs. */
function calendarSubject(scope: ConsoleScope, asked: unknown, departments: ConsoleDepartment[]): CalendarSubject | null {
  if (asked === undefined || asked === "") return subjectOf(scope, undefined) ?? { kind: "company" };
  if (asked === "company") return { kind: "company" };
  const department = departments.find((d) => d.key === asked);
  return department ? { kind: "department", department } : null;
}

/** May this person manage what the page is about (the company: administrators)? */
function manages(scope: ConsoleScope, subject: CalendarSubject): boolean {
  return subject.kind === "company" ? scope.company : scope.company || scope.departments.some((d) => d.id === subject.department.id);
}

function query(view: CalendarView, start: string, subject: CalendarSubject): string {
  const department = subject.kind === "company" ? "company" : subject.department.key;
  return `?${new URLSearchParams({ view, start, department }).toString()}`;
}

function dayLabel(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(tagOf(locale), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
}

function timeOf(at: Date, locale: Locale, zone: string): string {
  return new Intl.DateTimeFormat(tagOf(locale), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(at);
}

function whenOf(at: Date, locale: Locale, zone: string): string {
  return new Intl.DateTimeFormat(tagOf(locale), { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(at);
}

function numberOf(value: number, locale: Locale): string {
  return new Intl.NumberFormat(tagOf(locale), { maximumFractionDigits: 1 }).format(value);
}

function seatHtml(seat: CalendarSeat, viewer: Employee, tr: Translate): Html {
  const shift = seat.shift;
  if (!shift?.person) {
    const text = seat.reason ? tr("console.rotation.calendar.emptyWhy", { reason: tr(`rotation.reason.${seat.reason}`) }) : tr("console.rotation.calendar.empty");
    return html`<li class="seat seat-empty">${text}${shift ? html` <span class="context">${tr("console.rotation.calendar.shiftNumber", { id: shift.id })}</span>` : ""}</li>`;
  }
  const mine = shift.person.id === viewer.id;
  const notes = [
    mine ? html`<strong class="seat-mine-label">${tr("console.rotation.calendar.mine")}</strong>` : "",
    shift.isOnboarding && shift.buddy ? html`<span class="context">${tr("console.rotation.calendar.onboarding", { buddy: shift.buddy.name })}</span>` : "",
    shift.status === "PLANNED" ? html`<em class="context">${tr("console.rotation.calendar.draft")}</em>` : "",
  ];
  return html`<li class="seat${mine ? " seat-mine" : ""}"><bdi>${shift.person.name}</bdi> <span class="context">${tr("console.rotation.calendar.shiftNumber", { id: shift.id })}</span>${notes.map((n) => (n ? html` ${n}` : ""))}</li>`;
}

/** Shift templates are written in the company's zone (`companyZone`); times are shown in the reader's (`zone`). */
function calendarHtml(days: CalendarDay[], period: CalendarPeriod, caption: { subject: string; period: string }, viewer: Employee, locale: Locale, zones: { zone: string; companyZone: string }, today: string, tr: Translate): Html {
  const { zone, companyZone } = zones;
  const templates = [...new Map(days.flatMap((d) => d.slots).map((s) => [s.templateKey, s])).values()];
  const head = html`<tr><th scope="col">${tr("console.rotation.calendar.day")}</th>${templates.map((t) => html`<th scope="col">${shiftName({ key: t.templateKey, name: t.templateName }, locale)}</th>`)}</tr>`;
  const rows = days.map((day) => {
    const isToday = day.date === today;
    const cells = templates.map((template) => {
      const slot = day.slots.find((s) => s.templateKey === template.templateKey);
      if (day.closed) return html`<td class="closed">${tr("console.rotation.calendar.closed", { name: day.closed })}</td>`;
      if (!slot) return html`<td class="context">${tr("console.rotation.calendar.noShift")}</td>`;
      if (slot.seats.length === 0 && day.unplanned) return html`<td class="context">${tr("console.rotation.calendar.unplanned")}</td>`;
      const times = shiftTimes(day.date, slot, companyZone);
      return html`<td><span class="slot-time"><bdi>${timeOf(times.startsAt, locale, zone)}–${timeOf(times.endsAt, locale, zone)}</bdi></span><ul class="seats">${slot.seats.map((seat) => seatHtml(seat, viewer, tr))}</ul></td>`;
    });
    return html`<tr${isToday ? html` class="today"` : ""}><th scope="row"${isToday ? html` aria-current="date"` : ""}><time datetime="${day.date}">${dayLabel(day.date, locale)}</time>${isToday ? html` <span class="today-label">${tr("console.rotation.calendar.today")}</span>` : ""}</th>${cells}</tr>`;
  });
  return html`<table class="rotation-calendar rotation-${period.view}"><caption><bdi>${caption.subject}</bdi>: ${caption.period}</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function swapsHtml(swaps: WaitingSwap[], scope: ConsoleScope, context: RenderContext, locale: Locale, zone: string, tr: Translate): Html {
  if (swaps.length === 0) return html`<p>${tr("console.rotation.swaps.none")}</p>`;
  const mayDecide = (swap: WaitingSwap) => scope.company || (swap.from.departmentId !== null && scope.actor.managerOf.includes(swap.from.departmentId));
  const button = (action: string, swap: WaitingSwap, label: string, primary: boolean) =>
    html`<form method="post" action="/app/action" class="button-form">${hiddenRequest(context)}<input type="hidden" name="action" value="${action}"><input type="hidden" name="value" value="${swap.id}"><button type="submit" class="button${primary ? " button-primary" : ""}">${label}</button></form>`;
  const items = swaps.map((swap) => {
    const who =
      swap.status === "ACCEPTED" && swap.to
        ? html`${tr("console.rotation.swaps.accepted")} <bdi>${swap.to.name}</bdi>, ${swap.needsManagerApproval ? tr("console.rotation.swaps.waitingManager") : ""}`
        : swap.to
          ? html`${tr("console.rotation.swaps.offeredTo")} <bdi>${swap.to.name}</bdi>, ${tr("console.rotation.swaps.waitingAnswer")}`
          : html`${tr("console.rotation.swaps.offeredAll")}, ${tr("console.rotation.swaps.waitingAnswer")}`;
    const actions =
      swap.status === "ACCEPTED" && mayDecide(swap)
        ? html`<div class="actions">${button(ROTATION_ACTIONS.approve, swap, tr("console.rotation.swaps.approve"), true)}${button(ROTATION_ACTIONS.reject, swap, tr("console.rotation.swaps.decline"), false)}</div>`
        : "";
    return html`<li class="swap" data-swap="${swap.id}"><bdi>${shiftLabel(swap.shift, locale, zone)}</bdi>: <bdi>${swap.from.name}</bdi> → ${who}${actions}</li>`;
  });
  return html`<ul class="swaps">${items}</ul>`;
}

function nowHtml(line: { current: ShiftView[]; next: ShiftView[] }, locale: Locale, zone: string, tr: Translate): Html {
  const current = line.current.length
    ? html`<ul>${line.current.map((s) => html`<li><bdi>${s.person?.name ?? ""}</bdi> <span class="context">${tr("console.rotation.now.until", { time: timeOf(s.endsAt, locale, zone) })}</span></li>`)}</ul>`
    : html`<p>${tr("console.rotation.now.nobody")}</p>`;
  const first = line.next[0];
  const next = first
    ? html`<p>${tr("console.rotation.now.next", { when: whenOf(first.startsAt, locale, zone) })}: ${line.next.map((s, i) => html`${i ? ", " : ""}<bdi>${s.person?.name ?? ""}</bdi>`)}</p>`
    : "";
  return html`${current}${next}`;
}

function selectHtml(id: string, label: string, options: { value: string; label: string; selected?: boolean }[]): Html {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id.replace(/^rotation-/, "")}" required><option value=""></option>${options.map(
    (o) => html`<option value="${o.value}"${o.selected ? " selected" : ""}>${o.label}</option>`,
  )}</select></div>`;
}

function assignHtml(shifts: ShiftView[], people: { id: number; name: string }[], context: RenderContext, locale: Locale, zone: string, tr: Translate): Html {
  if (shifts.length === 0) return html`<p>${tr("console.rotation.assign.none")}</p>`;
  return html`<form method="post" action="${ASSIGN_PATH}" class="rotation-form">${hiddenRequest(context)}${selectHtml(
    "rotation-shift",
    tr("console.rotation.assign.shift"),
    shifts.map((s) => ({ value: String(s.id), label: `${shiftLabel(s, locale, zone)} · ${s.person?.name ?? tr("console.rotation.calendar.empty")}` })),
  )}${selectHtml("rotation-person", tr("console.rotation.assign.person"), people.map((p) => ({ value: String(p.id), label: p.name })))}<button type="submit" class="button button-primary">${tr("console.rotation.assign.submit")}</button></form>`;
}

function absenceHtml(people: { id: number; name: string }[], today: string, context: RenderContext, tr: Translate): Html {
  const date = (name: string, label: string) => html`<div class="field"><label for="rotation-${name}">${label}</label><input type="date" id="rotation-${name}" name="${name}" min="${today}" required></div>`;
  return html`<form method="post" action="${ABSENCE_PATH}" class="rotation-form">${hiddenRequest(context)}${selectHtml(
    "rotation-employee",
    tr("console.rotation.absence.person"),
    people.map((p) => ({ value: String(p.id), label: p.name })),
  )}${date("from", tr("console.rotation.absence.from"))}${date("to", tr("console.rotation.absence.to"))}<button type="submit" class="button button-primary">${tr("console.rotation.absence.submit")}</button></form>`;
}

interface ChartRow {
  label: string;
  figures: HoursFigures;
}

/**
 * Hours against target as horizontal bars, drawn from the side the page reads from (the
 * coordinates are mirrored by hand, so the drawing itself is laid out left to right). The
 * table after it carries the same figures for screen readers and for copying.
 */
function hoursChart(rows: ChartRow[], id: string, title: string, locale: Locale, tr: Translate): Html {
  const width = 640;
  const labelWidth = 190;
  const rowHeight = 26;
  const barArea = width - labelWidth - 20;
  const height = rows.length * rowHeight + 30;
  const rtl = textDirection(locale) === "rtl";
  const hours = (f: HoursFigures) => f.workedHours + f.scheduledHours;
  const top = Math.max(1, ...rows.map((r) => Math.max(hours(r.figures), r.figures.targetHours))) * 1.1;
  const scale = (value: number) => Math.round((value / top) * barArea);
  const items = rows.map((row, i) => {
    const y = i * rowHeight + 4;
    const bar = scale(hours(row.figures));
    const target = scale(row.figures.targetHours);
    const barX = rtl ? width - labelWidth - bar : labelWidth;
    const targetX = rtl ? width - labelWidth - target : labelWidth + target;
    const labelX = rtl ? width - labelWidth + 8 : labelWidth - 8;
    const over = hours(row.figures) >= row.figures.targetHours;
    return html`<g><title>${row.label}: ${numberOf(hours(row.figures), locale)} / ${numberOf(row.figures.targetHours, locale)}</title><text x="${labelX}" y="${y + 15}" text-anchor="${rtl ? "start" : "end"}" font-size="13" fill="#1d2330">${row.label}</text><rect x="${barX}" y="${y}" width="${Math.max(bar, 1)}" height="18" fill="${over ? "#1f5fbf" : "#8fb0e3"}"/><line x1="${targetX}" x2="${targetX}" y1="${y - 2}" y2="${y + 20}" stroke="#b3261e" stroke-width="3"/></g>`;
  });
  const legendY = rows.length * rowHeight + 22;
  return html`<figure class="hours-chart"><svg xmlns="http://www.w3.org/2000/svg" direction="ltr" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}">${items}<text x="${rtl ? width - 4 : 4}" y="${legendY}" text-anchor="${rtl ? "end" : "start"}" font-size="12" fill="#5b6475">${tr("console.rotation.fairness.legendHours")} · ${tr("console.rotation.fairness.legendTarget")}</text></svg><figcaption id="${id}">${title}</figcaption></figure>`;
}

function figuresCells(f: HoursFigures, locale: Locale): Html {
  return html`<td><bdi>${numberOf(f.targetHours, locale)}</bdi></td><td><bdi>${numberOf(f.workedHours + f.scheduledHours, locale)}</bdi></td><td><bdi>${numberOf(f.difference, locale)}</bdi></td>`;
}

async function fairnessHtml(
  services: ServiceDeps,
  scope: ConsoleScope,
  subject: CalendarSubject,
  viewer: Employee,
  locale: Locale,
  tr: Translate,
  now: Date,
): Promise<Html> {
  const quarter = currentQuarter(localDate(now, companyTimezone(services)));
  const heading = html`<h2 id="rotation-fairness">${tr("console.rotation.fairness.heading", { from: quarter.from, to: quarter.to })}</h2>`;
  const head = html`<th scope="col">${tr("console.rotation.fairness.target")}</th><th scope="col">${tr("console.rotation.fairness.hours")}</th><th scope="col">${tr("console.rotation.fairness.difference")}</th>`;
  if (!manages(scope, subject)) {
    // As `rotation fairness` in chat: other people's hours are for their managers; one's own are one's own.
    const own = viewer.departmentId === null ? undefined : await services.prisma.department.findUnique({ where: { id: viewer.departmentId }, select: { key: true } });
    const report = await hoursReport(services, { ...quarter, departmentKey: own?.key, now });
    const mine = report.people.find((p) => p.employeeId === viewer.id);
    const table = mine
      ? html`<table class="hours-table"><caption>${tr("console.rotation.fairness.own")}</caption><thead><tr><th scope="col">${tr("console.rotation.fairness.name")}</th>${head}</tr></thead><tbody><tr><th scope="row"><bdi>${mine.name}</bdi></th>${figuresCells(mine, locale)}</tr></tbody></table>`
      : "";
    return html`<section aria-labelledby="rotation-fairness">${heading}${table}<p class="context">${tr("console.rotation.fairness.othersHidden")}</p></section>`;
  }
  const departmentKey = subject.kind === "department" ? subject.department.key : undefined;
  const report: HoursReport = await hoursReport(services, { ...quarter, departmentKey, now });
  if (report.people.length === 0) return html`<section aria-labelledby="rotation-fairness">${heading}<p>${tr("console.rotation.fairness.none")}</p></section>`;
  const tokens = services.publicUrl
    ? new Map((await services.prisma.employee.findMany({ where: { id: { in: report.people.map((p) => p.employeeId) } }, select: { id: true, calendarToken: true } })).map((e) => [e.id, e.calendarToken]))
    : new Map<number, string>();
  const feedCell = (id: number) => {
    const token = tokens.get(id);
    return html`<td>${token && services.publicUrl ? html`<a href="${calendarUrl(services.publicUrl, token)}">${tr("console.rotation.feed.subscribe")}</a>` : ""}</td>`;
  };
  const people = report.people.filter((p) => p.active);
  const departmentRows = report.departments.map((d) => ({ label: d.name ?? "—", figures: d }));
  const csv = `${ROTATION_HOURS_PATH}?${new URLSearchParams({ department: departmentKey ?? "company" }).toString()}`;
  return html`<section aria-labelledby="rotation-fairness">${heading}<p><a href="${csv}" download>${tr("console.rotation.fairness.csv")}</a></p>
<h3>${tr("console.rotation.fairness.people")}</h3>${hoursChart(people.map((p) => ({ label: p.name, figures: p })), "rotation-chart-people", tr("console.rotation.fairness.chart"), locale, tr)}
<table class="hours-table"><caption>${tr("console.rotation.fairness.people")}</caption><thead><tr><th scope="col">${tr("console.rotation.fairness.name")}</th><th scope="col">${tr("console.rotation.fairness.department")}</th>${head}<th scope="col">${tr("console.rotation.fairness.feed")}</th></tr></thead><tbody>${people.map(
    (p) => html`<tr><th scope="row"><bdi>${p.name}</bdi></th><td><bdi>${p.department?.name ?? "—"}</bdi></td>${figuresCells(p, locale)}${feedCell(p.employeeId)}</tr>`,
  )}</tbody></table>
<h3>${tr("console.rotation.fairness.departments")}</h3>${hoursChart(departmentRows, "rotation-chart-departments", tr("console.rotation.fairness.chart"), locale, tr)}
<table class="hours-table"><caption>${tr("console.rotation.fairness.departments")}</caption><thead><tr><th scope="col">${tr("console.rotation.fairness.department")}</th>${head}</tr></thead><tbody>${report.departments.map(
    (d) => html`<tr><th scope="row"><bdi>${d.name ?? "—"}</bdi></th>${figuresCells(d, locale)}</tr>`,
  )}</tbody></table></section>`;
}

function feedHtml(services: ServiceDeps, viewer: Employee, tr: Translate): Html {
  const body = services.publicUrl
    ? html`<p><a href="${calendarUrl(services.publicUrl, viewer.calendarToken)}">${tr("console.rotation.feed.link")}</a></p>`
    : html`<p>${tr("console.rotation.feed.noUrl", { token: viewer.calendarToken })}</p>`;
  return html`<section aria-labelledby="rotation-feed"><h2 id="rotation-feed">${tr("console.rotation.feed.heading")}</h2>${body}</section>`;
}

async function calendarPage({ req, res, pages, viewer, scope, tr, show }: ConsoleRequest): Promise<unknown> {
  const { services } = pages;
  const organisation = services.organisation();
  if (!organisation) return show(tr("console.rotation.title"), html`<h1>${tr("console.rotation.title")}</h1><p>${tr("rotation.noOrganisation")}</p>`);
  const { locale, employee } = viewer;
  const now = new Date();
  const companyZone = organisation.company.timezone;
  const zone = employee.timezone ?? companyZone;
  const today = localDate(now, companyZone);
  const departments = await services.prisma.department.findMany({ where: { active: true }, select: { id: true, key: true, name: true }, orderBy: { name: "asc" } });
  const subject = calendarSubject(scope, req.query.department, departments);
  if (!subject) return pages.notFound(res, viewer);
  const view: CalendarView = CALENDAR_VIEWS.find((v) => v === req.query.view) ?? "week";
  const period = calendarPeriod(view, calendarDate(req.query.start) ?? today, organisation.company.workWeek[0] ?? 1);
  const filter = subject.kind === "department" ? { departmentId: subject.department.id } : {};
  const days = await rotationCalendarDays(services, period, filter, now);
  const context = pages.renderContext(req, res);
  const subjectName = subject.kind === "company" ? tr("console.rotation.choose.company") : subject.department.name;

  const choose = html`<form method="get" action="${PATH}" class="rotation-choose" aria-label="${tr("console.rotation.choose.label")}"><div class="field"><label for="rotation-view">${tr("console.rotation.choose.view")}</label><select id="rotation-view" name="view">${CALENDAR_VIEWS.map(
    (v) => html`<option value="${v}"${v === view ? " selected" : ""}>${tr(`console.rotation.choose.${v}`)}</option>`,
  )}</select></div><div class="field"><label for="rotation-department">${tr("console.rotation.choose.department")}</label><select id="rotation-department" name="department"><option value="company"${subject.kind === "company" ? " selected" : ""}>${tr("console.rotation.choose.company")}</option>${departments.map(
    (d) => html`<option value="${d.key}"${subject.kind === "department" && subject.department.id === d.id ? " selected" : ""}>${d.name}</option>`,
  )}</select></div><div class="field"><label for="rotation-start">${tr("console.rotation.choose.start")}</label><input type="date" id="rotation-start" name="start" value="${period.from}"></div><button type="submit" class="button">${tr("console.rotation.choose.submit")}</button></form>`;
  const step = view === "week" ? "Week" : "Month";
  const periods = html`<nav class="rotation-periods" aria-label="${tr("console.rotation.period.label")}"><a href="${PATH}${query(view, period.previous, subject)}" rel="prev">${tr(`console.rotation.period.previous${step}`)}</a> <a href="${PATH}${query(view, today, subject)}">${tr("console.rotation.period.today")}</a> <a href="${PATH}${query(view, period.next, subject)}" rel="next">${tr(`console.rotation.period.next${step}`)}</a></nav>`;
  const caption = { subject: subjectName, period: tr("console.rotation.calendar.caption", { from: dayLabel(period.from, locale), to: dayLabel(period.to, locale) }) };

  const line = await onTheLine(services, now);
  const swaps = await waitingSwaps(services, filter, now);
  const managing = manages(scope, subject);
  let manage: Html | string = "";
  if (managing) {
    const everyone = await activePeople(services);
    const theirs = scope.company
      ? everyone
      : await services.prisma.employee.findMany({ where: { active: true, departmentId: { in: [...scope.actor.managerOf] } }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
    manage = html`<section aria-labelledby="rotation-assign"><h2 id="rotation-assign">${tr("console.rotation.assign.heading")}</h2>${assignHtml(assignableShifts(days, scope.actor, now), everyone, context, locale, zone, tr)}</section><section aria-labelledby="rotation-absence"><h2 id="rotation-absence">${tr("console.rotation.absence.heading")}</h2>${absenceHtml(theirs, today, context, tr)}</section>`;
  }
  const content = html`<h1>${tr("console.rotation.title")}</h1>${choose}${periods}
<div class="rotation-scroll">${calendarHtml(days, period, caption, employee, locale, { zone, companyZone }, today, tr)}</div>
<section aria-labelledby="rotation-now"><h2 id="rotation-now">${tr("console.rotation.now.heading")}</h2>${nowHtml(line, locale, zone, tr)}</section>
<section aria-labelledby="rotation-swaps"><h2 id="rotation-swaps">${tr("console.rotation.swaps.heading")}</h2>${swapsHtml(swaps, scope, context, locale, zone, tr)}</section>
${manage}${await fairnessHtml(services, scope, subject, employee, locale, tr, now)}${feedHtml(services, employee, tr)}`;
  return show(tr("console.rotation.title"), content);
}

/** What a manager's form did, as the chat would say it, with the way back. */
function answered(request: ConsoleRequest, result: { kind: "answer"; text: string } | { kind: "duplicate" }): unknown {
  const { req, res, pages, viewer, tr, show } = request;
  if (result.kind === "duplicate") return res.redirect(303, PATH);
  const message = messageHtml(notice(viewer.locale, result.text), pages.renderContext(req, res));
  return show(tr("console.rotation.title"), html`<h1>${tr("console.rotation.title")}</h1>${message}<p><a href="${PATH}">${tr("console.rotation.answer.back")}</a></p>`);
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

export function rotationConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(PATH, consoleHandler(pages, "rotation", calendarPage));

  router.post(
    ASSIGN_PATH,
    consoleHandler(pages, "rotation", async (request) => {
      const { req, viewer } = request;
      const shift = field(req, "shift");
      const person = field(req, "person");
      if (!ID.test(shift) || !ID.test(person)) return pages.notFound(request.res, viewer);
      const taker = await pages.services.prisma.employee.findFirst({ where: { id: Number(person), active: true }, select: { id: true, name: true } });
      const result = await reassignShift(pages.services, pages.request(req, viewer).requestKey, {
        actorId: viewer.employee.id,
        shiftId: Number(shift),
        toEmployeeId: taker?.id,
        toName: taker?.name ?? person,
      });
      return answered(request, result);
    }),
  );

  router.post(
    ABSENCE_PATH,
    consoleHandler(pages, "rotation", async (request) => {
      const { req, viewer } = request;
      const employee = field(req, "employee");
      const from = calendarDate(field(req, "from"));
      const to = calendarDate(field(req, "to"));
      if (!ID.test(employee) || !from || !to) return pages.notFound(request.res, viewer);
      const result = await recordAbsenceFor(pages.services, pages.request(req, viewer).requestKey, { actorId: viewer.employee.id, employeeId: Number(employee), from, to });
      return answered(request, result);
    }),
  );

  router.get(
    ROTATION_HOURS_PATH,
    consoleHandler(pages, "rotation", async ({ req, res, pages: { services }, viewer, scope }) => {
      // The figures `rotation fairness` shows: administrators everyone's, managers their departments'.
      const subject = subjectOf(scope, req.query.department);
      if (!subject || !services.organisation()) return pages.forbidden(res, viewer);
      const quarter = currentQuarter(localDate(new Date(), companyTimezone(services)));
      const from = calendarDate(req.query.from) ?? quarter.from;
      const to = calendarDate(req.query.to) ?? quarter.to;
      if (from > to) return pages.notFound(res, viewer);
      const departmentKey = subject.kind === "department" ? subject.department.key : undefined;
      const report = await hoursReport(services, { from, to, departmentKey, now: new Date() });
      const name = `rotation-hours-${departmentKey ?? "company"}-${from}-${to}.csv`;
      return res.type("text/csv; charset=utf-8").set({ "Cache-Control": "no-store", "Content-Disposition": `attachment; filename="${name}"` }).send(hoursCsv(report));
    }),
  );
}
