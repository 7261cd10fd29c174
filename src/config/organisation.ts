/**
 * The organisation file: who works where, which channels to post to, and the knobs of each
 * feature. Administrators edit it by hand, so every problem is reported with the file name,
 * the path of the offending field, its line, what was expected and what was found.
 * The YAML keys are documented in docs/organisation.md (a unit test keeps the two in step);
 * the parsed result uses camelCase. Every weekday is ISO 8601: 1 = Monday ... 7 = Sunday.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { patternProblem } from "../domain/complaints/attribution";

export type Locale = "he" | "en";

/** A channel on each platform; a missing platform simply has no such channel. */
export interface ChannelRef {
  slack?: string;
  teams?: string;
}

export interface Department {
  key: string;
  name: string;
  slackChannel?: string;
  teamsChannel?: string;
  /** Lower-case emails, each of which is an employee. */
  managers: string[];
  /** Where its weekly digest's day and hour are read: its own zone, or the company's. */
  timezone: string;
  /** How a complaint is recognised as this department's (see domain/complaints/attribution). */
  complaints: { keywords: string[]; patterns: string[] };
  /** When its digest is posted, in its time zone: its own choice, or the organisation's. */
  digest: DigestSchedule;
}

/** A weekly moment: an ISO weekday (1 = Monday ... 7 = Sunday), and an hour of that day. */
export interface DigestSchedule {
  weekday: number;
  hour: number;
}

export interface Employee {
  /** Lower case, unique: the identity used everywhere else. */
  email: string;
  name: string;
  /** A department key. */
  department: string;
  slackId?: string;
  teamsId?: string;
  /** The employee's own zone, or the company's. */
  timezone: string;
  /** Unset means "no preference": the platform's or the company's locale applies. */
  locale?: Locale;
  /** Share of a full-time position, 0 < fte <= 1. */
  fte: number;
  /** YYYY-MM-DD. */
  startDate?: string;
  isAdmin: boolean;
  /** Lower-case language codes the person can serve customers in, for shifts that ask for one. */
  languages: string[];
  /** Lower-case skill names, for shifts that ask for one. */
  skills: string[];
}

/** One shift of the support line, repeated on its weekdays. */
export interface ShiftTemplateConfig {
  key: string;
  name: string;
  /** ISO weekdays (1 = Monday ... 7 = Sunday); the company work week by default. */
  weekdays: number[];
  /** "HH:MM" in the company's time zone; an end not after the start ends the next day. */
  start: string;
  end: string;
  seats: number;
  language?: string;
  skill?: string;
}

export interface Closure {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  name?: string;
}

export interface SupportLine {
  share: number;
  weeksAhead: number;
  /** Shifts are published (frozen and announced) this many days before they happen. */
  publishDaysAhead: number;
  shifts: ShiftTemplateConfig[];
  /** Highest share of one shift's seats one department may hold (at least one seat always). */
  departmentCap: number;
  minRestHours: number;
  maxShiftsPerWeek: number;
  /** People who started at most this many days ago are onboarding: they sit beside an experienced colleague on extra seats instead of holding a seat. */
  onboardingDays: number;
  /** Onboarding shifts a new hire gets on each working day of their onboarding days. */
  onboardingShiftsPerDay: number;
  /** Whether the country's public holidays close the line. */
  publicHolidays: boolean;
  closures: Closure[];
  /** A swap takes effect only once the giver's manager approves it. */
  swapNeedsApproval: boolean;
  /** Handle of the Slack user group holding whoever is on shift, without "@". */
  userGroup: string;
  /** Where open swap offers are posted; the management channel by default. */
  channel: ChannelRef;
  /** Local hour of the "evening before" reminder people may choose instead of 24 hours ahead. */
  eveningReminderHour: number;
}

