/**
 * `npm run bench:complaints`: the weekly complaint digests on a large PostgreSQL database.
 *
 * A scratch database (created and dropped on the server of BENCH_PG_URL) is migrated, given a
 * generated organisation of 40 departments (imported with importOrganisation) and loaded with
 * 1,000,000 complaints over the two years before the digest moment (Sunday 2026-11-22 09:00,
 * Asia/Jerusalem). Then:
 *
 * 1. building every department's digest with its chart and the company view for the digest
 *    week, as the product does (scheduledDepartments, departmentFigures per group of departments
 *    with the same period, each chart drawn with departmentChart from the moment the weekly
 *    counts are read, companyFigures, and the messages), three times, each in a
 *    fresh child process (this file with `--child digest`); the goal is under 3 seconds for all
 *    of it, charts included. A run fails unless it built every department's digest and a
 *    whole PNG chart for each;
 * 2. the query plans of the digest's queries, captured from digest-figures.ts itself (a
 *    `$queryRaw` that records the SQL and its parameters) and run again under
 *    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`;
 * 3. the complaint webhook's ingest rate: complaintsWebhookRouter on an Express app in a child
 *    process (`--child serve`), driven by autocannon with signed requests, one complaint per
 *    request and then batches of 100.
 *
 * Knobs: BENCH_PG_URL (the server), BENCH_COMPLAINTS, BENCH_RUNS, BENCH_SECONDS, BENCH_CONNECTIONS,
 * BENCH_KEEP_DATABASE=1 (keep the scratch database to study it; drop it yourself).
 *
 * The figures go to the `bench:complaints` section of bench/RESULTS.md (standard runs only). Exit code 1 when the
 * 3-second goal fails or a step fails. Never part of `npm test`.
 */
import { Rng } from "../test/helpers/random";
import { testServiceDeps } from "../test/helpers/service-deps";
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { DateTime } from "luxon";
import pg from "pg";
import { parseOrganisation, type Organisation } from "../src/config/organisation";
import { digestPeriod, periodDays, type DigestPeriod } from "../src/domain/complaints/digest-period";
import { themesOf } from "../src/domain/complaints/themes";
import { searchTermsOf } from "../src/domain/similarity";
import { Prisma, type PrismaClient } from "../src/generated/prisma/client";
import { complaintsSignature, complaintsWebhookRouter, COMPLAINTS_PATH } from "../src/http/complaints-webhook";
import { createExpressApp, listen } from "../src/http/server";
import type { Locale } from "../src/i18n";
import { createLogger } from "../src/logger";
import { customerHasher } from "../src/services/complaints/customer-hash";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from "../src/services/complaints/digest-chart";
import { companyFigures, departmentFigures, type DepartmentFigures } from "../src/services/complaints/digest-figures";
import { companyDigestMessage, departmentDigestMessage } from "../src/services/complaints/digest-messages";
import { companySchedule, departmentChart, dueAt, scheduledDepartments, type ScheduledDepartment } from "../src/services/complaints/weekly-digest";
import type { ServiceDeps } from "../src/services/deps";
import { importOrganisation } from "../src/services/organisation-import";
import { openDatabase, type Database } from "../src/store/database";
import { migrate } from "../src/store/migrate";
import { log, numberEnv, runBench, runChildProcess, writeChildReport } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test";

const STANDARD = { complaints: 1_000_000, departments: 40, runs: 3, seconds: 15 };
const settings = {
  complaints: numberEnv("BENCH_COMPLAINTS", STANDARD.complaints),
  departments: numberEnv("BENCH_DEPARTMENTS", STANDARD.departments),
  runs: numberEnv("BENCH_RUNS", STANDARD.runs),
  goalMs: numberEnv("BENCH_GOAL_MS", 3000),
  connections: numberEnv("BENCH_CONNECTIONS", 10),
  seconds: numberEnv("BENCH_SECONDS", STANDARD.seconds),
  warmupSeconds: numberEnv("BENCH_WARMUP_SECONDS", 3),
  seed: numberEnv("BENCH_SEED", 20261122),
  timeoutSeconds: numberEnv("BENCH_TIMEOUT_SECONDS", 600),
  idleWaitSeconds: numberEnv("BENCH_IDLE_WAIT_SECONDS", 300),
  /** Leaves the scratch database in place (to study plans by hand); drop it yourself afterwards. */
  keepDatabase: process.env.BENCH_KEEP_DATABASE === "1",
  pgUrl: process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_PG_URL,
};

const ZONE = "Asia/Jerusalem";
const LOCALE: Locale = "he";
/** The digest moment: Sunday 2026-11-22 09:00 in Jerusalem; the digest week is 15.11–21.11. */
const NOW = DateTime.fromObject({ year: 2026, month: 11, day: 22, hour: 9 }, { zone: ZONE }).toJSDate();
const DAYS = 730;
const UNASSIGNED_SHARE = 0.05;
const CUSTOMERS = 400_000;
/** The department whose complaints jump in the digest week (the app: it crashes at checkout). */
const SPIKE_TOPIC = 3;
const SPIKE_FACTOR = 3;
/** Departments posting at 08:00 instead of 09:00: a second group with its own occurrence, as in the product. */
const EARLY_DEPARTMENTS = 5;
const SECRET = "bench-complaints-webhook-secret";
const CHART_BASE = "https://bench.example/digest-charts";

// ------------------------------------------------------------------ the organisation

/** key, English keyword, Hebrew keyword (the noun a complaint about the department names). */
const TOPICS: [string, string, string][] = [
  ["billing", "invoice", "חשבונית"],
  ["delivery", "courier", "שליח"],
  ["returns", "refund", "החזר"],
  ["app", "app", "אפליקציה"],
  ["website", "website", "אתר"],
  ["stores", "branch", "סניף"],
  ["warranty", "warranty", "אחריות"],
  ["installation", "technician", "טכנאי"],
  ["subscriptions", "subscription", "מנוי"],
  ["payments", "payment", "תשלום"],
  ["loyalty", "points", "נקודות"],
  ["call-centre", "hotline", "מוקד"],
  ["warehouse", "stock", "מלאי"],
  ["pricing", "price", "מחיר"],
  ["promotions", "coupon", "קופון"],
  ["packaging", "packaging", "אריזה"],
  ["quality", "defect", "פגם"],
  ["spare-parts", "spare part", "חלקי חילוף"],
  ["contracts", "contract", "חוזה"],
  ["insurance", "insurance", "ביטוח"],
  ["loans", "loan", "הלוואה"],
  ["accounts", "password", "סיסמה"],
  ["security", "fraud", "הונאה"],
  ["logistics", "pallet", "משטח"],
  ["catering", "meal", "ארוחה"],
  ["cleaning", "cleaning", "ניקיון"],
  ["parking", "parking", "חניה"],
  ["repairs", "repair", "תיקון"],
  ["appliances", "fridge", "מקרר"],
  ["computers", "laptop", "מחשב נייד"],
  ["furniture", "sofa", "ספה"],
  ["garden", "lawnmower", "מכסחת"],
  ["toys", "toy", "צעצוע"],
  ["pharmacy", "prescription", "מרשם"],
  ["optics", "glasses", "משקפיים"],
  ["travel", "flight", "טיסה"],
  ["events", "ticket", "כרטיס"],
  ["internet", "router", "ראוטר"],
  ["mobile", "sim card", "כרטיס סים"],
  ["television", "decoder", "ממיר"],
];
if (!Number.isInteger(settings.departments) || settings.departments < 5 || settings.departments > TOPICS.length) {
  throw new Error(`BENCH_DEPARTMENTS: expected a whole number from 5 to ${TOPICS.length}`);
}

function departmentKey(d: number): string {
  return TOPICS[d]![0];
}

