/**
 * The figures of the weekly complaint digests, read for many departments at once: a handful
 * of grouped queries over the digest's weeks, whatever the number of departments, so that
 * a year of a large company's complaints still builds every digest in a few seconds.
 */
import type { DigestPeriod } from "../../domain/complaints/digest-period";
import { topThemes } from "../../domain/complaints/themes";
import { isDip } from "../../domain/complaints/seismograph";
import { average, change, isSpike, risingRareThemes } from "../../domain/complaints/trends";
import { redactPersonalData } from "../../domain/personal-data";
import { searchTermsOf } from "../../domain/similarity";
import { truncate } from "../../domain/text-safety";
import type { ContactChannel, IdeaStatus } from "../../generated/prisma/enums";
import { Prisma, type PrismaClient } from "../../generated/prisma/client";

export interface DigestDepartment {
  id: number;
  key: string;
  name: string;
  timezone: string;
  slackChannel: string | null;
  teamsChannel: string | null;
}

export interface ThemeFigure {
  theme: string;
  count: number;
  /** Far above its recent weeks (more than two standard deviations). */
  spike: boolean;
}

export interface ExampleComplaint {
  id: number;
  /** With emails, phone numbers, id and card numbers removed, and shortened. */
  text: string;
  channel: ContactChannel;
  legalThreat: boolean;
  churnThreat: boolean;
  repeat: boolean;
}

/** How many of the week's complaints were repeats, and how many had each outcome. */
interface Outcomes {
  repeats: number;
  returned: number;
  legalThreats: number;
  churnThreats: number;
  retained: number;
  reopened: number;
}

export interface DepartmentFigures extends Outcomes {
  department: DigestDepartment;
  /** Complaints per charted week, oldest first; the last is the digest's own week. */
  weekly: number[];
  count: number;
  lastWeek: number;
  fourWeekAverage: number;
  /** Against last week, and against the four weeks before. */
  change: { lastWeek: ReturnType<typeof change>; fourWeeks: ReturnType<typeof change> };
  spike: boolean;
  /** Far below the recent weeks: complaints may have stopped reaching us. */
  dip: boolean;
  themes: ThemeFigure[];
  risingThemes: { theme: string; count: number; weeklyAverage: number }[];
  categories: { category: string; count: number }[];
  /** Credits issued, one total per currency, as decimal strings. */
  credits: { currency: string; total: string }[];
  examples: ExampleComplaint[];
  /** Open ideas whose words cover this week's themes, best match first. */
  ideas: { id: number; title: string; status: IdeaStatus }[];
}

/** The spike and rising-theme baselines: the weeks before the digest's own. */
const HISTORY_WEEKS = 8;
const TOP_THEMES = 5;
const TOP_CATEGORIES = 3;
const EXAMPLES = 3;
const IDEAS = 3;
/** An example is shown shortened to this many characters. */
const EXAMPLE_LENGTH = 280;
const OPEN_IDEAS: IdeaStatus[] = ["SUBMITTED", "APPROVED", "IN_PROGRESS"];

type Db = Pick<PrismaClient, "$queryRaw">;

const isoTimes = (dates: readonly Date[]) => dates.map((d) => d.toISOString());

/** Complaints per department and charted week (width_bucket numbers the weeks from 1). */
async function weeklyCounts(db: Db, ids: number[], period: DigestPeriod): Promise<Map<number, number[]>> {
  const weeks = period.bounds.length - 1;
  const rows = await db.$queryRaw<{ departmentId: number; bucket: number; count: number }[]>`
    SELECT department_id AS "departmentId", width_bucket(received_at, ${isoTimes(period.bounds)}::timestamptz[]) AS bucket,
           count(*)::int AS count
    FROM complaints
    WHERE department_id = ANY(${ids}::int[]) AND received_at >= ${period.bounds[0]} AND received_at < ${period.end}
    GROUP BY 1, 2`;
  const counts = new Map(ids.map((id) => [id, Array<number>(weeks).fill(0)]));
  for (const row of rows) {
    const week = counts.get(row.departmentId);
    if (week && row.bucket >= 1 && row.bucket <= weeks) week[row.bucket - 1] = row.count;
  }
  return counts;
}

/** This week's phrases counted per department (those said at least twice). */
async function themeCounts(db: Db, ids: number[], period: DigestPeriod): Promise<Map<number, Map<string, number>>> {
  const rows = await db.$queryRaw<{ departmentId: number; theme: string; count: number }[]>`
    SELECT c.department_id AS "departmentId", t.theme, count(*)::int AS count
    FROM complaints c CROSS JOIN LATERAL unnest(c.themes) AS t(theme)
    WHERE c.department_id = ANY(${ids}::int[]) AND c.received_at >= ${period.start} AND c.received_at < ${period.end}
    GROUP BY 1, 2
    HAVING count(*) >= 2`;
  const counts = new Map<number, Map<string, number>>(ids.map((id) => [id, new Map()]));
  for (const row of rows) counts.get(row.departmentId)?.set(row.theme, row.count);
  return counts;
}

