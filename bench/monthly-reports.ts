/**
 * `npm run bench:reports`: every employee's monthly service report on a large PostgreSQL database.
 *
 * A scratch database (created and dropped on the server of BENCH_PG_URL) is migrated and given a
 * generated organisation of 10,000 employees in 40 departments, each with a Slack id (imported
 * with importOrganisation), 1,000,000 complaints over the 24 months ending with the report month
 * (November 2026, Asia/Jerusalem), published stories with reactions, ideas with events in the
 * month, and the support line's shifts (worked in November, published for early December). Then,
 * each in a fresh child process (this file with `--child …`):
 *
 * 1. `MonthlyReports.runDue` at 09:00:30 on Tuesday 1 December 2026 in Jerusalem, the moment
 *    after the report is due: it builds and queues every report, 500 at a time. BENCH_RUNS runs
 *    (the outbox, job_runs and charts emptied before each). The goal is under 10 s. After each
 *    run the parent checks the work was done: one outbox row per employee with the dedupe key
 *    `SLACK:report:<id>:2026-11`, each payload naming the person and the month;
 * 2. the parts: `reportBasis` alone (figures, shared context), and one chunk of 500 through
 *    `monthlyReports` (personal contexts, of which `hoursReport`, then the messages), and its
 *    enqueue (rolled back).
 *
 * Knobs: BENCH_PG_URL (the server), BENCH_EMPLOYEES, BENCH_COMPLAINTS, BENCH_RUNS, BENCH_GOAL_MS,
 * BENCH_PROFILE (a directory for V8 CPU profiles of the runDue children), BENCH_KEEP_DATABASE=1.
 *
 * The figures go to the `reports` section of bench/RESULTS.md (standard runs only). Exit code 1 when
 * the 10-second goal fails, a check fails or a step fails. Never part of `npm test`.
 */
import { Rng } from "../test/helpers/random";
import { testServiceDeps } from "../test/helpers/service-deps";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import pg from "pg";
import { parseOrganisation, type Organisation } from "../src/config/organisation";
import { themesOf } from "../src/domain/complaints/themes";
import { searchTermsOf } from "../src/domain/similarity";
import { translator } from "../src/i18n";
import type { ServiceDeps } from "../src/services/deps";
import { personMessages } from "../src/services/notify";
import { importOrganisation } from "../src/services/organisation-import";
import { monthHours, personalContexts, sharedContext } from "../src/services/reports/monthly-context";
import { monthlyFigures } from "../src/services/reports/monthly-figures";
import { monthlyReports, reportBasis, reportKey } from "../src/services/reports/monthly-report";
import { enqueueReports, MonthlyReports } from "../src/services/reports/monthly-report-task";
import { openDatabase, type Database } from "../src/store/database";
import { migrate } from "../src/store/migrate";
import { log, numberEnv, runBench, runChildProcess, writeChildReport } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test";

const STANDARD = { employees: 10_000, complaints: 1_000_000, departments: 40, runs: 3 };
const settings = {
  employees: numberEnv("BENCH_EMPLOYEES", STANDARD.employees),
  complaints: numberEnv("BENCH_COMPLAINTS", STANDARD.complaints),
  departments: STANDARD.departments,
  runs: numberEnv("BENCH_RUNS", STANDARD.runs),
  goalMs: numberEnv("BENCH_GOAL_MS", 10_000),
  seed: numberEnv("BENCH_SEED", 20261201),
  timeoutSeconds: numberEnv("BENCH_TIMEOUT_SECONDS", 600),
  idleWaitSeconds: numberEnv("BENCH_IDLE_WAIT_SECONDS", 300),
  profile: process.env.BENCH_PROFILE,
  keepDatabase: process.env.BENCH_KEEP_DATABASE === "1",
  pgUrl: process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_PG_URL,
};

const ZONE = "Asia/Jerusalem";
const MONTH = { year: 2026, month: 11 };
const MONTH_KEY = "2026-11";
/** The report of November is due on December's first working day (Tuesday 1 December) at 09:00 in Jerusalem; 30 s later. */
const NOW = DateTime.fromObject({ year: 2026, month: 12, day: 1, hour: 9, second: 30 }, { zone: ZONE }).toJSDate();
const MONTH_START = DateTime.fromObject({ year: 2026, month: 11, day: 1 }, { zone: ZONE });
const MONTH_END = MONTH_START.plus({ months: 1 });
/** Complaints over the 24 months ending with the report's month. */
const COMPLAINTS_FROM = MONTH_END.minus({ months: 24 });
const PUBLIC_URL = "https://bench.example";
const MONTH_NAMES = { en: "November 2026", he: "נובמבר 2026" };
const CHUNK = 500;
const STORIES = 300;
const IDEAS = 4000;
const SHIFTS = [
  { key: "early", start: "08:00", end: "11:00" },
  { key: "midday", start: "11:00", end: "14:00" },
  { key: "late", start: "14:00", end: "17:00" },
];
const SHARE = 0.1;

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ------------------------------------------------------------------ the organisation

const DEPARTMENTS = [
  ["billing", "invoice", "חשבונית"], ["delivery", "courier", "שליח"], ["returns", "refund", "החזר"], ["app", "app", "אפליקציה"],
  ["website", "website", "אתר"], ["stores", "branch", "סניף"], ["warranty", "warranty", "אחריות"], ["installation", "technician", "טכנאי"],
  ["subscriptions", "subscription", "מנוי"], ["payments", "payment", "תשלום"], ["loyalty", "points", "נקודות"], ["call-centre", "hotline", "מוקד"],
  ["warehouse", "stock", "מלאי"], ["pricing", "price", "מחיר"], ["promotions", "coupon", "קופון"], ["packaging", "packaging", "אריזה"],
  ["quality", "defect", "פגם"], ["spare-parts", "spare part", "חלקי חילוף"], ["contracts", "contract", "חוזה"], ["insurance", "insurance", "ביטוח"],
  ["loans", "loan", "הלוואה"], ["accounts", "password", "סיסמה"], ["security", "fraud", "הונאה"], ["logistics", "pallet", "משטח"],
  ["catering", "meal", "ארוחה"], ["cleaning", "cleaning", "ניקיון"], ["parking", "parking", "חניה"], ["repairs", "repair", "תיקון"],
  ["appliances", "fridge", "מקרר"], ["computers", "laptop", "מחשב נייד"], ["furniture", "sofa", "ספה"], ["garden", "lawnmower", "מכסחת"],
  ["toys", "toy", "צעצוע"], ["pharmacy", "prescription", "מרשם"], ["optics", "glasses", "משקפיים"], ["travel", "flight", "טיסה"],
  ["events", "ticket", "כרטיס"], ["internet", "router", "ראוטר"], ["mobile", "sim card", "כרטיס סים"], ["television", "decoder", "ממיר"],
] as const;