function organisationYaml(): string {
  const lines = ["company:", "  name: Bench Ltd", `  timezone: ${ZONE}`, `  locale: ${LOCALE}`, "channels:", "  management:", "    slack: C0MANAGEMENT", "digest:", "  weekday: 7", "  hour: 9", "departments:"];
  for (let d = 0; d < settings.departments; d++) {
    const [key, en, he] = TOPICS[d]!;
    lines.push(
      `  - key: ${key}`,
      `    name: "${key.replace(/-/g, " ")} (${he})"`,
      `    slack_channel: C0D${String(d).padStart(3, "0")}`,
      `    managers: [m${d}@bench.example]`,
      "    complaints:",
      `      keywords: ["${he}", "${en}"]`,
      ...(key === "billing" ? ["      patterns: ['\\bINV-\\d{4,}\\b']"] : []),
      // A few departments post an hour earlier: the product reads them as a second group.
      ...(d >= settings.departments - EARLY_DEPARTMENTS ? ["    digest:", "      weekday: 7", "      hour: 8"] : []),
    );
  }
  lines.push("employees:");
  for (let d = 0; d < settings.departments; d++) {
    for (const who of ["m", "a"]) {
      lines.push(`  - email: ${who}${d}@bench.example`, `    name: Person ${who}${d}`, `    department: ${departmentKey(d)}`, `    slack_id: U0${who.toUpperCase()}${String(d).padStart(4, "0")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// ------------------------------------------------------------------- the complaint texts

/** The seeded source the other benches use, as a plain function. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}

const PROBLEMS: [string, string][] = [
  ["is broken", "לא עובד"],
  ["arrived late", "הגיע באיחור"],
  ["charged me twice", "חייב אותי פעמיים"],
  ["nobody answers the phone", "אף אחד לא עונה לטלפון"],
  ["still waiting for a refund", "עדיין מחכה להחזר כספי"],
  ["rude service", "שירות לא אדיב"],
  ["wrong item delivered", "נשלח פריט שגוי"],
  ["missing parts", "חסרים חלקים"],
  ["long waiting time", "זמן המתנה ארוך"],
  ["cancelled without notice", "בוטל בלי הודעה"],
  ["price went up without warning", "המחיר עלה בלי התראה"],
  ["promised callback never came", "הבטיחו לחזור ולא חזרו"],
  ["stopped working after a week", "הפסיק לעבוד אחרי שבוע"],
  ["damaged on arrival", "הגיע פגום"],
  ["appointment was missed", "פספסו את התור"],
  ["hidden fees", "עמלות נסתרות"],
  ["cannot log in", "לא מצליח להתחבר"],
  ["the form keeps failing", "הטופס נכשל כל הזמן"],
  ["lost my order", "איבדו את ההזמנה"],
  ["no reply to emails", "אין מענה למיילים"],
];
const OPENERS: [string, string][] = [
  ["", ""],
  ["Hello,", "שלום,"],
  ["This is the third time I write.", "זו הפעם השלישית שאני פונה."],
  ["Very disappointed.", "מאוכזב מאוד."],
  ["Hi team,", "היי,"],
];
/** Details; the last two threaten legal action and leaving. */
const DETAILS: [string, string][] = [
  ["", ""],
  ["Since last week.", "מאז שבוע שעבר."],
  ["My kids needed it for school.", "הילדים היו צריכים את זה לבית הספר."],
  ["It is unacceptable.", "זה לא מקובל."],
  ["I want to cancel.", "אני רוצה לבטל."],
  ["I paid full price for this.", "שילמתי מחיר מלא."],
  ["I will go to a lawyer.", "אני אפנה לעורך דין."],
  ["I am moving to a competitor.", "אני עובר למתחרים."],
];
const LEGAL_DETAIL = 6;
const CHURN_DETAIL = 7;
const CATEGORIES = ["service", "product", "delivery", "billing", "technical"];

interface PoolText {
  text: string;
  category: string | null;
  legal: boolean;
  churn: boolean;
}

function complaintText(rnd: () => number, subject: [string, string] | undefined, problemIndex?: number): PoolText {
  const hebrew = rnd() < 0.6;
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const lang = hebrew ? 1 : 0;
  const problem = problemIndex === undefined ? pick(PROBLEMS)[lang] : PROBLEMS[problemIndex]![lang];
  // About 1.5% threaten legal action and 4% to leave; the other details are equally likely.
  const threat = rnd();
  const detailIndex = threat < 0.015 ? LEGAL_DETAIL : threat < 0.055 ? CHURN_DETAIL : Math.floor(rnd() * LEGAL_DETAIL);
  const noun = subject ? subject[lang] : hebrew ? "ההזמנה" : "my order";
  const sentence = subject ? (hebrew ? `ה${noun} ${problem}.` : `The ${noun}: ${problem}.`) : hebrew ? `${noun}: ${problem}.` : `${noun[0]!.toUpperCase()}${noun.slice(1)}: ${problem}.`;
  const parts = [pick(OPENERS)[lang], sentence, DETAILS[detailIndex]![lang]];
  if (rnd() < 0.05) parts.push(hebrew ? `תחזרו אליי ל-050-${String(Math.floor(rnd() * 1e7)).padStart(7, "0")}` : `Call me at 050-${String(Math.floor(rnd() * 1e7)).padStart(7, "0")}`);
  if (rnd() < 0.03) parts.push(`INV-${1000 + Math.floor(rnd() * 90000)}`);
  return {
    text: parts.filter(Boolean).join(" "),
    category: rnd() < 0.8 ? pick(CATEGORIES) : null,
    legal: detailIndex === LEGAL_DETAIL,
    churn: detailIndex === CHURN_DETAIL,
  };
}

interface Pool {
  texts: PoolText[];
  /** Where each department's texts start in `texts` and how many there are; index `departments` is the unattributable ones. */
  ranges: { offset: number; count: number }[];
  spike: { offset: number; count: number };
}

const TEXTS_PER_DEPARTMENT = 100;
const GENERIC_TEXTS = 200;
const SPIKE_TEXTS = 60;

function textPool(): Pool {
  const rnd = random(settings.seed);
  const texts: PoolText[] = [];
  const ranges: Pool["ranges"] = [];
  for (let d = 0; d <= settings.departments; d++) {
    const offset = texts.length;
    const count = d < settings.departments ? TEXTS_PER_DEPARTMENT : GENERIC_TEXTS;
    const [, en, he] = TOPICS[d] ?? ["", "", ""];
    // A department's complaints favour a few problems of their own, so its themes recur.
    const favourites = [0, 1, 2].map(() => Math.floor(rnd() * PROBLEMS.length));
    for (let i = 0; i < count; i++) {
      const problem = rnd() < 0.5 ? favourites[Math.floor(rnd() * favourites.length)] : undefined;
      texts.push(complaintText(rnd, d < settings.departments ? [en, he] : undefined, problem));
    }
    ranges.push({ offset, count });
  }
  const spikeOffset = texts.length;
  const [, en, he] = TOPICS[SPIKE_TOPIC]!;
  for (let i = 0; i < SPIKE_TEXTS; i++) {
    const hebrew = rnd() < 0.6;
    const base = complaintText(rnd, [en, he]);
    texts.push({ ...base, text: hebrew ? `ה${he} קורסת במסך התשלום. ${base.text}` : `The ${en} crashes at checkout. ${base.text}` });
  }
  return { texts, ranges, spike: { offset: spikeOffset, count: SPIKE_TEXTS } };
}

// ---------------------------------------------------------------------- the load

interface Cell {
  /** The cell's number, for unique external ids. */
  i: number;
  /** Department index (0-based), or -1 for unassigned complaints. */
  d: number;
  /** Local midnight of the day, as UTC. */
  t: string;
  n: number;
  o: number;
  c: number;
}

/**
 * How many complaints each department gets each day: uneven department sizes (Zipf-like),
 * fewer on Friday and Saturday, a yearly wave and growth over the two years, some noise, and
 * the spike department three times its usual volume in the digest week (mostly one new
 * theme). Sums to exactly `settings.complaints`.
 */
function cells(pool: Pool): { cells: Cell[]; first: string; last: string; sizes: number[] } {
  const rnd = random(settings.seed + 1);
  const today = DateTime.fromJSDate(NOW, { zone: ZONE }).startOf("day");
  const digestWeekStart = today.minus({ days: 7 });
  const weights = Array.from({ length: settings.departments }, (_, d) => 1 / (d + 1) ** 0.9);
  // Shuffle the weights so the largest departments are not simply the first keys.
  for (let i = weights.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [weights[i], weights[j]] = [weights[j]!, weights[i]!];
  }
  // Monday to Saturday (luxon's weekdays 1-6); Sunday, the first working day in Israel, is 1.25.
  const dow = [1.15, 1.1, 1.05, 1.0, 0.5, 0.35];
  const raw: { d: number; day: DateTime; x: number; spike: boolean }[] = [];
  // Weeks differ more than days averaged over a week would: each department's week gets its
  // own factor (±20%), so a department's ordinary weeks are not flagged as spikes.
  const weekNoise = new Map<string, number>();
  const weekly = (d: number, day: DateTime) => {
    const key = `${d}|${day.startOf("week").toISODate()}`;
    if (!weekNoise.has(key)) weekNoise.set(key, 0.8 + 0.4 * rnd());
    return weekNoise.get(key)!;
  };
  for (let i = DAYS; i >= 1; i--) {
    const day = today.minus({ days: i });
    const seasonal = (1 + 0.2 * Math.sin((2 * Math.PI * day.ordinal) / 365)) * (0.8 + (0.4 * (DAYS - i)) / DAYS) * (day.weekday === 7 ? 1.25 : dow[day.weekday - 1]!);
    const inDigestWeek = day >= digestWeekStart;
    for (let d = 0; d < settings.departments; d++) {
      const x = (1 - UNASSIGNED_SHARE) * weights[d]! * seasonal * weekly(d, day) * (0.85 + 0.3 * rnd());
      if (d === SPIKE_TOPIC && inDigestWeek) {
        raw.push({ d, day, x, spike: false }, { d, day, x: x * (SPIKE_FACTOR - 1), spike: true });
      } else raw.push({ d, day, x, spike: false });
    }
    const assignedWeight = weights.reduce((a, b) => a + b, 0);
    raw.push({ d: -1, day, x: UNASSIGNED_SHARE * assignedWeight * seasonal * (0.85 + 0.3 * rnd()), spike: false });
  }
  const total = raw.reduce((sum, r) => sum + r.x, 0);
  const scaled = raw.map((r) => (r.x / total) * settings.complaints);
  const counts = scaled.map(Math.floor);
  let missing = settings.complaints - counts.reduce((a, b) => a + b, 0);
  const byRemainder = scaled.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    counts[i]!++;
  }
  const sizes = Array<number>(settings.departments + 1).fill(0);
  const out: Cell[] = raw.map((r, i) => {
    const range = r.spike ? pool.spike : pool.ranges[r.d < 0 ? settings.departments : r.d]!;
    sizes[r.d < 0 ? settings.departments : r.d]! += counts[i]!;
    return { i, d: r.d, t: r.day.toUTC().toISO()!, n: counts[i]!, o: range.offset, c: range.count };
  });
  return { cells: out.filter((c) => c.n > 0), first: raw[0]!.day.toISODate()!, last: raw.at(-1)!.day.toISODate()!, sizes };
}

interface LoadFacts {
  poolTexts: number;
  hebrewTexts: number;
  poolMs: number;
  customersMs: number;
  insertMs: number;
  repeatsMs: number;
  vacuumMs: number;
  totalMs: number;
  rows: number;
  unassigned: number;
  repeats: number;
  withCustomer: number;
  distinctCustomers: number;
  credits: { currency: string; count: number }[];
  legal: number;
  churn: number;
  retained: number;
  returned: number;
  tableBytes: number;
  indexBytes: number;
  /** pg_stats' correlation of received_at with the rows' physical order (1: in time order). */
  correlation: number;
  first: string;
  last: string;
  sizes: [number, number];
  digestWeek: { total: number; spikeDepartment: string; spikeCount: number; spikeUsual: number };
  ideas: number;
}

async function load(url: string, departmentIds: Map<string, number>, pool: Pool): Promise<LoadFacts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    let t = performance.now();
    const hasher = customerHasher(SECRET);
    const poolRows = pool.texts.map((p, i) => ({
      idx: i,
      text: p.text,
      category: p.category,
      legal: p.legal,
      churn: p.churn,
      terms: searchTermsOf(p.category ? `${p.category} ${p.text}` : p.text),
      themes: themesOf(p.text),
    }));
    await client.query(`CREATE TEMP TABLE bench_texts (idx int PRIMARY KEY, text text, category text, legal boolean, churn boolean, terms text[], themes text[])`);
    await client.query(
      `INSERT INTO bench_texts SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(idx int, text text, category text, legal boolean, churn boolean, terms text[], themes text[])`,
      [JSON.stringify(poolRows)],
    );
    const poolMs = performance.now() - t;

    t = performance.now();
    await client.query(`CREATE TEMP TABLE bench_customers (idx int PRIMARY KEY, hash text NOT NULL)`);
    for (let from = 0; from < CUSTOMERS; from += 100_000) {
      const chunk = Array.from({ length: Math.min(100_000, CUSTOMERS - from) }, (_, i) => ({ idx: from + i, hash: hasher(customerReference(from + i)) }));
      await client.query(`INSERT INTO bench_customers SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(idx int, hash text)`, [JSON.stringify(chunk)]);
    }
    await client.query(`ANALYZE bench_texts; ANALYZE bench_customers`);
    const customersMs = performance.now() - t;

    const { cells: list, first, last, sizes } = cells(pool);
    const ids = Array.from({ length: settings.departments }, (_, d) => departmentIds.get(departmentKey(d))!);
    t = performance.now();
    await client.query(`SELECT setseed($1)`, [(settings.seed % 1000) / 1000]);
    // Nested loops over the two small tables' keys keep the generated (day) order; a hash
    // join could stream the customers instead and scatter each week over the whole table.
    await client.query(`SET enable_hashjoin = off; SET enable_mergejoin = off`);
    // In day order, so that a week's complaints sit together on disk as they would when
    // they arrive over time.
    await client.query(
      `INSERT INTO complaints (external_id, received_at, channel, category, department_id, attributed_by, text, customer_hash,
                               returned, credit_amount, credit_currency, legal_threat, churn_threat, retained, reopened, terms, themes)
       SELECT 'b' || r.cell || '-' || r.g,
              (r.t::timestamptz + interval '7 hours' + ((r.r1 + r.r2 + r.r3) / 3) * interval '14 hours') AT TIME ZONE 'UTC',
              (ARRAY['PHONE','PHONE','PHONE','CHAT','CHAT','EMAIL','EMAIL','SOCIAL','STORE','OTHER'])[1 + floor(r.r4 * 10)::int]::"ContactChannel",
              p.category,
              CASE WHEN r.d >= 0 THEN ($2::int[])[r.d + 1] END,
              (CASE WHEN r.d < 0 THEN 'NONE' WHEN r.r5 < 0.35 THEN 'RULE' ELSE 'SENDER' END)::"AttributionSource",
              p.text,
              CASE WHEN r.r6 < 0.9 THEN cu.hash END,
              r.r7 < 0.08,
              CASE WHEN r.r8 < 0.10 THEN round((20 + r.r9 * 480)::numeric, 2) END,
              CASE WHEN r.r8 < 0.10 THEN CASE WHEN floor(r.r9 * 1000)::int % 7 = 0 THEN 'USD' ELSE 'ILS' END END,
              p.legal OR r.r10 < 0.008,
              p.churn OR (r.r10 >= 0.008 AND r.r10 < 0.03),
              (p.churn OR (r.r10 >= 0.008 AND r.r10 < 0.03)) AND r.r11 < 0.45,
              r.r11 > 0.95,
              p.terms, p.themes
       FROM (
         SELECT cell.i AS cell, g, cell.d, cell.t, cell.o + floor(random() * cell.c)::int AS text_idx,
                floor(${CUSTOMERS} * power(random(), 2))::int AS customer_idx,
                random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                random() AS r7, random() AS r8, random() AS r9, random() AS r10, random() AS r11
         FROM jsonb_to_recordset($1::jsonb) AS cell(i int, d int, t text, n int, o int, c int)
         CROSS JOIN LATERAL generate_series(1, cell.n) AS g
         OFFSET 0
       ) r
       JOIN bench_texts p ON p.idx = r.text_idx
       JOIN bench_customers cu ON cu.idx = r.customer_idx`,
      [JSON.stringify(list), ids],
    );
    const insertMs = performance.now() - t;

    // Repeats: half of the complaints from a customer who complained within the 30 days before
    // are linked to that previous complaint (the product links only similar ones).
    t = performance.now();
    await client.query(`
      WITH ordered AS (
        SELECT id, received_at, lag(id) OVER w AS previous_id, lag(received_at) OVER w AS previous_at
        FROM complaints WHERE customer_hash IS NOT NULL
        WINDOW w AS (PARTITION BY customer_hash ORDER BY received_at, id)
      )
      UPDATE complaints c SET repeat_of_id = o.previous_id
      FROM ordered o
      WHERE c.id = o.id AND o.previous_at >= o.received_at - interval '30 days' AND abs(hashtext(c.external_id)) % 100 < 50`);
    const repeatsMs = performance.now() - t;

    t = performance.now();
    await client.query(`VACUUM (ANALYZE) complaints`);
    const vacuumMs = performance.now() - t;
    const totalMs = performance.now() - started;

    const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;
    const facts = await one<Record<string, string>>(`
      SELECT count(*) AS rows, count(*) FILTER (WHERE department_id IS NULL) AS unassigned,
             count(*) FILTER (WHERE repeat_of_id IS NOT NULL) AS repeats, count(customer_hash) AS with_customer,
             count(DISTINCT customer_hash) AS customers, count(*) FILTER (WHERE legal_threat) AS legal,
             count(*) FILTER (WHERE churn_threat) AS churn, count(*) FILTER (WHERE retained) AS retained,
             count(*) FILTER (WHERE returned) AS returned
      FROM complaints`);
    const credits = (await client.query<{ currency: string; count: string }>(`SELECT credit_currency AS currency, count(*) AS count FROM complaints WHERE credit_currency IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`)).rows;
    const sizeRow = await one<{ table_bytes: string; index_bytes: string; correlation: string }>(
      `SELECT pg_table_size('complaints') AS table_bytes, pg_indexes_size('complaints') AS index_bytes,
              (SELECT correlation FROM pg_stats WHERE tablename = 'complaints' AND attname = 'received_at') AS correlation`,
    );
    const period = digestPeriod(NOW, ZONE);
    const week = await one<{ total: string; spike: string; usual: string }>(
      `SELECT count(*) FILTER (WHERE received_at >= $1 AND received_at < $2) AS total,
              count(*) FILTER (WHERE department_id = $3 AND received_at >= $1 AND received_at < $2) AS spike,
              count(*) FILTER (WHERE department_id = $3 AND received_at >= $4 AND received_at < $1) / 8.0 AS usual
       FROM complaints`,
      [utcNaive(period.start), utcNaive(period.end), ids[SPIKE_TOPIC], utcNaive(period.bounds.at(-10)!)],
    );
    const assignedSizes = sizes.slice(0, settings.departments);
    return {
      poolTexts: pool.texts.length,
      hebrewTexts: pool.texts.filter((p) => /\p{Script=Hebrew}/u.test(p.text)).length,
      poolMs,
      customersMs,
      insertMs,
      repeatsMs,
      vacuumMs,
      totalMs,
      rows: Number(facts.rows),
      unassigned: Number(facts.unassigned),
      repeats: Number(facts.repeats),
      withCustomer: Number(facts.with_customer),
      distinctCustomers: Number(facts.customers),
      credits: credits.map((c) => ({ currency: c.currency, count: Number(c.count) })),
      legal: Number(facts.legal),
      churn: Number(facts.churn),
      retained: Number(facts.retained),
      returned: Number(facts.returned),
      tableBytes: Number(sizeRow.table_bytes),
      indexBytes: Number(sizeRow.index_bytes),
      correlation: Number(sizeRow.correlation),
      first,
      last,
      sizes: [Math.min(...assignedSizes), Math.max(...assignedSizes)],
      digestWeek: { total: Number(week.total), spikeDepartment: departmentKey(SPIKE_TOPIC), spikeCount: Number(week.spike), spikeUsual: Math.round(Number(week.usual)) },
      ideas: 0,
    };
  } finally {
    await client.end();
  }
}

/** The timestamp(3) columns hold UTC without a zone: a Date as the product's driver writes it. */
function utcNaive(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

function customerReference(i: number): string {
  return `CUST-${String(i).padStart(7, "0")}`;
}

/** Open ideas whose words cover some of the recurring problems, so that the digest's idea lookup finds some. */
async function seedIdeas(db: Database, departmentIds: Map<string, number>): Promise<number> {
  const proposers = await db.prisma.employee.findMany({ select: { id: true, departmentId: true } });
  const rnd = random(settings.seed + 2);
  const statuses = ["SUBMITTED", "APPROVED", "IN_PROGRESS", "DONE", "REJECTED"] as const;
  const data = Array.from({ length: 300 }, (_, i) => {
    const d = i % settings.departments;
    const [en, he] = PROBLEMS[Math.floor(rnd() * PROBLEMS.length)]!;
    const title = rnd() < 0.6 ? `לטפל ב: ${he}` : `Fix: ${en}`;
    const departmentId = departmentIds.get(departmentKey(d))!;
    const proposer = proposers.find((p) => p.departmentId === departmentId) ?? proposers[0]!;
    return { title, departmentId, proposerId: proposer.id, status: statuses[Math.floor(rnd() * statuses.length)]!, searchTerms: searchTermsOf(title) };
  });
  await db.prisma.idea.createMany({ data });
  return data.length;
}

// --------------------------------------------------------- the digests (child process)

interface DigestRun {
  run: number;
  /** Figures of every department's digest, its chart and message, and the company view: the goal. */
  totalMs: number;
  scheduledMs: number;
  groups: { departments: number; occurrence: string; figuresMs: number }[];
  messagesMs: number;
  companyMs: number;
  /** From the company view built to the last chart drawn (the charts are drawn meanwhile). */
  chartsWaitMs: number;
  /** The same again in the same process (connections open, plans cached). */
  warmMs: number;
  charts: number;
  chartBytes: number;
  rss: number;
  summary: {
    departments: number;
    weekTotal: number;
    spiking: string[];
    spikeThemes: { theme: string; count: number; spike: boolean }[];
    withIdeas: number;
    examples: number;
    messageBlocks: number;
    companyTotal: number;
    unassigned: number;
  };
}

function digestDeps(db: Database, organisation: Organisation): ServiceDeps {
  return testServiceDeps(db.prisma, organisation, { publicUrl: "https://bench.example" });
}

/** Departments grouped by the period their digest covers, as weekly-digest.ts's byPeriod does. */
function groupsOf(departments: readonly ScheduledDepartment[], now: Date) {
  const groups = new Map<string, { period: DigestPeriod; occurrence: Date; departments: ScheduledDepartment[] }>();
  for (const department of departments) {
    const occurrence = dueAt(department, now);
    const key = `${department.timezone}|${occurrence.toISOString()}`;
    const group = groups.get(key) ?? { period: digestPeriod(occurrence, department.timezone), occurrence, departments: [] };
    group.departments.push(department);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Every digest of the week with its chart, and the company view, as postDepartmentDigests and
 * postCompanyDigest build them (without posting): each department's chart is drawn from the
 * moment its weekly counts are read, while the rest of the figures, the next group and the
 * company view are read.
 */
async function buildDigests(deps: ServiceDeps, db: Pick<PrismaClient, "$queryRaw"> = deps.prisma) {
  const timings = { scheduledMs: 0, groups: [] as DigestRun["groups"], messagesMs: 0, companyMs: 0, chartsWaitMs: 0 };
  const drawing: Promise<Buffer>[] = [];
  let t = performance.now();
  const departments = await scheduledDepartments(deps);
  timings.scheduledMs = performance.now() - t;
  const figures: { f: DepartmentFigures; period: DigestPeriod }[] = [];
  const messages = [];
  for (const group of groupsOf(departments, NOW)) {
    t = performance.now();
    const found = await departmentFigures(db, group.departments, group.period, {
      onWeekly: (department, weekly) => drawing.push(departmentChart(department, weekly, group.period, LOCALE)),
    });
    timings.groups.push({ departments: group.departments.length, occurrence: group.occurrence.toISOString(), figuresMs: performance.now() - t });
    t = performance.now();
    for (const f of found) {
      figures.push({ f, period: group.period });
      messages.push(departmentDigestMessage(f, { locale: LOCALE, days: periodDays(group.period, f.department.timezone), chartUrl: `${CHART_BASE}/${f.department.key}.png` }));
    }
    timings.messagesMs += performance.now() - t;
  }
  t = performance.now();
  const organisation = deps.organisation();
  const { schedule } = companySchedule(organisation, ZONE);
  const occurrence = dueAt({ schedule, timezone: ZONE }, NOW);
  const period = digestPeriod(occurrence, ZONE);
  const company = await companyFigures(db, departments, period);
  const companyMessage = companyDigestMessage(company, { locale: LOCALE, days: periodDays(period, ZONE) });
  timings.companyMs = performance.now() - t;
  t = performance.now();
  const charts = await Promise.all(drawing);
  timings.chartsWaitMs = performance.now() - t;
  return { timings, figures, messages, charts, company, companyMessage };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The work was really done: a digest and a whole chart (a PNG of the chart's size) for every department. */
function checkBuilt(built: Awaited<ReturnType<typeof buildDigests>>): void {
  if (built.figures.length !== settings.departments || built.messages.length !== settings.departments) {
    throw new Error(`expected ${settings.departments} digests, built ${built.figures.length} figures and ${built.messages.length} messages`);
  }
  if (built.charts.length !== settings.departments) throw new Error(`expected ${settings.departments} charts, drew ${built.charts.length}`);
  for (const [i, png] of built.charts.entries()) {
    // IHDR is the first chunk: signature, length, "IHDR", then width and height.
    const whole = png.subarray(0, 8).equals(PNG_SIGNATURE) && png.subarray(12, 16).toString("ascii") === "IHDR" && png.subarray(-8, -4).toString("ascii") === "IEND";
    if (!whole || png.readUInt32BE(16) !== CHART_WIDTH * CHART_SCALE || png.readUInt32BE(20) !== CHART_HEIGHT * CHART_SCALE) {
      throw new Error(`chart ${i + 1} (${built.figures[i]?.f.department.key}) is not a whole ${CHART_WIDTH * CHART_SCALE}×${CHART_HEIGHT * CHART_SCALE} PNG`);
    }
  }
}

async function childDigest(url: string, run: number): Promise<void> {
  const organisation = parseOrganisation(organisationYaml(), "bench-organisation.yml");
  const db = await openDatabase({ kind: "postgres", url });
  try {
    const deps = digestDeps(db, organisation);
    const started = performance.now();
    const built = await buildDigests(deps);
    const totalMs = performance.now() - started;
    checkBuilt(built);

    const warmStarted = performance.now();
    checkBuilt(await buildDigests(deps));
    const warmMs = performance.now() - warmStarted;

    const spikeFigures = built.figures.find(({ f }) => f.department.key === departmentKey(SPIKE_TOPIC))?.f;
    const report: DigestRun = {
      run,
      totalMs,
      ...built.timings,
      warmMs,
      charts: built.charts.length,
      chartBytes: built.charts.reduce((sum, png) => sum + png.length, 0),
      rss: process.resourceUsage().maxRSS * 1024,
      summary: {
        departments: built.figures.length,
        weekTotal: built.figures.reduce((sum, { f }) => sum + f.count, 0),
        spiking: built.figures.filter(({ f }) => f.spike).map(({ f }) => f.department.key),
        spikeThemes: spikeFigures?.themes ?? [],
        withIdeas: built.figures.filter(({ f }) => f.ideas.length > 0).length,
        examples: built.figures.reduce((sum, { f }) => sum + f.examples.length, 0),
        messageBlocks: built.messages.reduce((sum, m) => sum + m.blocks.length, 0) + built.companyMessage.blocks.length,
        companyTotal: built.company.total,
        unassigned: built.company.unassigned,
      },
    };
    writeChildReport(report);
  } finally {
    await db.close();
  }
}

// ------------------------------------------------------------------------ query plans

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Total Time"?: number;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  "Workers Launched"?: number;
  Plans?: PlanNode[];
}

interface PlanSummary {
  query: string;
  scans: { node: string; relation: string; index?: string; rows: number; ms: number }[];
  seqScanOnComplaints: boolean;
  planningMs: number;
  executionMs: number;
  jitMs: number;
  hit: number;
  read: number;
  rootRows: number;
  /** The node that spent the most time itself (its children's time taken off). */
  hottest: { node: string; ms: number };
}

/** A `$queryRaw` that records each statement (with the name of the digest-figures.ts function that sent it) and runs it. */
function recordingDb(prisma: PrismaClient): { db: Pick<PrismaClient, "$queryRaw">; captured: { name: string; sql: Prisma.Sql }[] } {
  const captured: { name: string; sql: Prisma.Sql }[] = [];
  const queryRaw = (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
    const frame = (new Error().stack ?? "").split("\n").find((line) => line.includes("digest-figures"));
    const name = /at (?:async )?(?:Object\.)?([\w$]+) /.exec(frame ?? "")?.[1] ?? sql.sql.replace(/\s+/g, " ").slice(0, 40);
    captured.push({ name, sql });
    return prisma.$queryRaw(sql);
  };
  return { db: { $queryRaw: queryRaw } as unknown as Pick<PrismaClient, "$queryRaw">, captured };
}

function summarisePlan(query: string, explained: unknown): PlanSummary {
  const document = (typeof explained === "string" ? JSON.parse(explained) : explained) as {
    Plan: PlanNode;
    "Planning Time": number;
    "Execution Time": number;
    JIT?: { Timing?: { Total?: number } };
  }[];
  const top = document[0]!;
  const scans: PlanSummary["scans"] = [];
  let hottest = { node: "", ms: -1 };
  const total = (node: PlanNode) => (node["Actual Total Time"] ?? 0) * (node["Actual Loops"] ?? 1);
  const walk = (node: PlanNode) => {
    const self = total(node) - (node.Plans ?? []).reduce((sum, child) => sum + total(child), 0);
    if (self > hottest.ms) {
      const what = node["Index Name"] ?? node["Relation Name"] ?? (node as { "Function Name"?: string })["Function Name"];
      hottest = { node: `${node["Node Type"]}${what ? ` (${what})` : ""}, ${n((node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1))} rows`, ms: self };
    }
    // A bitmap heap scan names the table, its bitmap index scan underneath names the index.
    if (/Scan$/.test(node["Node Type"]) && (node["Relation Name"] || node["Index Name"])) {
      scans.push({
        node: node["Node Type"],
        relation: node["Relation Name"] ?? "",
        ...(node["Index Name"] ? { index: node["Index Name"] } : {}),
        rows: (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1),
        ms: (node["Actual Total Time"] ?? 0) * (node["Actual Loops"] ?? 1),
      });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(top.Plan);
  return {
    query,
    scans,
    seqScanOnComplaints: scans.some((s) => s.node === "Seq Scan" && s.relation === "complaints"),
    planningMs: top["Planning Time"],
    executionMs: top["Execution Time"],
    jitMs: top.JIT?.Timing?.Total ?? 0,
    hit: top.Plan["Shared Hit Blocks"] ?? 0,
    read: top.Plan["Shared Read Blocks"] ?? 0,
    rootRows: top.Plan["Actual Rows"] ?? 0,
    hottest,
  };
}

/** Bitmap index scans under a bitmap heap scan carry the index; show them as one line. */
function scansText(p: PlanSummary): string {
  return p.scans
    .filter((s) => s.relation !== "ideas" || p.query.startsWith("ideasFor"))
    .map((s) => `${s.node}${s.index ? ` using \`${s.index}\`` : ` on \`${s.relation}\``} (${n(s.rows)} rows, ${s.ms.toFixed(1)} ms)`)
    .join("; ");
}

async function explainDigests(db: Database, organisation: Organisation): Promise<{ plans: PlanSummary[] }> {
  const deps = digestDeps(db, organisation);
  const { db: recording, captured } = recordingDb(db.prisma);
  await buildDigests(deps, recording);
  // Which call sent what: each group's department queries in turn, then the company view's three.
  const plans: PlanSummary[] = [];
  const departmentsInGroups = groupsOf(await scheduledDepartments(deps), NOW).map((g) => g.departments.length);
  let group = 0;
  let seen = new Set<string>();
  const labelled = captured.map(({ name, sql }, i) => {
    const inCompany = i >= captured.length - 3;
    if (!inCompany && seen.has(name)) {
      group++;
      seen = new Set();
    }
    seen.add(name);
    return { label: inCompany ? `companyFigures: ${name === "companyFigures" ? "unassigned count" : name}` : `${name}`, group: inCompany ? -1 : group, sql };
  });
  for (const { label, group: g, sql } of labelled) {
    const rows = await db.prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`);
    const summary = summarisePlan(label, Object.values(rows[0]!)[0]);
    plans.push({ ...summary, query: g >= 0 ? `${label} (${departmentsInGroups[g] ?? "?"} departments)` : label });
  }
  return { plans };
}

// -------------------------------------------------------- the webhook (child process)

async function childServe(url: string): Promise<void> {
  const db = await openDatabase({ kind: "postgres", url });
  const logger = createLogger("silent");
  const app = createExpressApp();
  app.use(complaintsWebhookRouter({ prisma: db.prisma, logger }, SECRET));
  const server = await listen(app, 0, logger, "127.0.0.1");
  process.stdout.write(`BENCH-LISTENING ${server.port}\n`);
  await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
  await server.close(5000);
  await db.close();
  writeChildReport({ maxRss: process.resourceUsage().maxRSS * 1024 });
  process.exit(0);
}

interface IngestPhase {
  kind: "single" | "batch";
  batch: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Rows added, counted once the server is idle before and after: includes requests still in flight when the phase ended. */
  rows: number;
  /** Complaints the server answered as stored within the phase. */
  stored: number;
  storedPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function webhookBodies(pool: Pool) {
  const rnd = random(settings.seed + 3);
  const run = randomBytes(4).toString("hex");
  let next = 0;
  const channels = ["phone", "chat", "email", "social", "store", "other"];
  const one = () => {
    const d = Math.floor(rnd() * (settings.departments + 2));
    const range = pool.ranges[Math.min(d, settings.departments)]!;
    const p = pool.texts[range.offset + Math.floor(rnd() * range.count)]!;
    const credit = rnd() < 0.1 ? { amount: Math.round((20 + rnd() * 480) * 100) / 100, currency: rnd() < 0.15 ? "USD" : "ILS" } : undefined;
    return {
      id: `wh-${run}-${next++}`,
      text: p.text,
      received_at: new Date().toISOString(),
      channel: channels[Math.floor(rnd() * channels.length)],
      ...(p.category ? { category: p.category } : {}),
      // Half name their department; the others are attributed by the departments' rules.
      ...(d < settings.departments && rnd() < 0.5 ? { department: departmentKey(d) } : {}),
      customer: customerReference(Math.floor(CUSTOMERS * rnd() ** 2)),
      outcomes: { returned: rnd() < 0.08, ...(credit ? { credit } : {}), legal_threat: p.legal, churn_threat: p.churn, retained: false, reopened: false },
    };
  };
  return (batch: number) => {
    const body = JSON.stringify(batch === 1 ? one() : { complaints: Array.from({ length: batch }, one) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return {
      body,
      headers: {
        "content-type": "application/json",
        "x-complaints-timestamp": timestamp,
        "x-complaints-signature": complaintsSignature(SECRET, timestamp, body),
      },
    };
  };
}

/** The number of complaints once it has stopped changing (requests abandoned by autocannon at the end of a phase still finish). */
async function settledCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = async () => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM complaints`)).rows[0]!.n);
    let last = await count();
    for (;;) {
      await sleep(1000);
      const now = await count();
      if (now === last) return now;
      last = now;
    }
  } finally {
    await client.end();
  }
}

async function cannon(port: number, next: (batch: number) => { body: string; headers: Record<string, string> }, batch: number, seconds: number) {
  let reportedStored = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${COMPLAINTS_PATH}`,
    connections: settings.connections,
    duration: seconds,
    timeout: 60,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({ ...request, method: "POST", path: COMPLAINTS_PATH, ...next(batch) }),
        onResponse: (status, body) => {
          if (status === 200) {
            try {
              reportedStored += (JSON.parse(body) as { stored: number }).stored;
            } catch {
              // counted as stored by the row count only
            }
          }
        },
      },
    ],
  });
  return { result, reportedStored };
}

