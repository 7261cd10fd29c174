/**
 * `npm run bench:rotation-store`: the support-line rotation as the product runs it, with the
 * database: importing a generated organisation of 5,000 people in 30 departments, the first
 * `publishRotation` on an empty rotation (plan the horizon, insert every shift, publish two
 * weeks, enqueue the messages), a `replan` with nothing changed, and an absence for 50 people
 * followed by a `replan`. On PostgreSQL and on PGlite. See bench/README.md.
 *
 * Each (database, weeks ahead) pair runs in a fresh child process (this file with `--child`),
 * so that its peak RSS is its own. The parent waits until the machine is idle, runs the
 * children one after another, and writes its section of bench/RESULTS.md.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { parseOrganisation, organisationChecksum } from "../src/config/organisation";
import { importOrganisation, type ImportSummary } from "../src/services/organisation-import";
import { PLANNING_TX, replan, type ReplanResult } from "../src/services/rotation/rotation-plan";
import { publishRotation, type PublishResult } from "../src/services/rotation/rotation-publish";
import { migratedDatabase, type DatabaseKind, type TestDatabase } from "../test/helpers/databases";
import { testServiceDeps } from "../test/helpers/service-deps";
import { log, numberEnv, runBench, runChildProcess, writeChildReport } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";
import { dateAt, FIRST_DATE, fteMix, HOURS_PER_DAY, RULES, SHARE, syntheticOrganisation, TEMPLATE_TIMES, WORK_WEEK } from "./synthetic-organisation";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test";

function listEnv(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const KINDS: DatabaseKind[] = ["postgres", "pglite"];
const STANDARD = { people: 5000, departments: 30, weeks: [4, 13], absent: 50, seed: 20270103 };

const settings = {
  people: numberEnv("BENCH_PEOPLE", STANDARD.people),
  departments: numberEnv("BENCH_DEPARTMENTS", STANDARD.departments),
  weeks: listEnv("BENCH_WEEKS", STANDARD.weeks.join(",")).map(Number),
  absent: numberEnv("BENCH_ABSENT", STANDARD.absent),
  seed: numberEnv("BENCH_SEED", STANDARD.seed),
  databases: listEnv("BENCH_DATABASES", KINDS.join(",")) as DatabaseKind[],
  timeoutSeconds: numberEnv("BENCH_TIMEOUT_SECONDS", 900),
  idleWaitSeconds: numberEnv("BENCH_IDLE_WAIT_SECONDS", 900),
  pgUrl: process.env.TEST_DATABASE_URL ?? process.env.BENCH_PG_URL ?? DEFAULT_PG_URL,
};
for (const kind of settings.databases) {
  if (!KINDS.includes(kind)) throw new Error(`BENCH_DATABASES: unknown database "${kind}" (known: ${KINDS.join(", ")})`);
}
for (const weeks of settings.weeks) {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) throw new Error(`BENCH_WEEKS: expected whole numbers of weeks from 1 to 52, got "${weeks}"`);
}

// ------------------------------------------------------------------- the organisation

const ZONE = "Asia/Jerusalem";
/** 06:00 on FIRST_DATE in Jerusalem (UTC+2 in January): before the day's first shift. */
const NOW = new Date("2027-01-03T04:00:00Z");
const PUBLISH_DAYS_AHEAD = 7;
/** The absence of step 4: from the third to the ninth day of the horizon, all of it published. */
const ABSENCE_FROM_DAY = 2;
const ABSENCE_TO_DAY = 8;

interface GeneratedPerson {
  index: number;
  email: string;
  department: number;
  fte: number;
  startDate?: string;
  absences: { from: string; to: string }[];
  languages: string[];
  skills: string[];
}

interface OrganisationFacts {
  weeks: number;
  people: number;
  departments: number;
  departmentSizes: [number, number];
  fte: Record<string, number>;
  newHires: number;
  withAbsence: number;
  absences: number;
  longAbsences: number;
  workDays: number;
  targetHours: number;
  seatsPerDay: number;
  seats: Record<string, number>;
  seatHours: number;
  yamlBytes: number;
}