export interface Organisation {
  company: {
    name: string;
    timezone: string;
    locale: Locale;
    /** ISO 3166 alpha-2 (upper case); "IL" by default for Asia/Jerusalem, otherwise unset. */
    country?: string;
    /** ISO weekdays (1 = Monday ... 7 = Sunday). */
    workWeek: number[];
  };
  channels: { stories: ChannelRef; management: ChannelRef };
  departments: Department[];
  employees: Employee[];
  supportLine: SupportLine;
  ideas: {
    /** Where idea reviews go for a department without a channel; the management channel by default. */
    reviewChannelFallback: ChannelRef;
    staleAfterDays: number;
  };
  stories: { curation: "none" | "curator"; curators: string[] };
  /** When the weekly digests are posted unless a department says otherwise; the company view goes out then, in the company's zone. */
  digest: DigestSchedule;
  /** Every employee's monthly service report: on the company's first working day of the month, at this hour in each person's zone. */
  monthlyReport: { enabled: boolean; hour: number };
  /** Where people come from besides this file; absent means the source is not used. */
  sources: {
    /** departmentField: the label or id of a custom profile field whose value names a member's department. */
    slack?: { userGroups: Record<string, string>; includeGuests: boolean; departmentField?: string };
    microsoft365?: { groups: Record<string, string> }; scim?: { defaultDepartment?: string };
  };
}

export class OrganisationFileError extends Error {
  override readonly name = "OrganisationFileError";

  constructor(
    readonly fileName: string,
    /** One line per problem, without the file name. */
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `${fileName}: ${problems[0]}`
        : [`Invalid organisation file ${fileName}:`, ...problems.map((p) => `  ${p}`)].join("\n"),
    );
  }
}

// ---------------------------------------------------------------------------------------
// Field schemas. Messages start with "expected ..."; the formatter appends what was found.

const text = z.string().trim().min(1, "expected non-empty text");

/** Optional fields may also be left empty (`slack_id:`), as templates often are. */
const optionalText = text.nullish();

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("expected an email address such as dana@acme.example"));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Canonicalised so that "asia/jerusalem" and aliases compare equal to "Asia/Jerusalem". */
const timeZone = z
  .string()
  .trim()
  .refine(isTimeZone, {
    error: (issue) =>
      `expected an IANA time zone such as Asia/Jerusalem or Europe/London, found ${describeValue(issue.input)}`,
  })
  .transform((zone) => new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone);

const locale = z.enum(["he", "en"]);

/** Share of time, as both fte and the support-line share are. */
const fraction = z
  .number()
  .gt(0, "expected a number greater than 0 and at most 1")
  .max(1, "expected a number greater than 0 and at most 1");

function intBetween(min: number, max: number) {
  const message = `expected a whole number from ${min} to ${max}`;
  return z.int(message).min(min, message).max(max, message);
}

/**
 * An ISO 8601 weekday, 1 = Monday ... 7 = Sunday, the one numbering of every weekday in the
 * file. 0 is read as Sunday too, so files written when digest.weekday counted from
 * 0 = Sunday keep their meaning; it is normalised to 7 here, and the code only ever sees 1-7.
 */
const isoWeekday = z
  .int("expected an ISO weekday from 1 (Monday) to 7 (Sunday)")
  .min(0, "expected an ISO weekday from 1 (Monday) to 7 (Sunday)")
  .max(7, "expected an ISO weekday from 1 (Monday) to 7 (Sunday)")
  .transform((day) => (day === 0 ? 7 : day));

/** Sunday, when a digest is posted unless the file says otherwise. */
export const DEFAULT_DIGEST_SCHEDULE: DigestSchedule = Object.freeze({ weekday: 7, hour: 9 });

/** Unquoted dates are strings in YAML 1.2 but Date objects under a `%YAML 1.1` directive. */
const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.iso.date("expected a date written YYYY-MM-DD"),
);

const channelRef = z.object({ slack: optionalText, teams: optionalText }).strict();

// ---------------------------------------------------------------------------------------
// The file's structure, in its own snake_case keys.

const companySchema = z
  .object({
    name: text,
    timezone: timeZone,
    locale,
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "expected an ISO 3166 two-letter country code such as IL")
      .nullish(),
    work_week: z
      .array(isoWeekday)
      .min(1, "expected at least one working day")
      .refine((days) => new Set(days).size === days.length, {
        error: (issue) => `expected each weekday at most once, found ${JSON.stringify(issue.input)}`,
      })
      .nullish(),
  })
  .strict();