/** One count per history week, `count(*) FILTER (WHERE bucket = n)` for n = 1 ... HISTORY_WEEKS. */
const WEEK_COUNTS = Prisma.join(
  Array.from({ length: HISTORY_WEEKS }, (_, i) => Prisma.raw(`count(*) FILTER (WHERE c.bucket = ${i + 1})::int`)),
  ", ",
);

/**
 * How often each candidate theme came up in each of the history weeks, per department;
 * exported for its test. Every candidate gets HISTORY_WEEKS counts, oldest first.
 */
export async function themeHistory(
  db: Db,
  candidates: { departmentId: number; theme: string }[],
  period: DigestPeriod,
): Promise<Map<number, Map<string, number[]>>> {
  const history = new Map<number, Map<string, number[]>>();
  for (const { departmentId, theme } of candidates) {
    const themes = history.get(departmentId) ?? new Map<string, number[]>();
    themes.set(theme, Array<number>(HISTORY_WEEKS).fill(0));
    history.set(departmentId, themes);
  }
  if (candidates.length === 0) return history;
  const bounds = period.bounds.slice(-HISTORY_WEEKS - 2, -1);
  // One group per (department, theme) with a count per week, not one per (department, week,
  // theme): eight times fewer groups, aggregated in a hash table instead of sorted. The week
  // is worked out once per complaint in the subquery (OFFSET 0 keeps PostgreSQL from pulling
  // it up into every theme row). A filter on the candidate themes, not a join with the
  // (department, theme) pairs: joined to a function scan, every theme of every complaint was
  // tried against every pair (seconds on a large company). A theme that is only another
  // department's candidate is counted too and ignored below.
  const rows = await db.$queryRaw<{ departmentId: number; theme: string; weeks: number[] }[]>`
    SELECT c.department_id AS "departmentId", t.theme, ARRAY[${WEEK_COUNTS}] AS weeks
    FROM (
      SELECT department_id, themes, width_bucket(received_at, ${isoTimes(bounds)}::timestamptz[]) AS bucket
      FROM complaints
      WHERE department_id = ANY(${[...history.keys()]}::int[]) AND received_at >= ${bounds[0]} AND received_at < ${period.start}
      OFFSET 0
    ) c
    CROSS JOIN LATERAL unnest(c.themes) AS t(theme)
    WHERE t.theme = ANY(${[...new Set(candidates.map((c) => c.theme))]}::text[])
    GROUP BY 1, 2`;
  for (const row of rows) {
    const themes = history.get(row.departmentId);
    if (themes?.has(row.theme)) themes.set(row.theme, row.weeks);
  }
  return history;
}

interface OutcomeRow extends Outcomes {
  departmentId: number;
}

async function outcomes(db: Db, ids: number[], period: DigestPeriod): Promise<Map<number, OutcomeRow>> {
  const rows = await db.$queryRaw<OutcomeRow[]>`
    SELECT department_id AS "departmentId",
           count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeats,
           count(*) FILTER (WHERE returned)::int AS returned,
           count(*) FILTER (WHERE legal_threat)::int AS "legalThreats",
           count(*) FILTER (WHERE churn_threat)::int AS "churnThreats",
           count(*) FILTER (WHERE retained)::int AS retained,
           count(*) FILTER (WHERE reopened)::int AS reopened
    FROM complaints
    WHERE department_id = ANY(${ids}::int[]) AND received_at >= ${period.start} AND received_at < ${period.end}
    GROUP BY 1`;
  return new Map(rows.map((row) => [row.departmentId, row]));
}

async function credits(db: Db, ids: number[], period: DigestPeriod): Promise<Map<number, { currency: string; total: string }[]>> {
  const rows = await db.$queryRaw<{ departmentId: number; currency: string; total: string }[]>`
    SELECT department_id AS "departmentId", credit_currency AS currency, sum(credit_amount)::text AS total
    FROM complaints
    WHERE department_id = ANY(${ids}::int[]) AND received_at >= ${period.start} AND received_at < ${period.end}
      AND credit_amount > 0 AND credit_currency IS NOT NULL
    GROUP BY 1, 2
    ORDER BY 2`;
  const byDepartment = new Map<number, { currency: string; total: string }[]>();
  for (const { departmentId, currency, total } of rows) {
    byDepartment.set(departmentId, [...(byDepartment.get(departmentId) ?? []), { currency, total }]);
  }
  return byDepartment;
}