const FIRST_EN = ["Dana", "Noa", "Omer", "Shira", "Daniel", "Michal", "Yossi", "Avi", "Maya", "Eitan", "Tamar", "Lior", "Ronit", "Amir", "Gal", "Hila"];
const LAST_EN = ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Shapiro", "Katz", "Azoulay", "Green", "Ben-David", "Golan"];
const FIRST_HE = ["דנה", "נועה", "עומר", "שירה", "דניאל", "מיכל", "יוסי", "אבי", "מאיה", "איתן", "תמר", "ליאור", "רונית", "אמיר", "גל", "הילה"];
const LAST_HE = ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "פרידמן", "שפירא", "כץ", "אזולאי", "גרין", "בן דוד", "גולן"];

interface GeneratedPerson {
  email: string;
  name: string;
  department: number;
  locale: "he" | "en";
  fte: number;
  startDate?: string;
}

/** Uneven departments (weights 0.4 to 2), 70% Hebrew readers, FTE mostly 1; the first person of each department manages it. */
function people(): GeneratedPerson[] {
  const rng = new Rng(settings.seed);
  const weights = DEPARTMENTS.map(() => 0.4 + 1.6 * rng.float());
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = rng.float() * total;
    for (let d = 0; d < weights.length; d++) if ((x -= weights[d]!) < 0) return d;
    return weights.length - 1;
  };
  return Array.from({ length: settings.employees }, (_, i) => {
    const locale = rng.chance(0.7) ? "he" : "en";
    const name = locale === "he" ? `${rng.pick(FIRST_HE)} ${rng.pick(LAST_HE)} ${i + 1}` : `${rng.pick(FIRST_EN)} ${rng.pick(LAST_EN)} ${i + 1}`;
    const r = rng.float();
    const started = rng.chance(0.02) ? `2026-11-${String(rng.int(2, 25)).padStart(2, "0")}` : rng.chance(0.5) ? `20${rng.int(15, 25)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}` : undefined;
    return {
      email: `p${i + 1}@bench.example`,
      name,
      // Everyone in a department to begin with, so that each has a manager.
      department: i < DEPARTMENTS.length ? i : pick(),
      locale,
      fte: r < 0.8 ? 1 : r < 0.92 ? 0.8 : 0.5,
      ...(started ? { startDate: started } : {}),
    };
  });
}

function organisationYaml(list: GeneratedPerson[]): string {
  const lines = [
    "company:", "  name: Bench Ltd", `  timezone: ${ZONE}`, "  locale: he", "channels:", "  management:", "    slack: C0MANAGEMENT",
    "support_line:", `  share: ${SHARE}`, "  public_holidays: false", "  department_cap: 0.3", "  shifts:",
    ...SHIFTS.flatMap((t) => [`    - key: ${t.key}`, `      start: "${t.start}"`, `      end: "${t.end}"`, "      seats: 1"]),
    "monthly_report:", "  hour: 9",
    "departments:",
  ];
  DEPARTMENTS.forEach(([key, en, he], d) => {
    lines.push(`  - key: ${key}`, `    name: "${key.replace(/-/g, " ")} (${he})"`, `    slack_channel: C0D${String(d).padStart(3, "0")}`, `    managers: [p${d + 1}@bench.example]`, "    complaints:", `      keywords: ["${he}", "${en}"]`);
  });
  lines.push("employees:");
  list.forEach((p, i) => {
    lines.push(`  - email: ${p.email}`, `    name: "${p.name}"`, `    department: ${DEPARTMENTS[p.department]![0]}`, `    slack_id: U${String(i + 1).padStart(8, "0")}`, `    locale: ${p.locale}`);
    if (p.fte !== 1) lines.push(`    fte: ${p.fte}`);
    if (p.startDate) lines.push(`    start_date: ${p.startDate}`);
  });
  return `${lines.join("\n")}\n`;
}

// ------------------------------------------------------------------------- the load

const PROBLEMS: [string, string][] = [
  ["is broken", "לא עובד"], ["arrived late", "הגיע באיחור"], ["charged me twice", "חייב אותי פעמיים"], ["nobody answers the phone", "אף אחד לא עונה לטלפון"],
  ["still waiting for a refund", "עדיין מחכה להחזר כספי"], ["rude service", "שירות לא אדיב"], ["wrong item delivered", "נשלח פריט שגוי"], ["missing parts", "חסרים חלקים"],
  ["long waiting time", "זמן המתנה ארוך"], ["cancelled without notice", "בוטל בלי הודעה"], ["price went up without warning", "המחיר עלה בלי התראה"],
  ["promised callback never came", "הבטיחו לחזור ולא חזרו"], ["stopped working after a week", "הפסיק לעבוד אחרי שבוע"], ["damaged on arrival", "הגיע פגום"],
  ["hidden fees", "עמלות נסתרות"], ["cannot log in", "לא מצליח להתחבר"], ["lost my order", "איבדו את ההזמנה"], ["no reply to emails", "אין מענה למיילים"],
];
const DETAILS: [string, string][] = [["", ""], ["Since last week.", "מאז שבוע שעבר."], ["It is unacceptable.", "זה לא מקובל."], ["I want to cancel.", "אני רוצה לבטל."], ["I will go to a lawyer.", "אני אפנה לעורך דין."], ["I am moving to a competitor.", "אני עובר למתחרים."]];
const TEXTS_PER_DEPARTMENT = 60;