const digestSchema = z
  .object({
    weekday: isoWeekday.default(DEFAULT_DIGEST_SCHEDULE.weekday),
    hour: intBetween(0, 23).default(DEFAULT_DIGEST_SCHEDULE.hour),
  })
  .strict();

const departmentSchema = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]*$/, "expected a lower-case identifier such as billing or customer-care"),
    name: text,
    slack_channel: optionalText,
    teams_channel: optionalText,
    managers: z.array(email).default([]),
    timezone: timeZone.nullish(),
    complaints: z
      .object({
        keywords: z.array(text).default([]),
        patterns: z
          .array(
            z.string().superRefine((source, ctx) => {
              const problem = patternProblem(source);
              if (problem) ctx.addIssue({ code: "custom", message: problem });
            }),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    digest: digestSchema.nullish(),
  })
  .strict();

const employeeSchema = z
  .object({
    email,
    name: text,
    department: text,
    slack_id: optionalText,
    teams_id: optionalText,
    timezone: timeZone.nullish(),
    locale: locale.nullish(),
    fte: fraction.default(1),
    start_date: isoDate.nullish(),
    admin: z.boolean().default(false),
    languages: z.array(text.toLowerCase()).default([]),
    skills: z.array(text.toLowerCase()).default([]),
  })
  .strict();

const clockTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time written HH:MM, such as 09:00");

const shiftSchema = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]*$/, "expected a lower-case identifier such as morning"),
    name: text.nullish(),
    days: z.array(isoWeekday).min(1, "expected at least one weekday").nullish(),
    start: clockTime,
    end: clockTime,
    seats: intBetween(1, 1000).default(1),
    language: text.toLowerCase().nullish(),
    skill: text.toLowerCase().nullish(),
  })
  .strict();

const closureSchema = z.union([
  isoDate,
  z.object({ from: isoDate, to: isoDate.nullish(), name: optionalText }).strict(),
]);

const supportLineSchema = z
  .object({
    share: fraction.default(0.1),
    weeks_ahead: intBetween(1, 52).default(4),
    publish_days_ahead: intBetween(0, 364).default(7),
    shifts: z.array(shiftSchema).min(1, "expected at least one shift, or no shifts key for the defaults").nullish(),
    department_cap: fraction.default(0.5),
    min_rest_hours: intBetween(0, 48).default(11),
    max_shifts_per_week: intBetween(1, 21).default(3),
    onboarding_days: intBetween(0, 60).default(14),
    onboarding_shifts_per_day: intBetween(1, 6).default(1),
    public_holidays: z.boolean().default(true),
    closures: z.array(closureSchema).default([]),
    swap_needs_approval: z.boolean().default(false),
    user_group: z
      .string()
      .trim()
      .regex(/^@?[a-z0-9][a-z0-9._-]*$/, "expected a Slack user group handle such as support-now")
      .transform((handle) => handle.replace(/^@/, ""))
      .default("support-now"),
    channel: channelRef.nullish(),
    evening_reminder_hour: intBetween(12, 23).default(18),
  })
  .strict();