/**
 * The synthetic organisation of bench/synthetic-organisation.ts (the same as
 * bench/rotation-plan.ts's, without public holidays) written as an organisation file, with its
 * absences (which live in the database, not in the file) alongside.
 */
export function makeOrganisation(weeks: number): { yaml: string; people: GeneratedPerson[]; facts: OrganisationFacts } {
  const org = syntheticOrganisation({ seed: settings.seed, people: settings.people, departments: settings.departments, weeks, holidays: false });
  const people: GeneratedPerson[] = org.people.map((p, i) => ({
    index: i,
    email: `p${String(i + 1).padStart(5, "0")}@bench.example`,
    department: p.departmentId,
    fte: p.fte,
    ...(p.startDate ? { startDate: p.startDate } : {}),
    absences: p.absences,
    languages: p.languages,
    skills: p.skills,
  }));

  const department = (d: number) => `d${String(d).padStart(2, "0")}`;
  const firstOf = new Map<number, GeneratedPerson>();
  for (const p of people) if (!firstOf.has(p.department)) firstOf.set(p.department, p);
  const lines = [
    "company:",
    "  name: Bench Ltd",
    `  timezone: ${ZONE}`,
    "  locale: en",
    `  work_week: [${WORK_WEEK.join(", ")}]`,
    "channels:",
    "  management:",
    "    slack: C0MANAGEMENT",
    "departments:",
  ];
  for (let d = 1; d <= settings.departments; d++) {
    const manager = firstOf.get(d);
    lines.push(
      `  - key: ${department(d)}`,
      `    name: Department ${d}`,
      `    slack_channel: C0DEPT${String(d).padStart(2, "0")}`,
      `    managers: [${manager ? manager.email : ""}]`,
    );
  }
  lines.push("employees:");
  for (const p of people) {
    lines.push(
      `  - email: ${p.email}`,
      `    name: Person ${p.index + 1}`,
      `    department: ${department(p.department)}`,
      `    slack_id: U0B${String(p.index + 1).padStart(6, "0")}`,
      `    fte: ${p.fte}`,
      ...(p.startDate ? [`    start_date: ${p.startDate}`] : []),
      `    languages: [${p.languages.join(", ")}]`,
      ...(p.skills.length ? [`    skills: [${p.skills.join(", ")}]`] : []),
    );
  }
  lines.push(
    "support_line:",
    `  share: ${SHARE}`,
    `  weeks_ahead: ${weeks}`,
    `  publish_days_ahead: ${PUBLISH_DAYS_AHEAD}`,
    `  department_cap: ${RULES.departmentCap}`,
    `  max_shifts_per_week: ${RULES.maxShiftsPerWeek}`,
    "  public_holidays: false",
    "  channel:",
    "    slack: C0SUPPORTLINE",
    "  shifts:",
    ...TEMPLATE_TIMES.flatMap((t) => [`    - key: ${t.id}`, `      name: ${t.name}`, `      start: "${t.start}"`, `      end: "${t.end}"`, `      seats: ${org.facts.seats[t.id]}`]),
  );
  const yaml = `${lines.join("\n")}\n`;
  const f = org.facts;
  return {
    yaml,
    people,
    facts: {
      weeks,
      people: people.length,
      departments: settings.departments,
      departmentSizes: f.departmentSizes,
      fte: f.fte,
      newHires: f.newHires,
      withAbsence: f.withAbsence,
      absences: people.reduce((n, p) => n + p.absences.length, 0),
      longAbsences: f.longAbsences,
      workDays: f.workDays,
      targetHours: f.targetHours,
      seatsPerDay: f.seatsPerDay,
      seats: f.seats,
      seatHours: f.seatHours,
      yamlBytes: Buffer.byteLength(yaml),
    },
  };
}

// ------------------------------------------------------------------------ the child

