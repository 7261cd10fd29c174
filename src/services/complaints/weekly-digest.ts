/**
 * The weekly complaint digests: built for a week, shown as a preview, or posted once per
 * department and week into its channel (and the company view into the management channel).
 */
import { randomBytes } from "node:crypto";
import { DEFAULT_DIGEST_SCHEDULE, type Department as DepartmentConfig, type Organisation } from "../../config/organisation";
import type { Message } from "../../chat/message";
import { digestPeriod, occurrenceInWeek, periodDays, weekLabel, type DigestPeriod } from "../../domain/complaints/digest-period";
import { previousOccurrence } from "../../domain/recurrence";
import { translator, type Locale, textDirection } from "../../i18n";
import { companyLocale, companyTimezone, type ServiceDeps, type Tx } from "../deps";
import { channelMessages } from "../notify";
import { storyOfTheWeek } from "../stories/story-of-week";
import { enqueue, type OutboxEntry } from "../outbox";
import { renderDigestChart } from "./digest-chart";
import { companyFigures, departmentFigures, type DigestDepartment } from "./digest-figures";
import { companyDigestMessage, departmentDigestMessage } from "./digest-messages";

export const CHART_PATH = "/digest-charts";

/** A department as the digests need it: where it posts, its zone and its weekly moment. */
export interface ScheduledDepartment extends DigestDepartment {
  /** ISO weekday (1 = Monday ... 7 = Sunday) and hour, in `timezone`. */
  schedule: { weekday: number; hour: number };
  /** When it joined the organisation: digests due before then are not caught up. */
  createdAt: Date;
}

/** The organisation's active departments, with their digest schedules from the file. */
export async function scheduledDepartments(deps: Pick<ServiceDeps, "prisma" | "organisation">): Promise<ScheduledDepartment[]> {
  const organisation = deps.organisation();
  const configured = new Map<string, DepartmentConfig>((organisation?.departments ?? []).map((d) => [d.key, d]));
  const rows = await deps.prisma.department.findMany({ where: { active: true }, orderBy: { name: "asc" } });
  return rows.map((d) => {
    const config = configured.get(d.key);
    return {
      id: d.id,
      key: d.key,
      name: d.name,
      timezone: d.timezone ?? companyTimezone(deps),
      slackChannel: d.slackChannel,
      teamsChannel: d.teamsChannel,
      schedule: config?.digest ?? organisation?.digest ?? DEFAULT_DIGEST_SCHEDULE,
      createdAt: d.createdAt,
    };
  });
}

/** The latest moment at or before `now` a department's digest was due. */
export function dueAt(department: Pick<ScheduledDepartment, "schedule" | "timezone">, now: Date): Date {
  return previousOccurrence({ kind: "weekly", ...department.schedule, timezone: department.timezone }, now);
}

/** The company view's moment and zone: the organisation's digest schedule, in the company's zone. */
export function companySchedule(organisation: Organisation | undefined, timezone: string): Pick<ScheduledDepartment, "schedule" | "timezone"> {
  return { schedule: organisation?.digest ?? DEFAULT_DIGEST_SCHEDULE, timezone };
}

function chartText(department: DigestDepartment, locale: Locale) {
  const t = translator(locale);
  return { title: t("digest.chartTitle", { department: department.name }), yAxis: t("digest.chartAxis"), direction: textDirection(locale) };
}

/** A department's chart of its weekly counts (DepartmentFigures' `weekly`), the digest's own week highlighted. */
export function departmentChart(department: DigestDepartment, weekly: readonly number[], period: DigestPeriod, locale: Locale): Promise<Buffer> {
  const weeks = weekly.map((count, i) => ({
    label: weekLabel(period.bounds[i]!, department.timezone),
    count,
    current: i === weekly.length - 1,
  }));
  return renderDigestChart(weeks, chartText(department, locale));
}