const fileSchema = z
  .object({
    company: companySchema,
    channels: z
      .object({ stories: channelRef.prefault({}), management: channelRef.prefault({}) })
      .strict()
      .prefault({}),
    departments: z.array(departmentSchema),
    employees: z.array(employeeSchema),
    support_line: supportLineSchema.prefault({}),
    ideas: z
      .object({ review_channel_fallback: channelRef.nullish(), stale_after_days: intBetween(1, 365).default(14) })
      .strict()
      .prefault({}),
    stories: z
      .object({ curation: z.enum(["none", "curator"]).default("none"), curators: z.array(email).default([]) })
      .strict()
      .prefault({}),
    digest: digestSchema.prefault({}),
    monthly_report: z
      .object({ enabled: z.boolean().default(true), hour: intBetween(0, 23).default(9) })
      .strict()
      .prefault({}),
    sources: z
      .object({
        slack: z
          .object({
            user_groups: z.record(z.string().trim().min(1), z.string().trim().min(1)).default({}),
            include_guests: z.boolean().default(false),
            department_field: z.string().trim().min(1).nullish(),
          })
          .strict()
          .nullish(),
        microsoft365: z
          .object({ groups: z.record(z.string().trim().min(1), z.string().trim().min(1)).default({}) })
          .strict()
          .nullish(),
        scim: z
          .object({ default_department: z.string().trim().min(1).nullish() })
          .strict()
          .nullish(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

type OrganisationFile = z.output<typeof fileSchema>;

// ---------------------------------------------------------------------------------------
// Checks that span several fields. They run only once every field has the right type.

function checkReferences(file: OrganisationFile, ctx: z.RefinementCtx): void {
  const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

  const reportDuplicates = (
    list: "departments" | "employees",
    field: string,
    values: (string | null | undefined)[],
    what: string,
  ) => {
    const firstIndex = new Map<string, number>();
    values.forEach((value, index) => {
      if (value == null) return;
      const first = firstIndex.get(value);
      if (first === undefined) firstIndex.set(value, index);
      else report([list, index, field], `duplicate ${what} "${value}" (already used by ${list}[${first}])`);
    });
  };
  reportDuplicates("departments", "key", file.departments.map((d) => d.key), "department key");
  reportDuplicates("employees", "email", file.employees.map((e) => e.email), "email");
  reportDuplicates("employees", "slack_id", file.employees.map((e) => e.slack_id), "Slack user ID");
  reportDuplicates("employees", "teams_id", file.employees.map((e) => e.teams_id), "Teams user ID");

  const departmentKeys = new Set(file.departments.map((d) => d.key));
  const known = [...departmentKeys].sort().join(", ") || "none";
  Object.entries(file.sources.slack?.user_groups ?? {}).forEach(([group, department]) => {
    if (!departmentKeys.has(department)) report(["sources", "slack", "user_groups", group], `unknown department "${department}" (known: ${known})`);
  });
  const scimDepartment = file.sources.scim?.default_department;
  if (scimDepartment && !departmentKeys.has(scimDepartment)) report(["sources", "scim", "default_department"], `unknown department "${scimDepartment}" (known: ${known})`);
  Object.entries(file.sources.microsoft365?.groups ?? {}).forEach(([group, department]) => {
    if (!departmentKeys.has(department)) report(["sources", "microsoft365", "groups", group], `unknown department "${department}" (known: ${known})`);
  });
  file.employees.forEach((employee, index) => {
    if (!departmentKeys.has(employee.department)) {
      report(["employees", index, "department"], `unknown department "${employee.department}" (known: ${known})`);
    }
  });

  const emails = new Set(file.employees.map((e) => e.email));
  const reportStrangers = (path: (string | number)[], addresses: string[], role: string) =>
    addresses.forEach((address, index) => {
      if (!emails.has(address)) {
        report([...path, index], `"${address}" is not an employee (every ${role} must also be listed under employees)`);
      }
    });
  file.departments.forEach((department, index) =>
    reportStrangers(["departments", index, "managers"], department.managers, "manager"),
  );
  reportStrangers(["stories", "curators"], file.stories.curators, "curator");

  const shifts = file.support_line.shifts ?? [];
  reportDuplicateShiftKeys(shifts, report);
  file.support_line.closures.forEach((closure, index) => {
    if (typeof closure === "object" && closure.to != null && closure.to < closure.from) {
      report(["support_line", "closures", index, "to"], `expected a date on or after ${closure.from}, found ${closure.to}`);
    }
  });

  if (file.stories.curation === "curator" && file.stories.curators.length === 0) {
    report(["stories", "curators"], 'expected at least one curator when stories.curation is "curator"');
  }
}

function reportDuplicateShiftKeys(
  shifts: { key: string }[],
  report: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Map<string, number>();
  shifts.forEach((shift, index) => {
    const first = seen.get(shift.key);
    if (first === undefined) seen.set(shift.key, index);
    else report(["support_line", "shifts", index, "key"], `duplicate shift key "${shift.key}" (already used by shifts[${first}])`);
  });
}

// ---------------------------------------------------------------------------------------
// From the file's shape to the one the code uses.

const ISRAEL_WORK_WEEK = [7, 1, 2, 3, 4];
const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];

function channel(ref: z.output<typeof channelRef>): ChannelRef {
  return { slack: ref.slack ?? undefined, teams: ref.teams ?? undefined };
}

function toOrganisation(file: OrganisationFile): Organisation {
  const { company } = file;
  const country = company.country ?? (company.timezone === "Asia/Jerusalem" ? "IL" : undefined);
  const management = channel(file.channels.management);
  const workWeek = company.work_week ?? (country === "IL" ? ISRAEL_WORK_WEEK : MONDAY_TO_FRIDAY);
  return {
    company: {
      name: company.name,
      timezone: company.timezone,
      locale: company.locale,
      country,
      workWeek,
    },
    channels: { stories: channel(file.channels.stories), management },
    departments: file.departments.map((d) => ({
      key: d.key,
      name: d.name,
      slackChannel: d.slack_channel ?? undefined,
      teamsChannel: d.teams_channel ?? undefined,
      managers: d.managers,
      timezone: d.timezone ?? company.timezone,
      complaints: d.complaints,
      digest: d.digest ?? file.digest,
    })),
    employees: file.employees.map((e) => ({
      email: e.email,
      name: e.name,
      department: e.department,
      slackId: e.slack_id ?? undefined,
      teamsId: e.teams_id ?? undefined,
      timezone: e.timezone ?? company.timezone,
      locale: e.locale ?? undefined,
      fte: e.fte,
      startDate: e.start_date ?? undefined,
      isAdmin: e.admin,
      languages: e.languages,
      skills: e.skills,
    })),
    supportLine: toSupportLine(file.support_line, workWeek, management),
    ideas: {
      reviewChannelFallback: file.ideas.review_channel_fallback
        ? channel(file.ideas.review_channel_fallback)
        : management,
      staleAfterDays: file.ideas.stale_after_days,
    },
    stories: file.stories,
    digest: file.digest,
    monthlyReport: file.monthly_report,
    sources: {
      slack: file.sources.slack
        ? {
            userGroups: file.sources.slack.user_groups,
            includeGuests: file.sources.slack.include_guests,
            departmentField: file.sources.slack.department_field ?? undefined,
          }
        : undefined,
      microsoft365: file.sources.microsoft365 ? { groups: file.sources.microsoft365.groups } : undefined,
      scim: file.sources.scim ? { defaultDepartment: file.sources.scim.default_department ?? undefined } : undefined,
    },
  };
}

/** Without a shifts key: 09:00 to 17:00 in two shifts of one seat, on every working day. */
const DEFAULT_SHIFTS: z.output<typeof shiftSchema>[] = [
  { key: "morning", start: "09:00", end: "13:00", seats: 1 },
  { key: "afternoon", start: "13:00", end: "17:00", seats: 1 },
];

function toSupportLine(
  line: OrganisationFile["support_line"],
  workWeek: number[],
  management: ChannelRef,
): SupportLine {
  const shifts = line.shifts ?? DEFAULT_SHIFTS;
  return {
    share: line.share,
    weeksAhead: line.weeks_ahead,
    publishDaysAhead: line.publish_days_ahead,
    shifts: shifts.map((shift) => ({
      key: shift.key,
      name: shift.name ?? shift.key,
      weekdays: shift.days ?? workWeek,
      start: shift.start,
      end: shift.end,
      seats: shift.seats,
      language: shift.language ?? undefined,
      skill: shift.skill ?? undefined,
    })),
    departmentCap: line.department_cap,
    minRestHours: line.min_rest_hours,
    maxShiftsPerWeek: line.max_shifts_per_week,
    onboardingDays: line.onboarding_days,
    onboardingShiftsPerDay: line.onboarding_shifts_per_day,
    publicHolidays: line.public_holidays,
    closures: line.closures.map((closure) =>
      typeof closure === "string"
        ? { from: closure, to: closure }
        : { from: closure.from, to: closure.to ?? closure.from, name: closure.name ?? undefined },
    ),
    swapNeedsApproval: line.swap_needs_approval,
    userGroup: line.user_group,
    channel: line.channel ? channel(line.channel) : management,
    eveningReminderHour: line.evening_reminder_hour,
  };
}

export const organisationSchema = fileSchema.superRefine(checkReferences).transform(toOrganisation);

// ---------------------------------------------------------------------------------------
// Error messages.

type PathSegment = PropertyKey;

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return "a mapping";
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return "top level";
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}

/** The object schema found at a path, to list the keys an unknown key could have meant. */
function objectAt(schema: z.core.$ZodType, path: readonly PathSegment[]): z.ZodObject | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (let i = 0; current !== undefined; ) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else if (i === path.length) {
      return current instanceof z.ZodObject ? current : undefined;
    } else {
      const segment = path[i++];
      if (current instanceof z.ZodObject && typeof segment === "string") current = current.shape[segment];
      else if (current instanceof z.ZodArray && typeof segment === "number") current = current.element;
      else return undefined;
    }
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function unknownKeyMessage(key: string, path: readonly PathSegment[]): string {
  const allowed = Object.keys(objectAt(fileSchema, path)?.shape ?? {});
  const closest = allowed
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  if (closest && closest.distance <= Math.max(2, Math.floor(key.length / 3))) {
    return `unknown key "${key}" (did you mean "${closest.candidate}"?)`;
  }
  return `unknown key "${key}" (allowed: ${allowed.join(", ")})`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const found = describeValue(issue.input);
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `required key is missing (expected ${TYPE_NAMES[issue.expected] ?? issue.expected})`
        : `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, found ${found}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${found}`;
    case "custom":
      return issue.message;
    default:
      return `${issue.message}, found ${found}`;
  }
}

/** The line of the closest YAML node to a path: the key itself for unknown keys. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PathSegment[], key?: string): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return lines.linePos(range[0]).line;
    }
    if (node && typeof node === "object" && "range" in node && Array.isArray(node.range)) {
      const start: unknown = node.range[0];
      if (typeof start === "number") return lines.linePos(start).line;
    }
  }
  return undefined;
}

/** In file order, so that an administrator can fix them top to bottom. */
function problemsFrom(issues: readonly z.core.$ZodIssue[], doc: Document, lines: LineCounter): string[] {
  const located = issues.flatMap((issue) => {
    const where = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        text: `${where}: ${unknownKeyMessage(key, issue.path)}`,
        line: lineOf(doc, lines, issue.path, key),
      }));
    }
    return [{ text: `${where}: ${issueMessage(issue)}`, line: lineOf(doc, lines, issue.path) }];
  });
  return located
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .map(({ text, line }) => (line ? `${text} (line ${line})` : text));
}