async function categories(db: Db, ids: number[], period: DigestPeriod): Promise<Map<number, { category: string; count: number }[]>> {
  const rows = await db.$queryRaw<{ departmentId: number; category: string; count: number }[]>`
    SELECT department_id AS "departmentId", category, count(*)::int AS count
    FROM complaints
    WHERE department_id = ANY(${ids}::int[]) AND received_at >= ${period.start} AND received_at < ${period.end}
      AND category IS NOT NULL
    GROUP BY 1, 2
    ORDER BY 3 DESC, 2`;
  const byDepartment = new Map<number, { category: string; count: number }[]>();
  for (const { departmentId, category, count } of rows) {
    const list = byDepartment.get(departmentId) ?? [];
    if (list.length < TOP_CATEGORIES) list.push({ category, count });
    byDepartment.set(departmentId, list);
  }
  return byDepartment;
}

/**
 * A few complaints that show what the week was like: legal and leaving threats first, then
 * repeats, returns and credits, then the latest.
 */
async function examples(db: Db, ids: number[], period: DigestPeriod): Promise<Map<number, ExampleComplaint[]>> {
  const rows = await db.$queryRaw<(Omit<ExampleComplaint, "text"> & { departmentId: number; text: string })[]>`
    SELECT id, department_id AS "departmentId", text, channel, legal_threat AS "legalThreat", churn_threat AS "churnThreat", repeat
    FROM (
      SELECT id, department_id, text, channel, legal_threat, churn_threat, repeat_of_id IS NOT NULL AS repeat,
             row_number() OVER (
               PARTITION BY department_id
               ORDER BY legal_threat::int * 8 + churn_threat::int * 4 + (repeat_of_id IS NOT NULL)::int * 2
                        + returned::int + (coalesce(credit_amount, 0) > 0)::int DESC,
                        received_at DESC, id DESC
             ) AS rank
      FROM complaints
      WHERE department_id = ANY(${ids}::int[]) AND received_at >= ${period.start} AND received_at < ${period.end}
    ) ranked
    WHERE rank <= ${EXAMPLES}
    ORDER BY "departmentId", rank`;
  const byDepartment = new Map<number, ExampleComplaint[]>();
  for (const { departmentId, ...row } of rows) {
    byDepartment.set(departmentId, [...(byDepartment.get(departmentId) ?? []), { ...row, text: truncate(redactPersonalData(row.text), EXAMPLE_LENGTH) }]);
  }
  return byDepartment;
}

/**
 * Open ideas that address a department's themes: an idea covers a theme when it has every
 * stem of the theme's words, and ideas covering the most-mentioned themes come first.
 */
async function ideasFor(db: Db, themesByDepartment: Map<number, ThemeFigure[]>): Promise<Map<number, DepartmentFigures["ideas"]>> {
  const themeTerms = new Map<string, string[]>();
  for (const themes of themesByDepartment.values()) for (const { theme } of themes) themeTerms.set(theme, searchTermsOf(theme));
  const allTerms = [...new Set([...themeTerms.values()].flat())];
  const found = new Map<number, DepartmentFigures["ideas"]>();
  if (allTerms.length === 0) return found;
  const ideas = await db.$queryRaw<{ id: number; title: string; status: IdeaStatus; terms: string[] }[]>`
    SELECT id, title, status, search_terms AS terms
    FROM ideas
    WHERE status::text = ANY(${OPEN_IDEAS}::text[]) AND search_terms && ${allTerms}::text[]
    ORDER BY id DESC
    LIMIT 2000`;
  for (const [departmentId, themes] of themesByDepartment) {
    const ranked = ideas
      .map((idea) => {
        const terms = new Set(idea.terms);
        const covered = themes.filter(({ theme }) => (themeTerms.get(theme) ?? []).every((term) => terms.has(term)));
        return { idea, weight: covered.reduce((sum, { count }) => sum + count, 0) };
      })
      .filter(({ weight }) => weight > 0)
      .sort((a, b) => b.weight - a.weight || b.idea.id - a.idea.id)
      .slice(0, IDEAS);
    found.set(departmentId, ranked.map(({ idea: { id, title, status } }) => ({ id, title, status })));
  }
  return found;
}

/** This week's count against last week, the four weeks before, and the eight weeks before (spike). */
function volumeOf(weeks: readonly number[]): Pick<DepartmentFigures, "count" | "lastWeek" | "fourWeekAverage" | "change" | "spike" | "dip"> {
  const count = weeks.at(-1) ?? 0;
  const lastWeek = weeks.at(-2) ?? 0;
  const fourWeekAverage = average(weeks.slice(-5, -1));
  return {
    count,
    lastWeek,
    fourWeekAverage,
    change: { lastWeek: change(count, lastWeek), fourWeeks: change(count, fourWeekAverage) },
    spike: isSpike(count, weeks.slice(-HISTORY_WEEKS - 1, -1)),
    dip: isDip(count, weeks.slice(-HISTORY_WEEKS - 1, -1)),
  };
}