/** Each department's texts favour three problems of its own, so that its themes recur; the last range is the unattributed ones. */
function textPool(): { texts: { idx: number; text: string; legal: boolean; churn: boolean; terms: string[]; themes: string[] }[]; ranges: { o: number; c: number }[] } {
  const rng = new Rng(settings.seed + 1);
  const texts: { idx: number; text: string; legal: boolean; churn: boolean; terms: string[]; themes: string[] }[] = [];
  const ranges: { o: number; c: number }[] = [];
  for (let d = 0; d <= DEPARTMENTS.length; d++) {
    const o = texts.length;
    const favourites = [0, 1, 2].map(() => rng.int(0, PROBLEMS.length - 1));
    for (let i = 0; i < TEXTS_PER_DEPARTMENT; i++) {
      const hebrew = rng.chance(0.6);
      const lang = hebrew ? 1 : 0;
      const problem = PROBLEMS[rng.chance(0.5) ? rng.pick(favourites) : rng.int(0, PROBLEMS.length - 1)]![lang];
      const subject = DEPARTMENTS[d];
      const noun = subject ? (hebrew ? subject[2] : subject[1]) : hebrew ? "ההזמנה" : "my order";
      const detailIndex = rng.chance(0.02) ? 4 : rng.chance(0.04) ? 5 : rng.int(0, 3);
      const text = [hebrew ? `ה${noun} ${problem}.` : `The ${noun}: ${problem}.`, DETAILS[detailIndex]![lang]].filter(Boolean).join(" ");
      texts.push({ idx: texts.length, text, legal: detailIndex === 4, churn: detailIndex === 5, terms: searchTermsOf(text), themes: themesOf(text) });
    }
    ranges.push({ o, c: TEXTS_PER_DEPARTMENT });
  }
  return { texts, ranges };
}

/** Complaints per department and day over the 24 months: uneven departments, fewer on Friday and Saturday, a yearly wave, 50% growth; 5% unattributed. */
function cells(ranges: { o: number; c: number }[]) {
  const rng = new Rng(settings.seed + 2);
  const weights = DEPARTMENTS.map((_, d) => 1 / (d + 1) ** 0.9);
  const dow = [1.15, 1.1, 1.05, 1.0, 0.5, 0.35, 1.25];
  const days = Math.round(MONTH_END.diff(COMPLAINTS_FROM, "days").days);
  const raw: { d: number; t: string; x: number }[] = [];
  for (let i = 0; i < days; i++) {
    const day = COMPLAINTS_FROM.plus({ days: i });
    const seasonal = (1 + 0.2 * Math.sin((2 * Math.PI * day.ordinal) / 365)) * (0.8 + (0.4 * i) / days) * dow[day.weekday - 1]!;
    for (let d = -1; d < DEPARTMENTS.length; d++) {
      const w = d < 0 ? 0.05 * weights.reduce((a, b) => a + b, 0) : 0.95 * weights[d]!;
      raw.push({ d, t: day.toUTC().toISO()!, x: w * seasonal * (0.85 + 0.3 * rng.float()) });
    }
  }
  const total = raw.reduce((sum, r) => sum + r.x, 0);
  let assigned = 0;
  const out = raw.map((r, i) => {
    const count = Math.floor((r.x / total) * settings.complaints);
    assigned += count;
    const range = ranges[r.d < 0 ? DEPARTMENTS.length : r.d]!;
    return { i, d: r.d, t: r.t, n: count, o: range.o, c: range.c };
  });
  // The rounding's remainder goes to the last days, one each.
  for (let k = out.length - 1; assigned < settings.complaints; k--, assigned++) out[k]!.n++;
  return out.filter((c) => c.n > 0);
}

interface LoadFacts {
  importMs: number;
  complaintsMs: number;
  restMs: number;
  complaints: number;
  inMonth: number;
  inThirteenMonths: number;
  tableBytes: number;
  stories: number;
  storiesInMonth: number;
  reactions: number;
  ideas: number;
  eventsInMonth: number;
  proposersWithNews: number;
  shiftsInMonth: number;
  publishedAhead: number;
  peopleWithNextShift: number;
}