/** SQL statements sent to the database (BEGIN and COMMIT included), counted below the drivers. */
let statements = 0;
function countStatements(): void {
  const pgQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  // PGlite runs every query and exec (including BEGIN and COMMIT) through this one method.
  const proto = PGlite.prototype as unknown as { _runExclusiveQuery: (...a: unknown[]) => unknown };
  const pgliteQuery = proto._runExclusiveQuery;
  proto._runExclusiveQuery = function (this: unknown, ...args: unknown[]) {
    statements++;
    return pgliteQuery.apply(this, args);
  };
}

const TABLES = ["shifts", "outbox_messages", "shift_templates", "absences", "employees", "departments"] as const;
type Table = (typeof TABLES)[number];
type Writes = Record<Table, { ins: number; upd: number; del: number }>;

/**
 * Rows inserted, updated and deleted per table, from PostgreSQL's statistics. PostgreSQL
 * backends report them within seconds of going idle (PGlite's one backend on demand), so the
 * reading waits for them.
 */
async function tableWrites(db: TestDatabase): Promise<Writes> {
  if (db.kind === "pglite") await db.raw.query("SELECT pg_stat_force_next_flush()");
  else await new Promise((resolve) => setTimeout(resolve, 11_000));
  await db.raw.query("SELECT pg_stat_clear_snapshot()");
  const rows = await db.raw.query<{ relname: string; ins: string | number; upd: string | number; del: string | number }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables WHERE relname = ANY($1)`,
    [[...TABLES]],
  );
  const writes = Object.fromEntries(TABLES.map((t) => [t, { ins: 0, upd: 0, del: 0 }])) as Writes;
  for (const r of rows) writes[r.relname as Table] = { ins: Number(r.ins), upd: Number(r.upd), del: Number(r.del) };
  return writes;
}

function writesBetween(before: Writes, after: Writes): Writes {
  return Object.fromEntries(
    TABLES.map((t) => [t, { ins: after[t].ins - before[t].ins, upd: after[t].upd - before[t].upd, del: after[t].del - before[t].del }]),
  ) as Writes;
}

/** Outbox rows by what they are, from their dedupe keys. */
async function outboxByKind(db: TestDatabase, afterId: number): Promise<Record<string, number>> {
  const rows = await db.prisma.outboxMessage.findMany({ where: { id: { gt: afterId } }, select: { dedupeKey: true } });
  const kinds: Record<string, number> = {};
  for (const { dedupeKey } of rows) {
    const kind = /:person:/.test(dedupeKey)
      ? "published DM"
      : /:department:/.test(dedupeKey)
        ? "department post"
        : /:unfilled$/.test(dedupeKey)
          ? "unfilled post"
          : /:from:/.test(dedupeKey)
            ? "notice to who lost a shift"
            : /:to:/.test(dedupeKey)
              ? "notice to who took a shift"
              : /:open$/.test(dedupeKey)
                ? "open-seat post"
                : "other";
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

async function lastOutboxId(db: TestDatabase): Promise<number> {
  return (await db.prisma.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
}

interface StepMeasure {
  ms: number;
  /** CPU time of this Node.js process during the step (user + system), ms. */
  cpuMs: number;
  statements: number;
  writes: Writes;
  outbox: Record<string, number>;
  /** Process RSS high-water mark right after the step, bytes. */
  maxRss: number;
}

async function measure<T>(db: TestDatabase, work: () => Promise<T>): Promise<{ result: T; step: StepMeasure }> {
  const writesBefore = await tableWrites(db);
  const outboxBefore = await lastOutboxId(db);
  const statementsBefore = statements;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const stepStatements = statements - statementsBefore;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return {
    result,
    step: {
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      statements: stepStatements,
      writes: writesBetween(writesBefore, await tableWrites(db)),
      outbox: await outboxByKind(db, outboxBefore),
      maxRss,
    },
  };
}

interface ChildReport {
  kind: DatabaseKind;
  weeks: number;
  serverVersion: string;
  facts: OrganisationFacts;
  parseMs: number;
  migrateMs: number;
  import: StepMeasure & { summary: ImportSummary };
  absencesMs: number;
  publish: StepMeasure & { result: PublishResult; shifts: number; published: number; planned: number; unassigned: number };
  noop: StepMeasure & { result: Omit<ReplanResult, "changes" | "unfilled"> & { changes: number; unfilled: number } };
  absence: StepMeasure & {
    people: number;
    from: string;
    to: string;
    touchedPublished: number;
    result: Omit<ReplanResult, "changes" | "unfilled"> & { changes: number; cancelled: number; toNobody: number; unfilled: number };
    stillWithAbsentees: number;
  };
  maxRss: number;
  heapUsed: number;
}

function summariseReplan(r: ReplanResult) {
  return {
    kind: r.kind,
    created: r.created,
    removed: r.removed,
    changes: r.changes.length,
    cancelled: r.changes.filter((c) => c.cancelled).length,
    toNobody: r.changes.filter((c) => !c.cancelled && c.to === null).length,
    unfilled: r.unfilled.length,
  };
}

async function child(kind: DatabaseKind, weeks: number): Promise<void> {
  countStatements();
  const org = makeOrganisation(weeks);
  let t = performance.now();
  const organisation = parseOrganisation(org.yaml, "bench-organisation.yml");
  const parseMs = performance.now() - t;

  t = performance.now();
  const db = await migratedDatabase(kind);
  const migrateMs = performance.now() - t;
  try {
    const serverVersion = (await db.raw.query<{ v: string }>("SELECT version() AS v"))[0]?.v ?? "unknown";
    const deps = testServiceDeps(db.prisma, organisation);

    // (1) The organisation file into the database.
    const imported = await measure(db, () => importOrganisation(db.prisma, organisation, { name: "bench", checksum: organisationChecksum(org.yaml) }));

    // The generated absences (recorded before the rotation exists; not timed as a step).
    t = performance.now();
    const ids = new Map((await db.prisma.employee.findMany({ select: { id: true, email: true } })).map((e) => [e.email, e.id]));
    await db.prisma.absence.createMany({
      data: org.people.flatMap((p) =>
        p.absences.map((a) => ({ employeeId: ids.get(p.email)!, startsOn: new Date(`${a.from}T00:00:00Z`), endsOn: new Date(`${a.to}T00:00:00Z`) })),
      ),
    });
    const absencesMs = performance.now() - t;

    // (2) The first publication: the whole horizon planned and inserted, two weeks published.
    const published = await measure(db, () => publishRotation(deps, { until: "due", now: NOW }));
    const byStatus = await db.prisma.shift.groupBy({ by: ["status"], _count: { _all: true } });
    const count = (status: string) => byStatus.find((s) => s.status === status)?._count._all ?? 0;

    // (3) Nothing changed: planning again should write nothing.
    const noop = await measure(db, () => replan(deps, new Date(NOW.getTime() + 10 * 60_000)));

    // (4) An absence for people holding published shifts, then planning again.
    const from = dateAt(ABSENCE_FROM_DAY);
    const to = dateAt(ABSENCE_TO_DAY);
    const window = { gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${dateAt(ABSENCE_TO_DAY + 1)}T00:00:00Z`) };
    const holders = await db.prisma.shift.findMany({
      where: { status: "PUBLISHED", employeeId: { not: null }, startsAt: window },
      select: { employeeId: true },
      orderBy: [{ startsAt: "asc" }, { seat: "asc" }],
    });
    const absentees = [...new Set(holders.map((h) => h.employeeId!))].slice(0, settings.absent);
    const touchedPublished = holders.filter((h) => absentees.includes(h.employeeId!)).length;
    const absence = await measure(db, async () => {
      await db.prisma.absence.createMany({
        data: absentees.map((employeeId) => ({ employeeId, startsOn: new Date(`${from}T00:00:00Z`), endsOn: new Date(`${to}T00:00:00Z`), reason: "bench" })),
      });
      return replan(deps, new Date(NOW.getTime() + 20 * 60_000));
    });
    const stillWithAbsentees = await db.prisma.shift.count({ where: { status: "PUBLISHED", employeeId: { in: absentees }, startsAt: window } });

    const report: ChildReport = {
      kind,
      weeks,
      serverVersion,
      facts: org.facts,
      parseMs,
      migrateMs,
      import: { ...imported.step, summary: imported.result },
      absencesMs,
      publish: { ...published.step, result: published.result, shifts: byStatus.reduce((n, s) => n + s._count._all, 0), published: count("PUBLISHED"), planned: count("PLANNED"), unassigned: await db.prisma.shift.count({ where: { employeeId: null } }) },
      noop: { ...noop.step, result: summariseReplan(noop.result) },
      absence: {
        ...absence.step,
        people: absentees.length,
        from,
        to,
        touchedPublished,
        result: summariseReplan(absence.result),
        stillWithAbsentees,
      },
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: process.memoryUsage().heapUsed,
    };
    writeChildReport(report);
  } finally {
    await db.close();
  }
}