export interface FigureOptions {
  /**
   * Called with each department's weekly counts as soon as they are read, long before its
   * other figures (the theme history takes most of the time): its chart can be drawn meanwhile.
   */
  onWeekly?: (department: DigestDepartment, weekly: number[]) => void;
}

/** Every figure of the digests of `departments` for the weeks of `period`. */
export async function departmentFigures(
  db: Db,
  departments: readonly DigestDepartment[],
  period: DigestPeriod,
  options: FigureOptions = {},
): Promise<DepartmentFigures[]> {
  if (departments.length === 0) return [];
  const ids = departments.map((d) => d.id);
  const { onWeekly } = options;
  const [weekly, themes, outcome, credit, category, example] = await Promise.all([
    weeklyCounts(db, ids, period).then((counts) => {
      if (onWeekly) for (const department of departments) onWeekly(department, counts.get(department.id) ?? []);
      return counts;
    }),
    themeCounts(db, ids, period),
    outcomes(db, ids, period),
    credits(db, ids, period),
    categories(db, ids, period),
    examples(db, ids, period),
  ]);

  const top = new Map(ids.map((id) => [id, topThemes(themes.get(id) ?? new Map(), TOP_THEMES)]));
  const candidates = new Map<string, { departmentId: number; theme: string }>();
  for (const id of ids) {
    for (const { theme } of top.get(id) ?? []) candidates.set(`${id}\u0000${theme}`, { departmentId: id, theme });
    for (const [theme, count] of themes.get(id) ?? []) if (count >= 3) candidates.set(`${id}\u0000${theme}`, { departmentId: id, theme });
  }
  const history = await themeHistory(db, [...candidates.values()], period);

  const themeFigures = new Map<number, ThemeFigure[]>();
  for (const id of ids) {
    const past = history.get(id) ?? new Map<string, number[]>();
    themeFigures.set(id, (top.get(id) ?? []).map(({ theme, count }) => ({ theme, count, spike: isSpike(count, past.get(theme) ?? []) })));
  }
  const ideas = await ideasFor(db, themeFigures);

  return departments.map((department) => {
    const weeks = weekly.get(department.id) ?? [];
    const o = outcome.get(department.id);
    const topSet = new Set((top.get(department.id) ?? []).map((t) => t.theme));
    return {
      department,
      weekly: weeks,
      ...volumeOf(weeks),
      themes: themeFigures.get(department.id) ?? [],
      risingThemes: risingRareThemes(themes.get(department.id) ?? new Map(), history.get(department.id) ?? new Map()).filter(
        ({ theme }) => !topSet.has(theme),
      ),
      categories: category.get(department.id) ?? [],
      repeats: o?.repeats ?? 0,
      returned: o?.returned ?? 0,
      legalThreats: o?.legalThreats ?? 0,
      churnThreats: o?.churnThreats ?? 0,
      retained: o?.retained ?? 0,
      reopened: o?.reopened ?? 0,
      credits: credit.get(department.id) ?? [],
      examples: example.get(department.id) ?? [],
      ideas: ideas.get(department.id) ?? [],
    };
  });
}

export type CompanyRow = Pick<
  DepartmentFigures,
  "department" | "count" | "lastWeek" | "fourWeekAverage" | "change" | "spike" | "dip" | "repeats" | "legalThreats" | "churnThreats" | "retained"
>;

export interface CompanyFigures {
  /** One row per department, the biggest rise against last week first. */
  rows: CompanyRow[];
  total: number;
  /** Complaints no rule attributed, waiting for a manager to choose their department. */
  unassigned: number;
}

/** The management channel's view: every department's volume and trend side by side. */
export async function companyFigures(db: Db, departments: readonly DigestDepartment[], period: DigestPeriod): Promise<CompanyFigures> {
  const ids = departments.map((d) => d.id);
  const [weekly, outcome, [waiting]] = await Promise.all([
    weeklyCounts(db, ids, period),
    outcomes(db, ids, period),
    db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM complaints WHERE department_id IS NULL`,
  ]);
  const rows = departments.map((department): CompanyRow => {
    const o = outcome.get(department.id);
    return {
      department,
      ...volumeOf(weekly.get(department.id) ?? []),
      repeats: o?.repeats ?? 0,
      legalThreats: o?.legalThreats ?? 0,
      churnThreats: o?.churnThreats ?? 0,
      retained: o?.retained ?? 0,
    };
  });
  rows.sort((a, b) => b.change.lastWeek.delta - a.change.lastWeek.delta || b.count - a.count || a.department.name.localeCompare(b.department.name));
  return { rows, total: rows.reduce((sum, r) => sum + r.count, 0), unassigned: waiting?.count ?? 0 };
}