async function load(url: string, db: Database, organisation: Organisation, yaml: string): Promise<LoadFacts> {
  let t = performance.now();
  await importOrganisation(db.prisma, organisation, { name: "bench", checksum: createHash("sha256").update(yaml).digest("hex") });
  // The organisation has existed for years: a report due before it existed would be skipped.
  await db.prisma.department.updateMany({ data: { createdAt: new Date("2024-01-01T00:00:00Z") } });
  const importMs = performance.now() - t;
  const departmentIds = new Map((await db.prisma.department.findMany({ select: { id: true, key: true } })).map((d) => [d.key, d.id]));
  const ids = DEPARTMENTS.map(([key]) => departmentIds.get(key)!);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The timestamp columns hold UTC without a zone, as the product's driver writes them.
    await client.query(`SET TIME ZONE 'UTC'`);
    t = performance.now();
    const pool = textPool();
    await client.query(`CREATE TEMP TABLE bench_texts (idx int PRIMARY KEY, text text, legal boolean, churn boolean, terms text[], themes text[])`);
    await client.query(`INSERT INTO bench_texts SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(idx int, text text, legal boolean, churn boolean, terms text[], themes text[])`, [JSON.stringify(pool.texts)]);
    await client.query(`ANALYZE bench_texts`);
    await client.query(`SELECT setseed($1)`, [(settings.seed % 1000) / 1000]);
    await client.query(`SET enable_hashjoin = off; SET enable_mergejoin = off`);
    // As complaints-digest.ts loads them: one INSERT … SELECT from generate_series, in day order.
    await client.query(
      `INSERT INTO complaints (external_id, received_at, channel, department_id, attributed_by, text, returned, credit_amount, credit_currency,
                               legal_threat, churn_threat, retained, terms, themes)
       SELECT 'r' || r.cell || '-' || r.g,
              (r.t::timestamptz + interval '7 hours' + ((r.r1 + r.r2) / 2) * interval '14 hours') AT TIME ZONE 'UTC',
              (ARRAY['PHONE','PHONE','CHAT','EMAIL','SOCIAL','STORE','OTHER'])[1 + floor(r.r3 * 7)::int]::"ContactChannel",
              CASE WHEN r.d >= 0 THEN ($2::int[])[r.d + 1] END,
              (CASE WHEN r.d < 0 THEN 'NONE' WHEN r.r4 < 0.35 THEN 'RULE' ELSE 'SENDER' END)::"AttributionSource",
              p.text, r.r5 < 0.08,
              CASE WHEN r.r6 < 0.10 THEN round((20 + r.r7 * 480)::numeric, 2) END,
              CASE WHEN r.r6 < 0.10 THEN CASE WHEN floor(r.r7 * 1000)::int % 7 = 0 THEN 'USD' ELSE 'ILS' END END,
              p.legal OR r.r8 < 0.008, p.churn OR (r.r8 >= 0.008 AND r.r8 < 0.03),
              (p.churn OR (r.r8 >= 0.008 AND r.r8 < 0.03)) AND r.r5 > 0.55,
              p.terms, p.themes
       FROM (
         SELECT cell.i AS cell, g, cell.d, cell.t, cell.o + floor(random() * cell.c)::int AS text_idx,
                random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7, random() AS r8
         FROM jsonb_to_recordset($1::jsonb) AS cell(i int, d int, t text, n int, o int, c int)
         CROSS JOIN LATERAL generate_series(1, cell.n) AS g
         OFFSET 0
       ) r
       JOIN bench_texts p ON p.idx = r.text_idx`,
      [JSON.stringify(cells(pool.ranges)), ids],
    );
    await client.query(`RESET enable_hashjoin; RESET enable_mergejoin`);
    // 8% are repeats of an earlier complaint.
    await client.query(`UPDATE complaints SET repeat_of_id = id - 1 - (abs(hashtext(external_id)) % 1000) WHERE abs(hashtext(external_id || 'r')) % 100 < 8 AND id > 1001`);
    const complaintsMs = performance.now() - t;

    t = performance.now();
    const start = MONTH_START.toUTC().toISO()!;
    const end = MONTH_END.toUTC().toISO()!;
    const employees = `(SELECT array_agg(id ORDER BY id) FROM employees)`;
    // Stories: 300 published from the month before to the end of the month, with reactions from 0–80 people each.
    await client.query(
      `INSERT INTO service_stories (author_id, text, department_id, status, published_at, personal_data_confirmed)
       SELECT e.ids[1 + (g * 7919) % array_length(e.ids, 1)],
              'Story ' || g || ': stayed after hours to get a customer''s ' || (ARRAY['router','fridge','order','refund','laptop'])[1 + g % 5] || ' sorted, and called them back the next day.',
              ($3::int[])[1 + g % 40], 'PUBLISHED',
              ($1::timestamptz - interval '30 days') + (g::float / $4) * (($2::timestamptz - $1::timestamptz) + interval '30 days'), true
       FROM generate_series(1, $4) g, (SELECT ${employees} AS ids) e`,
      [start, end, ids, STORIES],
    );
    await client.query(
      `INSERT INTO story_reactions (story_id, employee_id, emoji, created_at)
       SELECT DISTINCT ON (st.id, e.ids[1 + (st.id * 104729 + k * 7907) % array_length(e.ids, 1)]) st.id, e.ids[1 + (st.id * 104729 + k * 7907) % array_length(e.ids, 1)],
              (ARRAY['heart','clap','star'])[1 + k % 3], st.published_at + interval '2 hours'
       FROM service_stories st, (SELECT ${employees} AS ids) e, LATERAL generate_series(1, (st.id * 37) % 81) k`,
    );
    // Ideas: 4,000 from random proposers; half moved in the month (approved, started, done), a quarter the month before.
    await client.query(
      `INSERT INTO ideas (title, department_id, proposer_id, status, search_terms, status_changed_at, created_at, updated_at)
       SELECT 'Idea ' || g || ': ' || (ARRAY['refund double charges automatically','call back within an hour','show the fee on the invoice','text the courier''s arrival','one number for every store'])[1 + g % 5],
              ($1::int[])[1 + g % 40], e.ids[1 + (g * 6151) % array_length(e.ids, 1)],
              (ARRAY['APPROVED','IN_PROGRESS','DONE','REJECTED','SUBMITTED','APPROVED','DONE','SUBMITTED'])[1 + g % 8]::"IdeaStatus",
              '{}', now(), $2::timestamptz - interval '60 days', now()
       FROM generate_series(1, $3) g, (SELECT ${employees} AS ids) e`,
      [ids, start, IDEAS],
    );
    await client.query(
      `INSERT INTO idea_events (idea_id, actor_id, from_status, to_status, created_at)
       SELECT i.id, i.proposer_id, NULL::"IdeaStatus", 'SUBMITTED'::"IdeaStatus", i.created_at FROM ideas i
       UNION ALL
       SELECT i.id, i.proposer_id, 'SUBMITTED'::"IdeaStatus", CASE WHEN i.status IN ('REJECTED') THEN 'REJECTED' ELSE 'APPROVED' END::"IdeaStatus",
              CASE WHEN i.id % 4 = 0 THEN $1::timestamptz - interval '10 days' ELSE $1::timestamptz + ((i.id % 25) || ' days')::interval END
       FROM ideas i WHERE i.status <> 'SUBMITTED'
       UNION ALL
       SELECT i.id, i.proposer_id, 'APPROVED'::"IdeaStatus", 'IN_PROGRESS'::"IdeaStatus", $1::timestamptz + ((i.id % 25) || ' days 3 hours')::interval FROM ideas i WHERE i.status IN ('IN_PROGRESS', 'DONE')
       UNION ALL
       SELECT i.id, i.proposer_id, 'IN_PROGRESS'::"IdeaStatus", 'DONE'::"IdeaStatus", $1::timestamptz + ((i.id % 25) || ' days 5 hours')::interval FROM ideas i WHERE i.status = 'DONE'`,
      [start],
    );
    // The support line: 10% of everyone's working time in seats of 3 hours on Sunday to Thursday, November worked
    // (published), 1–14 December published, 15–28 December planned. People in rotation.
    await client.query(
      `INSERT INTO shift_templates (key, name, weekdays, start_time, end_time, seats, updated_at)
       SELECT key, key, '{7,1,2,3,4}', st, en, $1, now() FROM jsonb_to_recordset($2::jsonb) AS t(key text, st text, en text)`,
      [Math.max(1, Math.round((settings.employees * SHARE * 8) / (3 * SHIFTS.length))), JSON.stringify(SHIFTS.map((x) => ({ key: x.key, st: x.start, en: x.end })))],
    );
    await client.query(
      `INSERT INTO shifts (template_id, seat, starts_at, ends_at, employee_id, status, published_at, updated_at)
       SELECT t.id, seat,
              ((d::date + t.start_time::time) AT TIME ZONE '${ZONE}'), ((d::date + t.end_time::time) AT TIME ZONE '${ZONE}'),
              e.ids[1 + ((row_number() OVER (ORDER BY d, t.id, seat))::int * 7) % array_length(e.ids, 1)],
              (CASE WHEN d < '2026-12-15' THEN 'PUBLISHED' ELSE 'PLANNED' END)::"ShiftStatus",
              CASE WHEN d < '2026-12-15' THEN d - interval '7 days' END, now()
       FROM generate_series('2026-11-01'::date, '2026-12-28'::date, interval '1 day') d
       CROSS JOIN shift_templates t CROSS JOIN LATERAL generate_series(1, t.seats) seat, (SELECT ${employees} AS ids) e
       WHERE extract(isodow FROM d) IN (7, 1, 2, 3, 4)`,
    );
    await client.query(`VACUUM (ANALYZE)`);
    const restMs = performance.now() - t;

    const one = async (sql: string, params: unknown[] = []) => Object.values((await client.query(sql, params)).rows[0] as Record<string, string>).map(Number);
    const yearBefore = MONTH_START.minus({ months: 12 }).toUTC().toISO()!;
    const [complaints, inMonth, inThirteen] = await one(
      `SELECT count(*) AS a, count(*) FILTER (WHERE received_at >= ($1::timestamptz AT TIME ZONE 'UTC') AND received_at < ($2::timestamptz AT TIME ZONE 'UTC')) AS b,
              count(*) FILTER (WHERE received_at >= ($3::timestamptz AT TIME ZONE 'UTC') AND received_at < ($2::timestamptz AT TIME ZONE 'UTC')) AS c FROM complaints`,
      [start, end, yearBefore],
    );
    const [tableBytes] = await one(`SELECT pg_total_relation_size('complaints') AS a`);
    const [stories, storiesInMonth, reactions] = await one(
      `SELECT count(*) AS a, count(*) FILTER (WHERE published_at >= ($1::timestamptz AT TIME ZONE 'UTC') AND published_at < ($2::timestamptz AT TIME ZONE 'UTC')) AS b, (SELECT count(*) FROM story_reactions) AS c FROM service_stories`,
      [start, end],
    );
    const [ideas] = await one(`SELECT count(*) AS a FROM ideas`);
    const [eventsInMonth, proposersWithNews] = await one(
      `SELECT count(*) AS a, count(DISTINCT i.proposer_id) FILTER (WHERE ev.from_status IS NOT NULL) AS b FROM idea_events ev JOIN ideas i ON i.id = ev.idea_id
       WHERE ev.created_at >= ($1::timestamptz AT TIME ZONE 'UTC') AND ev.created_at < ($2::timestamptz AT TIME ZONE 'UTC')`,
      [start, end],
    );
    const [shiftsInMonth, publishedAhead, peopleWithNextShift] = await one(
      `SELECT count(*) FILTER (WHERE starts_at < ($1::timestamptz AT TIME ZONE 'UTC')) AS a, count(*) FILTER (WHERE starts_at >= ($1::timestamptz AT TIME ZONE 'UTC') AND status = 'PUBLISHED') AS b,
              count(DISTINCT employee_id) FILTER (WHERE starts_at > ($2::timestamptz AT TIME ZONE 'UTC') AND status = 'PUBLISHED') AS c FROM shifts`,
      [end, NOW.toISOString()],
    );
    return {
      importMs, complaintsMs, restMs,
      complaints: complaints!, inMonth: inMonth!, inThirteenMonths: inThirteen!, tableBytes: tableBytes!,
      stories: stories!, storiesInMonth: storiesInMonth!, reactions: reactions!, ideas: ideas!, eventsInMonth: eventsInMonth!, proposersWithNews: proposersWithNews!,
      shiftsInMonth: shiftsInMonth!, publishedAhead: publishedAhead!, peopleWithNextShift: peopleWithNextShift!,
    };
  } finally {
    await client.end();
  }
}