/** Keeps a chart under a random token, where Slack and Teams fetch it (GET CHART_PATH/<token>.png); its address. */
export async function keepChart(publicUrl: string, db: Tx | ServiceDeps["prisma"], png: Buffer): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db.digestChart.create({ data: { token, png: new Uint8Array(png) } });
  return `${publicUrl}${CHART_PATH}/${token}.png`;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so one awaited later is no unhandled rejection meanwhile. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function unsettled<T>(result: Settled<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** Departments grouped by the period their digest covers, so each group is read in one go. */
function byPeriod<T extends Pick<ScheduledDepartment, "timezone">>(departments: readonly { department: T; occurrence: Date }[]) {
  const groups = new Map<string, { period: DigestPeriod; occurrence: Date; departments: T[] }>();
  for (const { department, occurrence } of departments) {
    const key = `${department.timezone}|${occurrence.toISOString()}`;
    const group = groups.get(key) ?? { period: digestPeriod(occurrence, department.timezone), occurrence, departments: [] };
    group.departments.push(department);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export type PreviewResult =
  | { ok: true; message: Message; department: DigestDepartment; isoWeek: string }
  | { ok: false; reason: "unknown-department"; known: string[] };

/**
 * A department's digest as it would be posted for ISO week `isoWeek` (the week it is posted
 * in), or for its latest one; nothing is posted.
 */
export async function previewDigest(
  deps: Pick<ServiceDeps, "prisma" | "organisation" | "publicUrl">,
  departmentKey: string,
  options: { isoWeek?: string; locale?: Locale; now?: Date } = {},
): Promise<PreviewResult> {
  const departments = await scheduledDepartments(deps);
  const department = departments.find((d) => d.key === departmentKey.toLowerCase());
  if (!department) return { ok: false, reason: "unknown-department", known: departments.map((d) => d.key) };
  const occurrence = options.isoWeek
    ? occurrenceInWeek(options.isoWeek, department.schedule, department.timezone)
    : dueAt(department, options.now ?? new Date());
  const period = digestPeriod(occurrence, department.timezone);
  const [figures] = await departmentFigures(deps.prisma, [department], period);
  const locale = options.locale ?? companyLocale(deps);
  if (!figures) throw new Error(`No digest figures for department ${department.key}`);
  const chartUrl = deps.publicUrl ? await keepChart(deps.publicUrl, deps.prisma, await departmentChart(department, figures.weekly, period, locale)) : undefined;
  const story = await storyOfTheWeek(deps.prisma, period.isoWeek);
  const message = departmentDigestMessage(figures, { locale, days: periodDays(period, department.timezone), preview: true, chartUrl, story });
  return { ok: true, message, department, isoWeek: period.isoWeek };
}

/** Something that decides, inside the posting transaction, whether this replica posts an occurrence. */
export type Claim = (tx: Tx, job: string, occurrence: Date) => Promise<boolean>;

export interface DigestDue {
  department: ScheduledDepartment;
  occurrence: Date;
  late: boolean;
}

export function departmentJob(department: Pick<ScheduledDepartment, "key">): string {
  return `digest.department:${department.key}`;
}

export const COMPANY_JOB = "digest.company";

/**
 * Builds and posts the due department digests. Each one is claimed in the transaction that
 * queues its post, so a replica that loses the claim posts nothing, and a failure leaves
 * nothing claimed (the next timer or start-up tries again). Returns the departments posted.
 */
export async function postDepartmentDigests(deps: ServiceDeps, due: readonly DigestDue[], claim: Claim): Promise<string[]> {
  const late = new Map(due.map((d) => [d.department.id, d.late]));
  const posted: string[] = [];
  const locale = companyLocale(deps);
  for (const group of byPeriod(due)) {
    // Every chart of the group is drawn as soon as its weekly counts are read (resvg draws
    // and zlib compresses on libuv's threads), while the rest of the figures are read and
    // the digests queued one by one: drawn one after another inside each transaction they
    // took longer than the figures. A replica that then loses a claim has drawn that chart
    // for nothing, a few milliseconds.
    const publicUrl = deps.publicUrl;
    const charts = new Map<number, Promise<Settled<Buffer>>>();
    const draw = (department: DigestDepartment, weekly: number[]) => charts.set(department.id, settled(departmentChart(department, weekly, group.period, locale)));
    const figures = await departmentFigures(deps.prisma, group.departments, group.period, publicUrl ? { onWeekly: draw } : {});
    const story = await storyOfTheWeek(deps.prisma, group.period.isoWeek);
    for (const f of figures) {
      const department = group.departments.find((d) => d.id === f.department.id)!;
      const done = await deps.prisma.$transaction(async (tx) => {
        if (!(await claim(tx, departmentJob(department), group.occurrence))) return false;
        const chart = charts.get(f.department.id);
        const chartUrl = publicUrl && chart ? await keepChart(publicUrl, tx, unsettled(await chart)) : undefined;
        const message = departmentDigestMessage(f, { locale, days: periodDays(group.period, department.timezone), late: late.get(department.id), chartUrl, story });
        const entries: OutboxEntry[] = channelMessages(deps, { slack: department.slackChannel, teams: department.teamsChannel }, `digest:${department.key}:${group.period.isoWeek}`, message);
        if (entries.length === 0) deps.logger.warn({ department: department.key }, "Complaint digest: the department has no channel; nothing posted");
        await enqueue(tx, entries);
        return true;
      });
      if (done) posted.push(department.key);
    }
  }
  if (posted.length > 0) deps.outboxKick();
  return posted;
}

/** Builds and posts the company view into the management channel, claimed like the department digests. */
export async function postCompanyDigest(deps: ServiceDeps, occurrence: Date, late: boolean, claim: Claim): Promise<boolean> {
  const timezone = companyTimezone(deps);
  const period = digestPeriod(occurrence, timezone);
  const departments = await scheduledDepartments(deps);
  const figures = await companyFigures(deps.prisma, departments, period);
  const message = companyDigestMessage(figures, { locale: companyLocale(deps), days: periodDays(period, timezone), late });
  const management = deps.organisation()?.channels.management ?? {};
  const done = await deps.prisma.$transaction(async (tx) => {
    if (!(await claim(tx, COMPANY_JOB, occurrence))) return false;
    await enqueue(tx, channelMessages(deps, management, `digest:company:${period.isoWeek}`, message));
    return true;
  });
  if (done) deps.outboxKick();
  return done;
}

/** The company view for a week without posting it. */
export async function previewCompanyDigest(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  options: { isoWeek?: string; locale?: Locale; now?: Date } = {},
): Promise<Message> {
  const timezone = companyTimezone(deps);
  const { schedule } = companySchedule(deps.organisation(), timezone);
  const occurrence = options.isoWeek
    ? occurrenceInWeek(options.isoWeek, schedule, timezone)
    : dueAt({ schedule, timezone }, options.now ?? new Date());
  const period = digestPeriod(occurrence, timezone);
  const figures = await companyFigures(deps.prisma, await scheduledDepartments(deps), period);
  return companyDigestMessage(figures, { locale: options.locale ?? companyLocale(deps), days: periodDays(period, timezone), preview: true });
}