// ----------------------------------------------------------------------- the parent

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Other heavy work on the machine (test runs, CI): its processes, or nothing. */
function heavyProcesses(): string {
  try {
    return execFileSync("pgrep", ["-af", "jest|\\.ci/run"], { encoding: "utf8" }).trim();
  } catch {
    return ""; // pgrep exits 1 when nothing matches
  }
}

/** Waits (polling every 20 s) until no test run or CI job runs, at most BENCH_IDLE_WAIT_SECONDS. */
async function waitForIdle(): Promise<{ waitedSeconds: number; stillBusy: boolean }> {
  const started = Date.now();
  for (;;) {
    const busy = heavyProcesses();
    const waited = (Date.now() - started) / 1000;
    if (!busy) return { waitedSeconds: waited, stillBusy: false };
    if (waited >= settings.idleWaitSeconds) {
      log(`still busy after ${waited.toFixed(0)} s; measuring anyway`);
      return { waitedSeconds: waited, stillBusy: true };
    }
    log(`waiting for other work to finish: ${busy.split("\n").length} process(es), e.g. ${busy.split("\n")[0]!.slice(0, 120)}`);
    await sleep(20_000);
  }
}

function runChild(kind: DatabaseKind, weeks: number): Promise<ChildReport> {
  const profileDir = process.env.BENCH_PROFILE;
  return runChildProcess<ChildReport>({
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=rotation-store-${kind}-${weeks}w.cpuprofile`] : [],
    script: path.join("bench", "rotation-store.ts"),
    args: [kind, String(weeks)],
    env: { ...process.env, TEST_DATABASE_URL: settings.pgUrl },
    timeoutSeconds: settings.timeoutSeconds,
    what: `${kind}, ${weeks} weeks:`,
  });
}

const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const n = (x: number) => x.toLocaleString("en-US");
const LABEL: Record<DatabaseKind, string> = { postgres: "PostgreSQL", pglite: "PGlite" };

function writesText(w: Writes, tables: Table[] = ["shifts", "outbox_messages", "shift_templates", "absences"]): string {
  const parts = tables
    .filter((t) => w[t].ins || w[t].upd || w[t].del)
    .map((t) => `${t} ${[w[t].ins ? `+${n(w[t].ins)}` : "", w[t].upd ? `~${n(w[t].upd)}` : "", w[t].del ? `−${n(w[t].del)}` : ""].filter(Boolean).join(" ")}`);
  return parts.join(", ") || "none";
}

function outboxText(o: Record<string, number>): string {
  const total = Object.values(o).reduce((a, b) => a + b, 0);
  if (!total) return "0";
  return `${n(total)} (${Object.entries(o)
    .map(([k, v]) => `${n(v)} ${k}`)
    .join(", ")})`;
}

interface Check {
  goal: string;
  pass: boolean;
  value: string;
}

function checks(r: ChildReport): Check[] {
  const who = `${LABEL[r.kind]}, ${r.weeks} weeks`;
  const noopShiftWrites = r.noop.writes.shifts.ins + r.noop.writes.shifts.upd + r.noop.writes.shifts.del;
  const noopOutbox = Object.values(r.noop.outbox).reduce((a, b) => a + b, 0);
  return [
    {
      goal: `${who}: the first publication's transaction within Prisma's limit (PLANNING_TX timeout ${PLANNING_TX.timeout / 1000} s)`,
      pass: r.publish.ms < PLANNING_TX.timeout,
      value: `${s(r.publish.ms)} s, ${((100 * r.publish.ms) / PLANNING_TX.timeout).toFixed(0)}% of the limit`,
    },
    {
      goal: `${who}: planning again with nothing changed writes no shift and no message`,
      pass: noopShiftWrites === 0 && noopOutbox === 0 && r.noop.result.created === 0 && r.noop.result.removed === 0 && r.noop.result.changes === 0,
      value: `shifts ${writesText(r.noop.writes, ["shifts"])}, outbox ${noopOutbox}; created ${r.noop.result.created}, removed ${r.noop.result.removed}, changes ${r.noop.result.changes}`,
    },
    {
      goal: `${who}: after the absence, no absentee holds a published shift in it, and the people told are those whose shifts moved`,
      pass: r.absence.stillWithAbsentees === 0 && r.absence.result.changes === r.absence.touchedPublished,
      value: `${r.absence.stillWithAbsentees} still held; ${r.absence.result.changes} published shifts changed of ${r.absence.touchedPublished} held by the ${r.absence.people} absentees`,
    },
  ];
}

function report(
  results: ChildReport[],
  failures: string[],
  started: Date,
  load: { start: number[]; end: number[] },
  idle: { waitedSeconds: number; stillBusy: boolean },
  allChecks: Check[],
): string {
  const lines: string[] = [
    "## Rotation with the database",
    "",
    `Run ${started.toISOString()} with \`${commandLine("bench:rotation-store")}\`: the rotation's use cases (src/services/rotation/) on a generated organisation file of ` +
      `${n(settings.people)} people in ${settings.departments} departments, imported into an empty database, one fresh child process per database and horizon.`,
    "",
    "| database, weeks ahead | import | first publish (`until: \"due\"`) | shifts inserted / published | outbox rows | replan, nothing changed | absence for 50 + replan | published shifts reassigned | peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const outbox = Object.values(r.publish.outbox).reduce((a, b) => a + b, 0);
    lines.push(
      `| ${LABEL[r.kind]}, ${r.weeks} | ${s(r.import.ms)} s | ${s(r.publish.ms)} s | ${n(r.publish.writes.shifts.ins)} / ${n(r.publish.result.count)} | ${n(outbox)} | ` +
        `${s(r.noop.ms)} s | ${s(r.absence.ms)} s | ${n(r.absence.result.changes)} | ${mb(r.maxRss)} MB |`,
    );
  }
  for (const f of failures) lines.push("", `- FAILED: ${f.split("\n")[0]}`);

  lines.push("", "### Checks", "", ...allChecks.map((c) => `- ${c.pass ? "PASS" : "FAIL"}: ${c.goal} — ${c.value}`));

  lines.push("", "### Details", "");
  for (const r of results) {
    const f = r.facts;
    lines.push(
      `- **${LABEL[r.kind]}, ${r.weeks} weeks ahead** (${r.facts.seatsPerDay} seats a day: ${Object.entries(f.seats).map(([k, v]) => `${k} ${v}`).join(", ")}; ${f.workDays} working days)`,
      `  - parse the organisation file (${(f.yamlBytes / 1024).toFixed(0)} KB): ${s(r.parseMs)} s (not in the import time); migrate the empty database: ${s(r.migrateMs)} s`,
      `  - import: ${s(r.import.ms)} s wall, ${s(r.import.cpuMs)} s Node.js CPU, ${n(r.import.statements)} SQL statements; ` +
        `${r.import.summary.departments.created} departments and ${n(r.import.summary.employees.created)} employees created; ` +
        `rows: ${writesText(r.import.writes, ["employees", "departments"])}; then ${n(f.absences)} generated absences inserted in ${s(r.absencesMs)} s`,
      `  - first publish: ${s(r.publish.ms)} s wall, ${s(r.publish.cpuMs)} s Node.js CPU, ${n(r.publish.statements)} SQL statements; rows: ${writesText(r.publish.writes)}; ` +
        `${n(r.publish.shifts)} shifts stored (${n(r.publish.published)} published up to ${r.publish.result.until}, ${n(r.publish.planned)} planned, ${n(r.publish.unassigned)} without a person); ` +
        `${r.publish.result.unfilled} unfilled seats announced; outbox ${outboxText(r.publish.outbox)}`,
      `  - replan, nothing changed: ${s(r.noop.ms)} s wall, ${s(r.noop.cpuMs)} s Node.js CPU, ${n(r.noop.statements)} SQL statements; rows: ${writesText(r.noop.writes)}; ` +
        `created ${r.noop.result.created}, removed ${r.noop.result.removed}, changes ${r.noop.result.changes}; outbox ${outboxText(r.noop.outbox)}`,
      `  - absence ${r.absence.from} to ${r.absence.to} for ${r.absence.people} people holding ${r.absence.touchedPublished} published shifts in it, then replan: ` +
        `${s(r.absence.ms)} s wall, ${s(r.absence.cpuMs)} s Node.js CPU, ${n(r.absence.statements)} SQL statements; rows: ${writesText(r.absence.writes)}; ` +
        `${r.absence.result.changes} published shifts changed hands (${r.absence.result.toNobody} left open, ${r.absence.result.cancelled} cancelled), ` +
        `created ${r.absence.result.created}, removed ${r.absence.result.removed}; outbox ${outboxText(r.absence.outbox)}`,
      `  - peak RSS after each step: import ${mb(r.import.maxRss)} MB, publish ${mb(r.publish.maxRss)} MB, replan ${mb(r.noop.maxRss)} MB, absence ${mb(r.absence.maxRss)} MB; ` +
        `heap used at the end ${mb(r.heapUsed)} MB`,
    );
  }

  const f = results[0]?.facts;
  if (f) {
    lines.push(
      "",
      `### The organisation (seed ${settings.seed})`,
      "",
      `- ${n(f.people)} people in ${f.departments} departments of ${f.departmentSizes[0]} to ${f.departmentSizes[1]} people, every one with a \`slack_id\` (so every published person gets a DM); ` +
        `every department has a Slack channel and a manager; FTE: ${fteMix(f.fte)}.`,
      `- ${n(f.newHires)} hired during the horizon (onboarding, with a buddy); about a third with a holiday of 1–10 days and 2% with a leave of 3–6 weeks: ` +
        `${n(f.absences)} absences of ${n(f.withAbsence)} people, spread over each horizon and stored before the first publication.`,
      `- Company: ${ZONE}, work week Sunday–Thursday, \`public_holidays: false\`, no closures. Support line: share ${SHARE}, templates ` +
        `${TEMPLATE_TIMES.map((t) => `${t.id} ${t.start}–${t.end}`).join(", ")} every working day, \`department_cap: ${RULES.departmentCap}\`, ` +
        `\`max_shifts_per_week: ${RULES.maxShiftsPerWeek}\`, \`publish_days_ahead: ${PUBLISH_DAYS_AHEAD}\`, min rest ${RULES.minRestHours} h, onboarding ${RULES.onboardingDays} days.`,
      `- Seats sized as bench/rotation-plan.ts does, for each horizon: seat-hours ≈ Σ ${SHARE} × FTE × ${HOURS_PER_DAY} h × available working days ` +
        `(${[...new Map(results.map((r) => [r.weeks, r.facts])).values()].map((x) => `${x.weeks} weeks: ${n(Math.round(x.targetHours))} h of targets, ${x.seatsPerDay} seats a day = ${n(x.seatHours)} seat-hours`).join("; ")}).`,
      `- \`now\` is ${NOW.toISOString()} (06:00 on Sunday ${FIRST_DATE} in ${ZONE}), so the horizon starts with a whole day; \`until: "due"\` publishes up to today + ` +
        `publish_days_ahead + 6 days, i.e. the first two weeks.`,
    );
  }
  lines.push(
    "",
    "### Measurement",
    "",
    "- Each step is timed with `performance.now()` around the service call only: `importOrganisation`, `publishRotation(deps, { until: \"due\", now })`, " +
      "`replan(deps, now)`; for the absence, inserting the 50 absence rows (one statement) and then `replan`. Each runs in its own transaction as in the product.",
    "- Rows: inserted (+), updated (~) and deleted (−) per table, from `pg_stat_user_tables` before and after the step (so writes that change nothing still count). " +
      "Outbox rows: those added by the step, by kind (from their dedupe keys). SQL statements: counted in the child below the drivers (pg's `Client.query`, PGlite's query queue), BEGIN/COMMIT included.",
    "- Peak RSS: the child's `process.resourceUsage().maxRSS` (Node.js, tsx, Prisma, the organisation and, for PGlite, the whole embedded database in memory). " +
      "PostgreSQL's own memory is in its server processes and not counted.",
    "- PGlite is in memory (`migratedDatabase(\"pglite\")` from test/helpers/databases.ts); PostgreSQL is a scratch database created and dropped on the server below.",
    "",
    "### Machine",
    "",
    ...machineLines(),
    ...[
      ...new Set(
        results.map(
          (r) => `- ${LABEL[r.kind]}: ${r.serverVersion.split(" on ")[0]}${r.kind === "postgres" ? ` server at ${new URL(settings.pgUrl).host}, same machine` : ", in memory in the child's process"}`,
        ),
      ),
    ],
    `- Load average (1, 5, 15 min) at the start: ${load.start.map((l) => l.toFixed(2)).join(", ")}; at the end: ${load.end.map((l) => l.toFixed(2)).join(", ")}` +
      `${idle.waitedSeconds >= 1 ? `; waited ${idle.waitedSeconds.toFixed(0)} s for other test runs to finish${idle.stillBusy ? " (and they were still running)" : ""}` : "; no test run or CI job was running"}`,
    `- Source: ${sourceState(["src"], "src/")} (at the start of the run)`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const idle = await waitForIdle();
  const started = new Date();
  const loadAtStart = os.loadavg();
  log(`${settings.people} people, ${settings.departments} departments; databases ${settings.databases.join(", ")}; weeks ahead ${settings.weeks.join(", ")}; load ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}`);
  const results: ChildReport[] = [];
  const failures: string[] = [];
  for (const weeks of settings.weeks) {
    for (const kind of settings.databases) {
      log(`${LABEL[kind]}, ${weeks} weeks ahead: running`);
      try {
        const r = await runChild(kind, weeks);
        log(
          `${LABEL[kind]}, ${weeks} weeks: import ${s(r.import.ms)} s, publish ${s(r.publish.ms)} s (${n(r.publish.statements)} statements), ` +
            `replan ${s(r.noop.ms)} s, absence ${s(r.absence.ms)} s, peak RSS ${mb(r.maxRss)} MB`,
        );
        results.push(r);
      } catch (error) {
        log((error as Error).message);
        failures.push((error as Error).message);
      }
    }
  }
  const allChecks = results.flatMap(checks);
  const text = report(results, failures, started, { start: loadAtStart, end: os.loadavg() }, idle, allChecks);
  console.log(`\n${text}\n`);
  const standard =
    settings.people === STANDARD.people &&
    settings.departments === STANDARD.departments &&
    settings.absent === STANDARD.absent &&
    !process.env.BENCH_SEED &&
    !process.env.BENCH_PROFILE &&
    KINDS.every((kind) => results.some((r) => r.kind === kind && r.weeks === 4));
  if (!standard) {
    log("bench/RESULTS.md not updated: not the standard size or seed, profiled, or a database's 4-week run missing");
  } else {
    writeResultsSection(path.join(ROOT, "bench", "RESULTS.md"), "rotation-store", text);
    log("wrote the rotation-store section of bench/RESULTS.md");
  }
  if (failures.length > 0 || allChecks.some((c) => !c.pass)) process.exitCode = 1;
}

runBench(module, main, ([kind, run]) => child(kind as DatabaseKind, Number(run)));