// --------------------------------------------------------------- the children

/** SQL statements sent to the database (BEGIN and COMMIT included), counted below the driver. */
let statements = 0;
/** Time from sending each statement to its answer, by the statement's first words (BENCH_SQL_TIMES=1). */
const statementTimes = new Map<string, { count: number; ms: number }>();
function countStatements(): void {
  const pgQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    if (process.env.BENCH_SQL_TIMES === "1") {
      const first = args[0] as string | { text?: string };
      const text = (typeof first === "string" ? first : (first?.text ?? "")).replace(/\s+/g, " ").trim().slice(0, 90);
      const started = performance.now();
      const done = () => {
        const entry = statementTimes.get(text) ?? { count: 0, ms: 0 };
        entry.count++;
        entry.ms += performance.now() - started;
        statementTimes.set(text, entry);
      };
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const callback = args[last] as (...a: unknown[]) => unknown;
        args[last] = (...a: unknown[]) => {
          done();
          return callback(...a);
        };
      } else {
        const result = (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
        if (result instanceof Promise) void result.finally(done).catch(() => undefined);
        return result;
      }
    }
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
}

async function childContext(url: string) {
  const yaml = organisationYaml(people());
  const organisation = parseOrganisation(yaml, "bench-organisation.yml");
  countStatements();
  const db = await openDatabase({ kind: "postgres", url });
  const deps: ServiceDeps = testServiceDeps(db.prisma, organisation, { publicUrl: PUBLIC_URL });
  return { db, deps };
}

interface RunReport {
  run: number;
  ms: number;
  cpuMs: number;
  statements: number;
  rss: number;
}