async function ingest(url: string, pool: Pool): Promise<{ phases: IngestPhase[]; serverRss: number }> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join("bench", "complaints-digest.ts"), "--child", "serve", url], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`webhook server did not start within 60 s: ${err.slice(-2000)}`)), 60_000);
    proc.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const match = /BENCH-LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`webhook server exited with ${code}: ${err.slice(-2000)}`));
    });
  });
  const phases: IngestPhase[] = [];
  try {
    const next = webhookBodies(pool);
    for (const [kind, batch] of [["single", 1], ["batch", 100]] as const) {
      log(`webhook, ${kind === "single" ? "one complaint" : `batches of ${batch}`} per request: ${settings.warmupSeconds} s warm-up, ${settings.seconds} s measured`);
      await cannon(port, next, batch, settings.warmupSeconds);
      const before = await settledCount(url);
      const { result, reportedStored } = await cannon(port, next, batch, settings.seconds);
      const rows = (await settledCount(url)) - before;
      const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
      phases.push({
        kind,
        batch,
        seconds,
        requests: result.requests.total,
        requestsPerSecond: result.requests.total / seconds,
        rows,
        stored: reportedStored,
        storedPerSecond: reportedStored / seconds,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      });
    }
  } finally {
    proc.kill("SIGTERM");
  }
  await new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once("exit", () => resolve())));
  const line = out.split("\n").find((l) => l.startsWith("BENCH-REPORT "));
  return { phases, serverRss: line ? (JSON.parse(line.slice("BENCH-REPORT ".length)) as { maxRss: number }).maxRss : 0 };
}