// ---------------------------------------------------------------------------------------
// Entry points.

export function parseOrganisation(yamlText: string, fileName: string): Organisation {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new OrganisationFileError(
      fileName,
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return `line ${line}, column ${col}: YAML syntax error: ${error.message}`;
      }),
    );
  }
  if (doc.contents === null) {
    throw new OrganisationFileError(fileName, [
      "the file is empty; expected at least company, departments and employees (see examples/org.yml)",
    ]);
  }
  let content: unknown;
  try {
    content = doc.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases would expand enormously ("billion laughs").
    throw new OrganisationFileError(fileName, [`cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const result = organisationSchema.safeParse(content, { reportInput: true });
  if (!result.success) throw new OrganisationFileError(fileName, problemsFrom(result.error.issues, doc, lines));
  return result.data;
}

/** Structural, because `instanceof Error` fails for errors from another realm (Jest's sandbox). */
function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

/** Tells whether the file changed since it was last imported, whoever read it. */
export function organisationChecksum(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

export async function loadOrganisationFile(
  path: string,
): Promise<{ organisation: Organisation; checksum: string; text: string }> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    const problem =
      errorCode(error) === "ENOENT"
        ? "file not found; set ORG_FILE to the path of the organisation file (see examples/org.yml)"
        : `cannot read the file (${String(errorCode(error) ?? error)}); check ORG_FILE`;
    throw new OrganisationFileError(path, [problem]);
  }
  const text = raw.toString("utf8");
  return { organisation: parseOrganisation(text, path), checksum: organisationChecksum(raw), text };
}