async function childRun(url: string, run: number): Promise<void> {
  const { db, deps } = await childContext(url);
  try {
    // Connected before timing: the product's pool is open long before the report is due.
    await db.prisma.$queryRaw`SELECT 1`;
    const before = statements;
    const cpu = process.cpuUsage();
    const t = performance.now();
    await new MonthlyReports(deps, `bench-${run}`).runDue(NOW);
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (process.env.BENCH_SQL_TIMES === "1") {
      for (const [text, e] of [...statementTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.error(`${e.ms.toFixed(0).padStart(7)} ms ${String(e.count).padStart(4)}× ${text}`);
    }
    writeChildReport({ run, ms, cpuMs: (used.user + used.system) / 1000, statements: statements - before, rss: process.resourceUsage().maxRSS * 1024 } satisfies RunReport);
  } finally {
    await db.close();
  }
}

interface PartsReport {
  basisMs: number;
  basisStatements: number;
  figuresMs: number;
  sharedMs: number;
  chunkMs: number;
  chunkStatements: number;
  personalMs: number;
  hoursMs: number;
  messagesMs: number;
  enqueueMs: number;
  rss: number;
}

/** reportBasis alone, then the first chunk through monthlyReports and its enqueue (rolled back), and the pieces of each on their own. */
async function childParts(url: string): Promise<void> {
  const { db, deps } = await childContext(url);
  try {
    await db.prisma.$queryRaw`SELECT 1`;
    let before = statements;
    let t = performance.now();
    const basis = await reportBasis(deps, MONTH);
    const basisMs = performance.now() - t;
    const basisStatements = statements - before;
    await basis.chart("he");
    await basis.chart("en");

    const readers = await db.prisma.employee.findMany({
      where: { active: true, monthlyReport: true },
      orderBy: { id: "asc" },
      take: CHUNK,
      select: { id: true, name: true, locale: true, timezone: true, departmentId: true, slackUserId: true, teamsUserId: true },
    });
    before = statements;
    t = performance.now();
    const reports = await monthlyReports(deps, basis, readers, { now: NOW });
    const chunkMs = performance.now() - t;
    const chunkStatements = statements - before;

    t = performance.now();
    await db.prisma.$transaction(async (tx) => {
      await enqueueReports({ prisma: tx as unknown as ServiceDeps["prisma"] }, readers.flatMap((reader) => personMessages(deps, reader, reportKey(reader.id, MONTH), () => reports.get(reader.id)!)));
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
    const enqueueMs = performance.now() - t;

    // The pieces again, on their own (warm).
    t = performance.now();
    await monthlyFigures(db.prisma, MONTH, ZONE);
    const figuresMs = performance.now() - t;
    t = performance.now();
    await sharedContext(deps, MONTH, ZONE);
    const sharedMs = performance.now() - t;
    t = performance.now();
    await monthHours(deps, MONTH, ZONE, NOW);
    const hoursMs = performance.now() - t;
    const hours = await basis.hours(NOW);
    t = performance.now();
    await personalContexts(deps, readers.map((r) => r.id), MONTH, ZONE, NOW, hours);
    const personalMs = performance.now() - t;
    t = performance.now();
    await monthlyReports(deps, basis, readers, { now: NOW });
    const messagesMs = Math.max(0, performance.now() - t - personalMs);

    writeChildReport({ basisMs, basisStatements, figuresMs, sharedMs, chunkMs, chunkStatements, personalMs, hoursMs, messagesMs, enqueueMs, rss: process.resourceUsage().maxRSS * 1024 } satisfies PartsReport);
  } finally {
    await db.close();
  }
}

class RolledBack extends Error {}

// ------------------------------------------------------------------ the checks

interface Checks {
  rows: number;
  keyed: number;
  named: number;
  withMonth: number;
  withChart: number;
  withIdeaNews: number;
  withHours: number;
  withNextShifts: number;
  withStory: number;
  runs: { status: string; late: boolean }[];
  problems: string[];
}

/** What the run queued: one report per employee, under its key, naming the person and the month. */
async function check(url: string): Promise<Checks> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (await client.query<{ id: number; name: string; locale: string; dedupe_key: string | null; target: string | null; payload: string | null }>(
      `SELECT e.id, e.name, e.locale, o.dedupe_key, o.target, o.payload::text AS payload
       FROM employees e LEFT JOIN outbox_messages o ON o.dedupe_key = 'SLACK:report:' || e.id || ':${MONTH_KEY}'`,
    )).rows;
    const [{ count }] = (await client.query<{ count: string }>(`SELECT count(*) FROM outbox_messages`)).rows as [{ count: string }];
    const runs = (await client.query<{ status: string; late: boolean }>(`SELECT status, late FROM job_runs WHERE job LIKE 'report.monthly:%' AND run_key = $1`, [MONTH_KEY])).rows;
    const c: Checks = { rows: Number(count), keyed: 0, named: 0, withMonth: 0, withChart: 0, withIdeaNews: 0, withHours: 0, withNextShifts: 0, withStory: 0, runs, problems: [] };
    for (const r of rows) {
      if (!r.payload) continue;
      c.keyed++;
      const text = r.payload.replace(/[\u2066-\u2069\u200e\u200f]/g, "");
      const he = r.locale === "he";
      if (text.includes(r.name)) c.named++;
      if (text.includes(he ? MONTH_NAMES.he : MONTH_NAMES.en)) c.withMonth++;
      const t = translator(he ? "he" : "en");
      if (text.includes(`${PUBLIC_URL}/`)) c.withChart++;
      if (text.includes(t("report.ideas.yours"))) c.withIdeaNews++;
      if (!text.includes(t("report.line.noHours"))) c.withHours++;
      // The next shifts as the report writes them: the heading, then "…, 08:00–11:00 …" lines.
      if (text.includes(t("report.line.next")) && /\d{2}:\d{2}–\d{2}:\d{2}/.test(text)) c.withNextShifts++;
      if (text.includes(t("report.story.title"))) c.withStory++;
    }
    const employees = rows.length;
    if (c.keyed !== employees) c.problems.push(`${n(employees - c.keyed)} of ${n(employees)} employees have no outbox row with the key SLACK:report:<id>:${MONTH_KEY}`);
    if (c.rows !== employees) c.problems.push(`${n(c.rows)} outbox rows for ${n(employees)} employees`);
    if (c.named !== c.keyed) c.problems.push(`${n(c.keyed - c.named)} reports do not name their reader`);
    if (c.withMonth !== c.keyed) c.problems.push(`${n(c.keyed - c.withMonth)} reports do not name the month`);
    if (runs.length !== 1 || runs[0]!.status !== "DONE") c.problems.push(`job_runs: ${JSON.stringify(runs)}`);
    return c;
  } finally {
    await client.end();
  }
}

async function resetRun(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM outbox_messages; DELETE FROM job_runs; DELETE FROM digest_charts`);
    await client.query(`VACUUM (ANALYZE) outbox_messages, job_runs, digest_charts`);
  } finally {
    await client.end();
  }
}

// ------------------------------------------------------------------ the parent

async function waitForIdle(): Promise<{ waitedSeconds: number; stillBusy: boolean }> {
  const busy = () => {
    try {
      return execFileSync("pgrep", ["-af", "jest|\\.ci/run"], { encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  const started = Date.now();
  for (;;) {
    const running = busy();
    const waited = (Date.now() - started) / 1000;
    if (!running) return { waitedSeconds: waited, stillBusy: false };
    if (waited >= settings.idleWaitSeconds) return { waitedSeconds: waited, stillBusy: true };
    log(`waiting for other work to finish: ${running.split("\n")[0]!.slice(0, 120)}`);
    await sleep(20_000);
  }
}

async function createScratch(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_reports_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: settings.pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(settings.pgUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new pg.Client({ connectionString: settings.pgUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

interface Results {
  started: Date;
  serverVersion: string;
  migrateMs: number;
  load: LoadFacts;
  runs: (RunReport & { checks: Checks; load: number })[];
  parts?: PartsReport;
  failures: string[];
  idle: { waitedSeconds: number; stillBusy: boolean };
  loadAvg: { start: number[]; end: number[] };
}

function report(r: Results): { text: string; pass: boolean } {
  const times = r.runs.map((x) => x.ms);
  const med = times.length ? median(times) : NaN;
  const max = times.length ? Math.max(...times) : NaN;
  const checksOk = r.runs.length > 0 && r.runs.every((x) => x.checks.problems.length === 0);
  const goalOk = times.length === settings.runs && max < settings.goalMs;
  const pass = goalOk && checksOk && r.failures.length === 0;
  const l = r.load;
  const c = r.runs[0]?.checks;
  const lines = [
    `## \`npm run bench:reports\`: monthly service reports of ${n(settings.employees)} employees over ${n(l.complaints)} complaints (PostgreSQL)`,
    "",
    `Run ${r.started.toISOString().slice(0, 16).replace("T", " ")} UTC: \`${commandLine("bench:reports")}\`.`,
    "",
    "| | median | max | runs |",
    "| --- | --- | --- | --- |",
    `| \`MonthlyReports.runDue\`: every report built and queued (goal < ${s(settings.goalMs)} s) | ${s(med)} s | ${s(max)} s | ${r.runs.map((x) => s(x.ms)).join(", ")} s |`,
    `| Node.js CPU time of the run | ${s(median(r.runs.map((x) => x.cpuMs)))} s | ${s(Math.max(...r.runs.map((x) => x.cpuMs)))} s | |`,
    `| SQL statements of the run | ${n(median(r.runs.map((x) => x.statements)))} | ${n(Math.max(...r.runs.map((x) => x.statements)))} | |`,
    `| peak RSS of the child process | ${mb(median(r.runs.map((x) => x.rss)))} MB | ${mb(Math.max(...r.runs.map((x) => x.rss)))} MB | |`,
    `| load average (1 min) after each run, on ${os.cpus().length} cores shared with other work | | | ${r.runs.map((x) => x.load.toFixed(2)).join(", ")} |`,
    "",
    `**Goal**: ${goalOk ? "met" : "MISSED"}: every run under ${s(settings.goalMs)} s (slowest ${s(max)} s). **Checks**: ${checksOk ? "passed" : "FAILED"}` +
      (c ? `: ${n(c.keyed)} outbox rows keyed \`SLACK:report:<id>:${MONTH_KEY}\` for ${n(settings.employees)} employees, ${n(c.rows)} rows in all, each naming its reader and the month` +
        ` (${n(c.withChart)} with the chart, ${n(c.withStory)} with the story of the month, ${n(c.withIdeaNews)} with news of the reader's ideas, ${n(c.withHours)} with hours on the line, ${n(c.withNextShifts)} with next shifts); job_runs ${c.runs.map((x) => x.status).join(", ")}.` : "."),
    ...r.runs.flatMap((x) => x.checks.problems.map((p) => `- run ${x.run}: ${p}`)),
    ...r.failures.map((f) => `- failed: ${f.split("\n")[0]}`),
  ];
  if (r.parts) {
    const p = r.parts;
    lines.push(
      "",
      "### The parts (another fresh child process)",
      "",
      "| part | time | SQL statements |",
      "| --- | --- | --- |",
      `| \`reportBasis\` (cold: figures of 13 months, credits, themes, story of the month, ideas of the month, departments) | ${s(p.basisMs)} s | ${n(p.basisStatements)} |`,
      `| of which \`monthlyFigures\` (warm) | ${s(p.figuresMs)} s | |`,
      `| of which \`sharedContext\` (warm) | ${s(p.sharedMs)} s | |`,
      `| one chunk of ${CHUNK} readers through \`monthlyReports\` (the first, so it also reads the month's hours; charts already stored) | ${s(p.chunkMs)} s | ${n(p.chunkStatements)} |`,
      `| of which \`monthHours\`: the month's \`hoursReport\` for everyone, read once per run (warm) | ${s(p.hoursMs)} s | |`,
      `| of which \`personalContexts\` of the chunk, hours already read (warm) | ${s(p.personalMs)} s | |`,
      `| of which the ${CHUNK} messages (warm \`monthlyReports\` − \`personalContexts\`) | ${s(p.messagesMs)} s | |`,
      `| \`enqueueReports\`: the chunk's ${CHUNK} outbox rows in one statement (rolled back) | ${s(p.enqueueMs)} s | |`,
    );
  }
  lines.push(
    "",
    "### What ran",
    "",
    `- Each run is a fresh child process (\`node --import tsx bench/monthly-reports.ts --child run <url> <n>\`), connected to the database before timing; the time is ` +
      `\`new MonthlyReports(deps, id).runDue(now)\` with now = 09:00:30 on Tuesday 1 December 2026 in Jerusalem, 30 s after November's report is due, so the run claims the zone's month, ` +
      `reads the basis once, then builds and queues the reports ${CHUNK} at a time (one \`INSERT … SELECT FROM jsonb_to_recordset\` each, \`enqueueReports\`), and marks the run done. \`deps\` as the tests wire them ` +
      `(Slack only, PUBLIC_URL set, so one chart per language is rendered and stored). Before each run the outbox, job_runs and digest_charts are emptied and vacuumed.`,
    "- Checks after each run (in the parent): every employee has an outbox row keyed `SLACK:report:<id>:2026-11`, there are no others, each payload contains the person's name and the month " +
      "in their language (November 2026 / נובמבר 2026), and the job run is DONE.",
    "- SQL statements are counted below the driver (pg's `Client.query`), BEGIN and COMMIT included. RSS is the child's high-water mark (`process.resourceUsage().maxRSS`); PostgreSQL's memory is not counted.",
    "",
    "### The data",
    "",
    `- Organisation: ${n(settings.employees)} employees in ${DEPARTMENTS.length} departments of uneven size, each with a Slack id, 70% reading Hebrew and 30% English, FTE 1 (80%), 0.8 or 0.5, ` +
      `a manager per department; all in the company's zone (Asia/Jerusalem, Sunday–Thursday, public holidays off). Imported with \`importOrganisation\` (${s(l.importMs)} s).`,
    `- Complaints: ${n(l.complaints)} over the 24 months ending with November 2026 (${n(l.inThirteenMonths)} in the 13 months the report reads, ${n(l.inMonth)} in November), ` +
      `5% unattributed, 8% linked as repeats, 10% credited (ILS, some USD), 8% returned, threats to sue and to leave; texts from a pool whose themes come from the product's \`themesOf\`. ` +
      `Loaded as bench:complaints does (one \`INSERT … SELECT\` from \`generate_series\`, in day order) in ${s(l.complaintsMs)} s; table and indexes ${mb(l.tableBytes)} MB.`,
    `- Stories: ${n(l.stories)} published (${n(l.storiesInMonth)} in November) with ${n(l.reactions)} reactions. Ideas: ${n(l.ideas)}, with ${n(l.eventsInMonth)} events in November ` +
      `(approved, started, done, rejected), so ${n(l.proposersWithNews)} people have news of their own ideas.`,
    `- The support line: three 3-hour shifts a working day sized to 10% of everyone's time, ${n(l.shiftsInMonth)} shifts in November (worked) and ${n(l.publishedAhead)} published for 1–14 December ` +
      `(${n(l.peopleWithNextShift)} people with a next shift), the rest of December planned; inserted directly (one statement), not through the planner. Other data ${s(l.restMs)} s, migrations ${s(r.migrateMs)} s.`,
    "",
    "### Machine",
    "",
    ...machineLines(),
    `- ${r.serverVersion.split(" on ")[0]} at ${new URL(settings.pgUrl).host}, same machine`,
    `- Load average (1, 5, 15 min) at the start: ${r.loadAvg.start.map((x) => x.toFixed(2)).join(", ")}; at the end: ${r.loadAvg.end.map((x) => x.toFixed(2)).join(", ")}` +
      `${r.idle.waitedSeconds >= 1 ? `; waited ${r.idle.waitedSeconds.toFixed(0)} s for other test runs${r.idle.stillBusy ? " (still running)" : ""}` : ""}`,
    `- Source: ${sourceState(["src"], "src/")} (at the start of the run)`,
  );
  return { text: lines.join("\n"), pass };
}

async function main(): Promise<void> {
  const idle = await waitForIdle();
  const started = new Date();
  const loadStart = os.loadavg();
  const failures: string[] = [];
  const scratch = await createScratch();
  const onSignal = () => void scratch.drop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let db: Database | undefined;
  try {
    log(`scratch database ${new URL(scratch.url).pathname.slice(1)}; ${n(settings.employees)} employees, ${n(settings.complaints)} complaints; load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
    db = await openDatabase({ kind: "postgres", url: scratch.url });
    const t = performance.now();
    await migrate(db.raw);
    const migrateMs = performance.now() - t;
    const yaml = organisationYaml(people());
    const organisation = parseOrganisation(yaml, "bench-organisation.yml");
    const serverVersion = (await db.raw.query<{ v: string }>("SELECT version() AS v"))[0]?.v ?? "unknown";
    log("loading");
    const loaded = await load(scratch.url, db, organisation, yaml);
    await db.close();
    db = undefined;
    log(`loaded: import ${s(loaded.importMs)} s, ${n(loaded.complaints)} complaints ${s(loaded.complaintsMs)} s, the rest ${s(loaded.restMs)} s`);

    const runs: Results["runs"] = [];
    for (let run = 1; run <= settings.runs; run++) {
      try {
        await resetRun(scratch.url);
        const r = await runChildProcess<RunReport>({
          nodeArgs: settings.profile ? ["--cpu-prof", `--cpu-prof-dir=${settings.profile}`, `--cpu-prof-name=reports-run-${run}.cpuprofile`] : [],
          script: path.join("bench", "monthly-reports.ts"),
          args: ["run", scratch.url, String(run)],
          timeoutSeconds: settings.timeoutSeconds,
          what: `run ${run}:`,
        });
        const checks = await check(scratch.url);
        runs.push({ ...r, checks, load: os.loadavg()[0]! });
        log(`run ${run}: ${s(r.ms)} s (CPU ${s(r.cpuMs)} s), ${n(r.statements)} statements, peak RSS ${mb(r.rss)} MB; ${n(checks.keyed)} reports queued` +
          `${checks.problems.length ? `; PROBLEMS: ${checks.problems.join("; ")}` : ""}; load ${os.loadavg()[0]!.toFixed(2)}`);
      } catch (error) {
        failures.push((error as Error).message);
        log((error as Error).message);
      }
    }

    let parts: PartsReport | undefined;
    try {
      await resetRun(scratch.url);
      parts = await runChildProcess<PartsReport>({ nodeArgs: [], script: path.join("bench", "monthly-reports.ts"), args: ["parts", scratch.url], timeoutSeconds: settings.timeoutSeconds, what: "parts:" });
      log(`parts: reportBasis ${s(parts.basisMs)} s, one chunk ${s(parts.chunkMs)} s (monthHours ${s(parts.hoursMs)} s, personal ${s(parts.personalMs)} s, messages ${s(parts.messagesMs)} s), enqueue ${s(parts.enqueueMs)} s`);
    } catch (error) {
      failures.push((error as Error).message);
      log((error as Error).message);
    }

    const { text, pass } = report({ started, serverVersion, migrateMs, load: loaded, runs, parts, failures, idle, loadAvg: { start: loadStart, end: os.loadavg() } });
    console.log(`\n${text}\n`);
    const standard =
      settings.employees === STANDARD.employees && settings.complaints === STANDARD.complaints && settings.runs === STANDARD.runs &&
      !process.env.BENCH_SEED && !settings.profile && runs.length === settings.runs;
    if (standard) {
      writeResultsSection(path.join(ROOT, "bench", "RESULTS.md"), "reports", text);
      log("wrote the reports section of bench/RESULTS.md");
    } else log("bench/RESULTS.md not updated: not the standard size, seed or runs, profiling, or a run failed");
    if (!pass) process.exitCode = 1;
  } finally {
    await db?.close().catch(() => undefined);
    if (settings.keepDatabase) log(`scratch database kept (BENCH_KEEP_DATABASE=1): ${scratch.url}; drop it when done`);
    else {
      await scratch.drop();
      log("scratch database dropped");
    }
  }
}

runBench(module, main, ([kind, url, run]) => (kind === "parts" ? childParts(url!) : childRun(url!, Number(run))));