// ----------------------------------------------------------------------- the parent

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Other heavy work on the machine (test runs, CI, other benches): waits up to BENCH_IDLE_WAIT_SECONDS for it to end. */
async function waitForIdle(): Promise<{ waitedSeconds: number; stillBusy: boolean }> {
  const busy = () => {
    try {
      // Other benches too, not this one's own processes.
      const found = execFileSync("pgrep", ["-af", "jest|\\.ci/run|bench/"], { encoding: "utf8" }).trim().split("\n");
      return found.filter((line) => line && !line.includes("complaints-digest") && !line.includes("pgrep")).join("\n");
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
  const name = `bench_complaints_${randomBytes(5).toString("hex")}`;
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
  settings: Record<string, string>;
  migrateMs: number;
  importMs: number;
  load: LoadFacts;
  runs: (DigestRun & { loadAverage: number; waitedSeconds: number })[];
  plans: PlanSummary[];
  ingest: { phases: IngestPhase[]; serverRss: number } | undefined;
  failures: string[];
  idle: { waitedSeconds: number; stillBusy: boolean };
  loadAvg: { start: number[]; end: number[] };
}

/** What the plans say beyond the table: where the time goes, JIT, the small tables read whole. */
function planNotes(plans: PlanSummary[]): string[] {
  const notes: string[] = [];
  const total = plans.reduce((sum, p) => sum + p.executionMs, 0);
  const slowest = [...plans].sort((a, b) => b.executionMs - a.executionMs)[0];
  if (slowest && total > 0) {
    notes.push(
      `- The slowest statement is ${slowest.query}: ${slowest.executionMs.toFixed(0)} ms of the ${total.toFixed(0)} ms all of them took one after another ` +
        `(${pct(slowest.executionMs, total)}); most of it in ${slowest.hottest.node} (${slowest.hottest.ms.toFixed(0)} ms itself).`,
    );
  }
  const jit = plans.filter((p) => p.jitMs > 0);
  if (jit.length) {
    notes.push(`- JIT compilation (PostgreSQL's \`jit = on\`) ran for ${jit.map((p) => `${p.query} (${p.jitMs.toFixed(0)} ms)`).join(", ")}.`);
  }
  const smallSeq = plans.flatMap((p) => p.scans.filter((x) => x.node === "Seq Scan" && x.relation !== "complaints").map((x) => x.relation));
  if (smallSeq.length) notes.push(`- Sequential scans only on small tables (${[...new Set(smallSeq)].join(", ")}: a few hundred rows, where the planner prefers them to an index).`);
  return notes;
}

function report(r: Results): { text: string; pass: boolean } {
  const lines: string[] = [
    `## Weekly complaint digests on ${n(r.load.rows)} complaints`,
    "",
    `Run ${r.started.toISOString()} with \`${commandLine("bench:complaints")}\`: every department's weekly digest and the company view built from ` +
      `${n(r.load.rows)} complaints in ${settings.departments} departments on PostgreSQL, their query plans, and the complaint webhook's ingest rate.`,
  ];
  const totals = r.runs.map((x) => x.totalMs);
  const pass = r.runs.length > 0 && median(totals) < settings.goalMs && r.failures.length === 0;
  if (r.runs.length > 0) {
    const row = (what: string, xs: number[], unit = (v: number) => `${s(v)} s`) => `| ${what} | ${xs.map(unit).join(" / ")} | ${unit(median(xs))} | ${unit(Math.max(...xs))} |`;
    lines.push(
      "",
      "### Digest week (15.11–21.11.2026, posted Sunday 22.11 09:00 Asia/Jerusalem)",
      "",
      `| step | runs (${r.runs.length}, each a fresh process) | median | max |`,
      "| --- | --- | ---: | ---: |",
      row(`**all ${settings.departments} digests with their charts + company view (the goal)**`, totals),
      ...r.runs[0]!.groups.map((g, gi) => row(`— departmentFigures, group of ${g.departments} departments (${DateTime.fromISO(g.occurrence, { zone: ZONE }).toFormat("HH:mm")})`, r.runs.map((x) => x.groups[gi]?.figuresMs ?? 0))),
      row("— scheduledDepartments", r.runs.map((x) => x.scheduledMs)),
      row(`— departmentDigestMessage × ${settings.departments}`, r.runs.map((x) => x.messagesMs)),
      row("— companyFigures + companyDigestMessage", r.runs.map((x) => x.companyMs)),
      row(`— the last of the ${settings.departments} charts (departmentChart, drawn meanwhile), after the company view`, r.runs.map((x) => x.chartsWaitMs)),
      row("the same again in the same process (warm pool and plans)", r.runs.map((x) => x.warmMs)),
      row("peak RSS", r.runs.map((x) => x.rss), (v) => `${mb(v)} MB`),
      row("machine's load average (1 min) as the run started", r.runs.map((x) => x.loadAverage), (v) => v.toFixed(2)),
      "",
      `- ${pass ? "PASS" : "FAIL"}: all departments' digests for one week with their charts in under ${s(settings.goalMs)} s — median ${s(median(totals))} s, max ${s(Math.max(...totals))} s` +
        ` (${r.runs.length} runs, each checked: ${settings.departments} digests and ${settings.departments} whole ${CHART_WIDTH * CHART_SCALE}×${CHART_HEIGHT * CHART_SCALE} PNG charts, ${n(median(r.runs.map((x) => x.chartBytes)) / 1024)} KB in all)`,
    );
    lines.push(
      "- Before (4b2ebfa, 22.11.2026, the same data): figures and messages 1.26 s median, and the 40 charts one after another 1.82 s on top " +
        "(vega-lite compiled and vega rendered every chart, resvg encoded its PNG on the event loop, and postDepartmentDigests drew each inside its transaction).",
    );
    const sm = r.runs[0]!.summary;
    lines.push(
      `- What was built: ${sm.departments} department digests (${n(sm.weekTotal)} complaints in the week, ${n(sm.examples)} examples, ${sm.withIdeas} with matching open ideas) ` +
        `and the company view (total ${n(sm.companyTotal)}, ${n(sm.unassigned)} unassigned waiting); ${n(sm.messageBlocks)} message blocks; ` +
        `volume spike flagged for: ${sm.spiking.join(", ") || "none"}; ${departmentKey(SPIKE_TOPIC)}'s themes: ${sm.spikeThemes.map((t) => `"${t.theme}" ${t.count}${t.spike ? " (spike)" : ""}`).join(", ")}.`,
      `- Each run is a fresh Node.js process (tsx, a new pg pool: its connections are opened during the run) against the same database; PostgreSQL's shared buffers ` +
        `and the OS page cache are warm from the load and earlier runs (not flushed), so "cold" is the process, not the disk.`,
    );
  }
  for (const f of r.failures) lines.push("", `- FAILED: ${f.split("\n")[0]}`);

  if (r.plans.length > 0) {
    const seq = r.plans.filter((p) => p.seqScanOnComplaints);
    lines.push(
      "",
      "### Query plans",
      "",
      "Each statement digest-figures.ts sent for the digest week (captured from the code, same SQL and parameters), run once more under " +
        "`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`, one at a time (the product runs the first six in parallel). Times are the nodes' actual times.",
      "",
      "| query | scans (index used) | result rows | execution | most time in | planning | JIT | buffers hit / read |",
      "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |",
      ...r.plans.map(
        (p) =>
          `| ${p.query} | ${scansText(p) || "—"} | ${n(p.rootRows)} | ${p.executionMs.toFixed(1)} ms | ${p.hottest.node}: ${p.hottest.ms.toFixed(1)} ms | ${p.planningMs.toFixed(1)} ms | ${p.jitMs ? `${p.jitMs.toFixed(0)} ms` : "—"} | ${n(p.hit)} / ${n(p.read)} |`,
      ),
      "",
      seq.length === 0
        ? "- No query reads the whole complaints table: every one goes through an index."
        : `- Sequential scan over the whole complaints table in: ${seq.map((p) => p.query).join(", ")}.`,
      ...planNotes(r.plans),
    );
  }

  if (r.ingest) {
    lines.push(
      "",
      "### Webhook ingest",
      "",
      `\`complaintsWebhookRouter\` on \`createExpressApp()\` in its own Node.js process (pg pool of 10), against the same database (already holding the million complaints), ` +
        `driven by autocannon from the parent process: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured per phase. ` +
        "Every request has a unique id and is signed at the moment it is sent (`X-Complaints-Timestamp`, `X-Complaints-Signature: v1=<HMAC-SHA256>`); texts from the same pool, " +
        `half with a department key and half attributed by the rules, customers from the same pool (so repeats are looked up against real history). ` +
        "Stored/s = complaints the server answered 200 `stored` for within the phase, per second; rows = complaints counted in the table before and after " +
        "(once the count stops changing), which adds the requests still in flight when the phase ended.",
      "",
      "| phase | requests/s | complaints stored/s | stored / rows added | latency p50 / p99 / max | non-2xx | errors / timeouts |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...r.ingest.phases.map(
        (p) =>
          `| ${p.kind === "single" ? "one complaint per request" : `batches of ${p.batch}`} | ${p.requestsPerSecond.toFixed(0)} | ${n(p.storedPerSecond)} | ` +
          `${n(p.stored)} / ${n(p.rows)} | ${p.p50} / ${p.p99} / ${p.max} ms | ${n(p.non2xx)} | ${p.errors} / ${p.timeouts} |`,
      ),
      "",
      `- Webhook server's peak RSS: ${mb(r.ingest.serverRss)} MB. The load generator, the server and PostgreSQL share the machine's ${os.cpus().length} cores.`,
    );
  }

  const l = r.load;
  lines.push(
    "",
    "### Dataset",
    "",
    `- ${n(l.rows)} complaints received ${l.first} to ${l.last} (${DAYS} days before the digest moment), in ${settings.departments} departments of ${n(l.sizes[0])} to ${n(l.sizes[1])} complaints ` +
      `(Zipf-like sizes), ${n(l.unassigned)} (${pct(l.unassigned, l.rows)}) unassigned; fewer on Friday and Saturday, a yearly wave and 50% growth over the two years.`,
    `- The digest week: ${n(l.digestWeek.total)} complaints; ${l.digestWeek.spikeDepartment} ${n(l.digestWeek.spikeCount)} against ${n(l.digestWeek.spikeUsual)} a week in the 8 weeks before ` +
      `(two thirds of them say the app crashes at checkout).`,
    `- Texts: a pool of ${n(l.poolTexts)} generated from phrase fragments (${pct(l.hebrewTexts, l.poolTexts)} Hebrew, the rest English; some with a phone number or an invoice number), ` +
      `terms and themes computed with the product's \`searchTermsOf\` and \`themesOf\`; each complaint picks one of its department's texts.`,
    `- Outcomes: ${pct(l.returned, l.rows)} returned; credits ${l.credits.map((c) => `${c.currency} ${n(c.count)}`).join(", ")}; ${pct(l.legal, l.rows)} legal threats, ` +
      `${pct(l.churn, l.rows)} churn threats, ${n(l.retained)} retained. Customers: ${pct(l.withCustomer, l.rows)} with a customer hash (HMAC as the webhook computes it), ` +
      `${n(l.distinctCustomers)} distinct of a skewed pool of ${n(CUSTOMERS)}; ${n(l.repeats)} (${pct(l.repeats, l.rows)}) linked as repeats (\`repeat_of_id\`). ${l.ideas} ideas (60% open).`,
    `- Organisation: ${settings.departments} departments with one Hebrew and one English keyword each, ${settings.departments * 2} employees, imported with \`importOrganisation\` ` +
      `(${s(r.importMs)} s); ${EARLY_DEPARTMENTS} departments post at 08:00, the rest at 09:00 (two groups, as the product reads them).`,
    `- Load: ${s(l.totalMs)} s in all — text pool ${s(l.poolMs)} s, ${n(CUSTOMERS)} customer hashes ${s(l.customersMs)} s, one \`INSERT … SELECT\` from \`generate_series\` ${s(l.insertMs)} s, ` +
      `repeat links ${s(l.repeatsMs)} s, \`VACUUM (ANALYZE)\` ${s(l.vacuumMs)} s (migrations ${s(r.migrateMs)} s before). Table ${mb(l.tableBytes)} MB, its indexes ${mb(l.indexBytes)} MB; ` +
      `rows in time order as they would arrive (received_at's correlation with the physical order ${l.correlation.toFixed(2)}).`,
    "",
    "### Machine",
    "",
    ...machineLines(),
    `- ${r.serverVersion.split(" on ")[0]} at ${new URL(settings.pgUrl).host}, same machine; ${Object.entries(r.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
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
  const onSignal = () => {
    void scratch.drop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let db: Database | undefined;
  try {
    log(`scratch database ${new URL(scratch.url).pathname.slice(1)}; ${n(settings.complaints)} complaints, ${settings.departments} departments`);
    db = await openDatabase({ kind: "postgres", url: scratch.url });
    let t = performance.now();
    await migrate(db.raw);
    const migrateMs = performance.now() - t;
    const yaml = organisationYaml();
    const organisation = parseOrganisation(yaml, "bench-organisation.yml");
    t = performance.now();
    await importOrganisation(db.prisma, organisation, { name: "bench", checksum: createHash("sha256").update(yaml).digest("hex") });
    const importMs = performance.now() - t;
    const departmentIds = new Map((await db.prisma.department.findMany({ select: { id: true, key: true } })).map((d) => [d.key, d.id]));
    const serverVersion = (await db.raw.query<{ v: string }>("SELECT version() AS v"))[0]?.v ?? "unknown";
    const pgSettings = Object.fromEntries(
      (await db.raw.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost')`,
      )).map((x) => [x.name, x.unit === "8kB" ? `${(Number(x.setting) * 8) / 1024} MB` : x.unit === "kB" ? `${Number(x.setting) / 1024} MB` : x.setting]),
    );

    const pool = textPool();
    log("loading complaints");
    const loaded = await load(scratch.url, departmentIds, pool);
    loaded.ideas = await seedIdeas(db, departmentIds);
    await db.raw.query("ANALYZE ideas");
    log(`loaded ${n(loaded.rows)} complaints in ${s(loaded.totalMs)} s (insert ${s(loaded.insertMs)} s); ${mb(loaded.tableBytes)} MB + ${mb(loaded.indexBytes)} MB of indexes`);

    const runs: Results["runs"] = [];
    for (let run = 1; run <= settings.runs; run++) {
      try {
        // The machine is shared: each run waits for other test runs to end, as the first did.
        const { waitedSeconds } = await waitForIdle();
        const loadAverage = os.loadavg()[0]!;
        const r = await runChildProcess<DigestRun>({
          nodeArgs: [],
          script: path.join("bench", "complaints-digest.ts"),
          args: ["digest", scratch.url, String(run)],
          timeoutSeconds: settings.timeoutSeconds,
          what: `digest run ${run}:`,
        });
        log(`digest run ${run}: ${s(r.totalMs)} s with ${r.charts} charts (warm ${s(r.warmMs)} s), peak RSS ${mb(r.rss)} MB, load average ${loadAverage.toFixed(2)} at its start`);
        runs.push({ ...r, loadAverage, waitedSeconds });
      } catch (error) {
        failures.push((error as Error).message);
        log((error as Error).message);
      }
    }

    log("query plans");
    let plans: PlanSummary[] = [];
    try {
      ({ plans } = await explainDigests(db, organisation));
    } catch (error) {
      failures.push(`query plans: ${(error as Error).message}`);
      log((error as Error).stack ?? String(error));
    }

    let ingested: Results["ingest"];
    try {
      ingested = await ingest(scratch.url, pool);
      for (const p of ingested.phases) log(`webhook ${p.kind}: ${p.requestsPerSecond.toFixed(0)} requests/s, ${n(p.storedPerSecond)} complaints/s, p99 ${p.p99} ms, non-2xx ${p.non2xx}`);
    } catch (error) {
      failures.push(`webhook ingest: ${(error as Error).message}`);
      log((error as Error).message);
    }

    const { text, pass } = report({
      started,
      serverVersion,
      settings: pgSettings,
      migrateMs,
      importMs,
      load: loaded,
      runs,
      plans,
      ingest: ingested,
      failures,
      idle,
      loadAvg: { start: loadStart, end: os.loadavg() },
    });
    console.log(`\n${text}\n`);
    const standard =
      settings.complaints === STANDARD.complaints &&
      settings.departments === STANDARD.departments &&
      settings.runs === STANDARD.runs &&
      settings.seconds === STANDARD.seconds &&
      !process.env.BENCH_SEED &&
      runs.length > 0;
    if (standard) {
      writeResultsSection(path.join(ROOT, "bench", "RESULTS.md"), "complaints", text);
      log("wrote the complaints section of bench/RESULTS.md");
    } else log("bench/RESULTS.md not updated: not the standard size or seed, or no digest run finished");
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

runBench(module, main, ([kind, url, run]) => (kind === "serve" ? childServe(url!) : childDigest(url!, Number(run))));

