/**
 * `npm run bench:rotation`: the support-line rotation planner (src/domain/rotation) on a
 * synthetic organisation the size of the issue's: 5,000 people in 30 departments, three
 * shift templates a day, 13 weeks. See bench/README.md.
 *
 * The organisation is generated from a seeded PRNG, so every run plans the same input. Each
 * measurement runs in a fresh child process (this file with `--child`) that builds the input,
 * then times `planRotation` once cold and BENCH_WARM_RUNS more times warm, and reports the
 * process's RSS high-water mark right after the cold run. The parent runs BENCH_RUNS such
 * children per scenario, checks the goals, and writes its section of bench/RESULTS.md.
 *
 * Scenarios: `fresh` (no history: the issue's case), `history` (the same organisation
 * with hours worked and owed before the horizon, carried forward by the planner), and
 * `tight90` / `tight100` (seats at 90 % and 100 % of what the people can work, see
 * bench/rotation-capacity.ts). Each scenario is planned by the planner of the working tree
 * ("after") and by the one at BENCH_BEFORE ("before", extracted with `git archive`), side by side.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { planRotation as currentPlanner } from "../src/domain/rotation/planner";
import type { HistoryEntry, PlannerInput, PlanQuality, PlanResult } from "../src/domain/rotation/types";
import { capacity } from "./rotation-capacity";
import { log, numberEnv, runBench, runChildProcess, writeChildReport } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";
import {
  FIRST_DATE,
  fteMix,
  HOURS_PER_DAY,
  RULES as ORGANISATION_RULES,
  SHARE,
  SHIFT_HOURS,
  syntheticOrganisation,
  TEMPLATE_TIMES,
  WORK_WEEK,
  type SyntheticFacts,
} from "./synthetic-organisation";
import { Rng } from "../test/helpers/random";

const ROOT = path.resolve(__dirname, "..");

const SCENARIOS = ["fresh", "history", "tight90", "tight100"] as const;
/** Seats as a share of what the people can work, in the tight scenarios. */
const TIGHT: Partial<Record<Scenario, number>> = { tight90: 0.9, tight100: 1 };
const VERSIONS = ["after", "before"] as const;
type Version = (typeof VERSIONS)[number];
type Scenario = (typeof SCENARIOS)[number];

const settings = {
  people: numberEnv("BENCH_PEOPLE", 5000),
  departments: numberEnv("BENCH_DEPARTMENTS", 30),
  weeks: numberEnv("BENCH_WEEKS", 13),
  seed: numberEnv("BENCH_SEED", 20270103),
  runs: Math.max(1, numberEnv("BENCH_RUNS", 3)),
  /** The commit whose planner is "before"; "none" runs only the working tree's. */
  before: process.env.BENCH_BEFORE ?? "be2bb94",
  warmRuns: numberEnv("BENCH_WARM_RUNS", 2),
  timeoutSeconds: numberEnv("BENCH_TIMEOUT_SECONDS", 600),
  scenarios: (process.env.BENCH_SCENARIOS ?? SCENARIOS.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean) as Scenario[],
};
for (const s of settings.scenarios) {
  if (!SCENARIOS.includes(s)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${s}" (known: ${SCENARIOS.join(", ")})`);
}

/** The issue's goals. */
const GOAL_MS = 2000;
const GOAL_RSS_BYTES = 300 * 1024 * 1024;
const GOAL_SHIFTS = 1;
/** The issue's goals against the planner's own bounds: worst deviation within 0.5 h, squares within 10 %. */
const GOAL_WORST_GAP_HOURS = 0.5;
const GOAL_SQUARES_GAP = 0.1;

// ------------------------------------------------------------------- the organisation

const RULES = { ...ORGANISATION_RULES, workHoursPerDay: HOURS_PER_DAY };

interface Organisation {
  input: PlannerInput;
  facts: SyntheticFacts & { withHistory: number };
}

/**
 * The synthetic organisation of bench/synthetic-organisation.ts (5,000 people in 30
 * departments by default, with three holidays in the horizon) as the planner's input, with
 * a history before the horizon in the `history` scenario.
 */
export function makeOrganisation(scenario: Scenario): Organisation {
  const { dates, holidays, people, templates, facts } = syntheticOrganisation({
    seed: settings.seed,
    people: settings.people,
    departments: settings.departments,
    weeks: settings.weeks,
    holidays: true,
  });

  // History (second scenario): the previous 13 weeks, worked within ±2 shifts of what was owed.
  const history: Record<number, HistoryEntry> = {};
  if (scenario === "history") {
    const past = new Rng(settings.seed + 1);
    for (const p of people) {
      if (p.startDate !== undefined && p.startDate >= FIRST_DATE) continue;
      const owed = SHARE * p.fte * HOURS_PER_DAY * past.int(Math.round(facts.workDays * 0.7), facts.workDays);
      const worked = Math.max(0, SHIFT_HOURS * Math.round(owed / SHIFT_HOURS) + SHIFT_HOURS * past.int(-2, 2));
      history[p.id] = { workedHours: worked, targetHours: Math.round(owed * 10) / 10 };
    }
  }

  const input: PlannerInput = { dates, workWeek: WORK_WEEK, holidays, templates, people, share: SHARE, rules: RULES, history, pinned: [] };
  const tight = TIGHT[scenario];
  if (tight !== undefined) {
    const seatsPerDay = Math.round((tight * capacity(input).personShifts) / facts.workDays);
    input.templates = templates.map((t, i) => ({
      ...t,
      seats: Math.floor(seatsPerDay / templates.length) + (i < seatsPerDay % templates.length ? 1 : 0),
    }));
  }
  return {
    input,
    facts: { ...facts, withHistory: Object.keys(history).length },
  };
}

// ------------------------------------------------------------------------ the child

interface ChildReport {
  scenario: Scenario;
  version: Version;
  coldMs: number;
  warmMs: number[];
  /** Process RSS high-water mark, bytes: before planning (input built) and after the cold run. */
  maxRssBefore: number;
  maxRssAfter: number;
  heapUsedBefore: number;
  heapUsedAfter: number;
  heapTotalAfter: number;
  planHash: string;
  quality: Quality;
}

interface Quality {
  seats: number;
  holidaySeats: number;
  filled: number;
  unfilledByReason: Record<string, number>;
  onboardingShifts: number;
  buddied: number;
  warnings: Record<string, number>;
  /** planned − target over the horizon, hours. */
  deviation: DeviationStats;
  /** planned − (target + owed from history), hours: what the planner aims at (the same as `deviation` without history). */
  carriedDeviation: DeviationStats;
  /** The same, but hours of a new hire's onboarding shifts beyond their target do not count as over. */
  beyondOnboarding: DeviationStats;
  /** Hours planned per FTE and target per FTE, organisation-wide. */
  plannedHours: number;
  targetHours: number;
  /** The planner's own report with its bounds (the planner at BENCH_BEFORE may predate it). */
  planner?: PlanQuality;
}

interface DeviationStats {
  maxAbs: number;
  worst?: { id: number; fte: number; planned: number; target: number; newHire: boolean; absences: number; onboarding: number };
  p99Abs: number;
  overOneShift: number;
  people: number;
  /** Σ (planned − target)², hours². */
  sumSquares: number;
}

/**
 * Largest |planned − target| and friends. `onboarding`: hours of each person's onboarding
 * shifts; when given, planned hours up to those are not counted as over the target (a new
 * hire's onboarding block is planned whatever their target, and can exceed it on its own).
 */
function deviationStats(input: PlannerInput, plan: PlanResult, withHistory: boolean, onboarding?: Map<number, number>): DeviationStats {
  const rows = input.people.map((p) => {
    const h = plan.hours[p.id] ?? { planned: 0, target: 0 };
    const past = withHistory ? input.history[p.id] : undefined;
    const target = h.target + (past ? past.targetHours - past.workedHours : 0);
    const ceiling = Math.max(target, onboarding?.get(p.id) ?? 0);
    return { p, planned: h.planned, target, dev: h.planned > ceiling ? h.planned - ceiling : h.planned < target ? h.planned - target : 0 };
  });
  rows.sort((a, b) => Math.abs(b.dev) - Math.abs(a.dev) || a.p.id - b.p.id);
  const worst = rows[0];
  const abs = rows.map((r) => Math.abs(r.dev)).sort((a, b) => a - b);
  return {
    maxAbs: worst ? Math.abs(worst.dev) : 0,
    ...(worst
      ? {
          worst: {
            id: worst.p.id,
            fte: worst.p.fte,
            planned: worst.planned,
            target: Math.round(worst.target * 100) / 100,
            newHire: worst.p.startDate !== undefined && worst.p.startDate >= FIRST_DATE,
            absences: worst.p.absences.length,
            onboarding: onboarding?.get(worst.p.id) ?? 0,
          },
        }
      : {}),
    p99Abs: abs[Math.max(0, Math.ceil(0.99 * abs.length) - 1)] ?? 0,
    overOneShift: abs.filter((d) => d > GOAL_SHIFTS * SHIFT_HOURS + 1e-9).length,
    people: rows.length,
    sumSquares: rows.reduce((sum, r) => sum + r.dev * r.dev, 0),
  };
}

function quality(input: PlannerInput, plan: PlanResult): Quality {
  const unfilledByReason: Record<string, number> = {};
  let holidaySeats = 0;
  for (const u of plan.unfilled) {
    if (u.reason === "holiday") holidaySeats++;
    else unfilledByReason[u.reason] = (unfilledByReason[u.reason] ?? 0) + 1;
  }
  const warnings: Record<string, number> = {};
  for (const w of plan.warnings) warnings[w.kind] = (warnings[w.kind] ?? 0) + 1;
  const hours = Object.values(plan.hours);
  const templateHours = new Map(
    input.templates.map((t) => {
      const [sh = 0, sm = 0] = t.start.split(":").map(Number);
      const [eh = 0, em = 0] = t.end.split(":").map(Number);
      const minutes = eh * 60 + em - (sh * 60 + sm);
      return [t.id, (minutes > 0 ? minutes : minutes + 24 * 60) / 60];
    }),
  );
  const extraSeats = (plan as Partial<PlanResult>).onboarding ?? [];
  // Hours of onboarding on seats of the shifts (extra seats count for nobody's hours).
  const onboarding = new Map<number, number>();
  for (const a of plan.assignments) {
    if (a.onboarding) onboarding.set(a.personId, (onboarding.get(a.personId) ?? 0) + (templateHours.get(a.templateId) ?? 0));
  }
  return {
    seats: plan.assignments.length + plan.unfilled.length - holidaySeats,
    holidaySeats,
    filled: plan.assignments.length,
    unfilledByReason,
    // Onboarding shifts are extra seats (plan.onboarding) since 60e3ca9; the planner at BENCH_BEFORE may predate them.
    onboardingShifts: plan.assignments.filter((a) => a.onboarding).length + extraSeats.length,
    buddied: [...plan.assignments, ...extraSeats].filter((a) => a.buddyId !== undefined).length,
    warnings,
    deviation: deviationStats(input, plan, false),
    carriedDeviation: deviationStats(input, plan, true),
    beyondOnboarding: deviationStats(input, plan, true, onboarding),
    plannedHours: hours.reduce((s, h) => s + h.planned, 0),
    targetHours: hours.reduce((s, h) => s + h.target, 0),
    ...((plan as Partial<PlanResult>).quality ? { planner: plan.quality } : {}),
  };
}

/**
 * A digest of the whole plan. Piece by piece: as one JSON string, the empty seats' blockers
 * lists (every qualified person, for each empty seat) exceed V8's longest string at 20,000
 * people. Seats of one shift share their blockers object, so each is digested once.
 */
function planHash(plan: PlanResult): string {
  const hash = createHash("sha256");
  const blockers = new Map<object, string>();
  for (const [key, value] of Object.entries(plan)) {
    hash.update(key);
    if (key !== "unfilled") {
      hash.update(JSON.stringify(value));
      continue;
    }
    for (const u of plan.unfilled) {
      let digest = blockers.get(u.blockers);
      if (digest === undefined) {
        digest = createHash("sha256").update(JSON.stringify(u.blockers)).digest("hex");
        blockers.set(u.blockers, digest);
      }
      hash.update(JSON.stringify({ ...u, blockers: digest }));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/** The planner of the working tree, or the one extracted from BENCH_BEFORE into `dir`. */
function loadPlanner(version: Version, dir: string | undefined): typeof currentPlanner {
  if (version === "after") return currentPlanner;
  if (!dir) throw new Error("the before planner needs its directory");
  // Loaded at run time from the extracted tree: the same file at another commit.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(dir, "src", "domain", "rotation", "planner.ts")) as { planRotation: typeof currentPlanner }).planRotation;
}

function child(scenario: Scenario, version: Version, dir: string | undefined): void {
  const planRotation = loadPlanner(version, dir);
  const { input } = makeOrganisation(scenario);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const heapUsedBefore = process.memoryUsage().heapUsed;

  const started = performance.now();
  const plan = planRotation(input);
  const coldMs = performance.now() - started;
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  const memory = process.memoryUsage();

  const warmMs: number[] = [];
  for (let i = 0; i < settings.warmRuns; i++) {
    const t = performance.now();
    planRotation(input);
    warmMs.push(performance.now() - t);
  }
  const report: ChildReport = {
    scenario,
    version,
    coldMs,
    warmMs,
    maxRssBefore,
    maxRssAfter,
    heapUsedBefore,
    heapUsedAfter: memory.heapUsed,
    heapTotalAfter: memory.heapTotal,
    planHash: planHash(plan),
    quality: quality(input, plan),
  };
  writeChildReport(report);
}

// ----------------------------------------------------------------------- the parent

/** Runs one measuring child: a fresh Node.js process that only builds the input and plans. */
function runChild(scenario: Scenario, version: Version, index: number, beforeDir: string | undefined): Promise<ChildReport> {
  const profileDir = process.env.BENCH_PROFILE;
  return runChildProcess<ChildReport>({
    nodeArgs: [
      "--expose-gc",
      ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=rotation-${scenario}-${index}.cpuprofile`] : []),
    ],
    script: path.join("bench", "rotation-plan.ts"),
    args: [scenario, version, ...(beforeDir ? [beforeDir] : [])],
    timeoutSeconds: settings.timeoutSeconds,
    what: `${scenario} ${version} run ${index + 1}`,
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const ms = (x: number) => x.toFixed(0);
const h = (x: number) => x.toFixed(1);

interface ScenarioResult {
  scenario: Scenario;
  /** The working tree's planner. */
  reports: ChildReport[];
  /** The planner at BENCH_BEFORE, when it ran. */
  before: ChildReport[];
  /** Upper bound on the seats any plan fills (bench/rotation-capacity.ts). */
  fillable: number;
}

interface Check {
  goal: string;
  pass: boolean;
  value: string;
}

function checks(r: ScenarioResult): Check[] {
  const info = r.scenario === "fresh" ? "" : " (for information)";
  const cold = r.reports.map((c) => c.coldMs);
  const rss = r.reports.map((c) => c.maxRssAfter);
  const q = r.reports[0]!.quality;
  const dev = q.carriedDeviation;
  const carried = r.scenario === "history" ? " (target including what history carries forward)" : "";
  return [
    {
      goal: `${r.scenario}: planning time under ${GOAL_MS / 1000} s, every cold run${info}`,
      pass: Math.max(...cold) < GOAL_MS,
      value: `slowest cold run ${ms(Math.max(...cold))} ms, median ${ms(median(cold))} ms`,
    },
    {
      goal: `${r.scenario}: peak memory (process RSS high-water mark) under ${mb(GOAL_RSS_BYTES)} MB${info}`,
      pass: Math.max(...rss) < GOAL_RSS_BYTES,
      value: `highest ${mb(Math.max(...rss))} MB`,
    },
    {
      goal: `${r.scenario}: largest |planned − target| over everyone at most one shift (${GOAL_SHIFTS * SHIFT_HOURS} h)${carried}${info}`,
      pass: dev.maxAbs <= GOAL_SHIFTS * SHIFT_HOURS + 1e-9,
      value: `${h(dev.maxAbs)} h = ${(dev.maxAbs / SHIFT_HOURS).toFixed(2)} shifts; ${dev.overOneShift} of ${dev.people} people over one shift`,
    },
    {
      goal: `${r.scenario}: the same, not counting a new hire's onboarding block as over their target${carried}${info}`,
      pass: q.beyondOnboarding.maxAbs <= GOAL_SHIFTS * SHIFT_HOURS + 1e-9,
      value: `${h(q.beyondOnboarding.maxAbs)} h = ${(q.beyondOnboarding.maxAbs / SHIFT_HOURS).toFixed(2)} shifts; ${q.beyondOnboarding.overOneShift} people over one shift`,
    },
    ...plannerChecks(r.scenario, q, info),
    {
      goal: `${r.scenario}: the same plan in every run`,
      pass: new Set(r.reports.map((c) => c.planHash)).size === 1,
      value: [...new Set(r.reports.map((c) => c.planHash))].join(", "),
    },
  ];
}

/** The planner's report against its bounds, and against the bench's own count of the same plan. */
function plannerChecks(scenario: Scenario, q: Quality, info: string): Check[] {
  const p = q.planner;
  if (!p) return [{ goal: `${scenario}: the planner reports its quality`, pass: false, value: "no quality in the plan" }];
  const squaresGap = p.sumOfSquares.bound > 0 ? p.sumOfSquares.hours / p.sumOfSquares.bound - 1 : p.sumOfSquares.hours > 0 ? Infinity : 0;
  return [
    {
      goal: `${scenario}: the planner's report agrees with the bench's count (filled seats, largest |deviation|, Σ deviation²)`,
      pass:
        p.coverage.filled === q.filled &&
        Math.abs(p.worstDeviation.hours - q.carriedDeviation.maxAbs) < 1e-6 &&
        Math.abs(p.sumOfSquares.hours - q.carriedDeviation.sumSquares) < 1e-6 * Math.max(1, q.carriedDeviation.sumSquares),
      value: `${p.coverage.filled} / ${q.filled} seats, ${h(p.worstDeviation.hours)} / ${h(q.carriedDeviation.maxAbs)} h, ${p.sumOfSquares.hours.toFixed(0)} / ${q.carriedDeviation.sumSquares.toFixed(0)} h²`,
    },
    {
      goal: `${scenario}: coverage at its maximum (the planner's flow bound)${info}`,
      pass: p.coverage.filled === p.coverage.bound,
      value: `${p.coverage.filled} filled, bound ${p.coverage.bound} of ${p.coverage.seats} seats`,
    },
    {
      goal: `${scenario}: largest |deviation| within ${GOAL_WORST_GAP_HOURS} h of its lower bound${info}`,
      pass: p.worstDeviation.hours - p.worstDeviation.bound <= GOAL_WORST_GAP_HOURS + 1e-6,
      value: `${h(p.worstDeviation.hours)} h, bound ${h(p.worstDeviation.bound)} h`,
    },
    {
      goal: `${scenario}: Σ deviation² within ${100 * GOAL_SQUARES_GAP} % of its lower bound${info}`,
      pass: squaresGap <= GOAL_SQUARES_GAP + 1e-9,
      value: `${p.sumOfSquares.hours.toFixed(0)} h², bound ${p.sumOfSquares.bound.toFixed(0)} h² (${(100 * squaresGap).toFixed(2)} % above)`,
    },
  ];
}

function devRow(label: string, d: DeviationStats): string {
  const w = d.worst;
  const who = w
    ? `person ${w.id} (FTE ${w.fte}${w.newHire ? ", hired in the horizon" : ""}${w.absences ? `, ${w.absences} absence${w.absences > 1 ? "s" : ""}` : ""}): ` +
      `planned ${h(w.planned)} h${w.onboarding ? ` (${h(w.onboarding)} h onboarding)` : ""}, target ${h(w.target)} h`
    : "–";
  return `| ${label} | ${h(d.maxAbs)} h | ${(d.maxAbs / SHIFT_HOURS).toFixed(2)} | ${h(d.p99Abs)} h | ${d.overOneShift} of ${d.people} | ${who} |`;
}

function report(results: ScenarioResult[], org: Organisation, started: Date, load: number[], allChecks: Check[]): string {
  const f = org.facts;
  const lines: string[] = [
    "## Rotation planner",
    "",
    `Run ${started.toISOString()} with \`${commandLine("bench:rotation")}\`: \`planRotation\` (src/domain/rotation/planner.ts) on a synthetic organisation, ` +
      `${settings.runs} fresh child processes per scenario, each timing one cold run (the first call in the process) and ${settings.warmRuns} warm ones.`,
    "",
    "| scenario | cold ms (first run / median / slowest) | warm ms median | peak RSS MB (before planning → after) | heap used MB (before → after, plan held) | coverage (filled / seats) | unfilled by reason | largest \\|planned − target\\| | same plan every run |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
  ];
  for (const r of results) {
    const cold = r.reports.map((c) => c.coldMs);
    const warm = r.reports.flatMap((c) => c.warmMs);
    const q = r.reports[0]!.quality;
    const dev = q.carriedDeviation;
    const unfilled = Object.entries(q.unfilledByReason).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
    const rssBefore = Math.max(...r.reports.map((c) => c.maxRssBefore));
    const rssAfter = Math.max(...r.reports.map((c) => c.maxRssAfter));
    const heapBefore = median(r.reports.map((c) => c.heapUsedBefore));
    const heapAfter = median(r.reports.map((c) => c.heapUsedAfter));
    lines.push(
      `| ${r.scenario} | ${ms(cold[0]!)} / ${ms(median(cold))} / ${ms(Math.max(...cold))} | ${warm.length ? ms(median(warm)) : "–"} | ${mb(rssBefore)} → ${mb(rssAfter)} | ${mb(heapBefore)} → ${mb(heapAfter)} | ` +
        `${q.filled} / ${q.seats} = ${((100 * q.filled) / q.seats).toFixed(2)}% | ${unfilled} | ${h(dev.maxAbs)} h = ${(dev.maxAbs / SHIFT_HOURS).toFixed(2)} shifts | ${new Set(r.reports.map((c) => c.planHash)).size === 1 ? "yes" : "NO"} |`,
    );
  }
  lines.push("", "### Goals", "", ...allChecks.map((c) => `- ${c.pass ? "PASS" : "FAIL"}: ${c.goal} — ${c.value}`));

  lines.push(
    "",
    `### Before and after (before: the planner at ${settings.before})`,
    "",
    "Deviation is planned − (target + what history carries forward), hours. Empty seats exclude holidays; their lower bound is what no plan can fill " +
      "(bench/rotation-capacity.ts: per week, the seats the available people could take each day under the department cap and one shift a day by the rest rule, " +
      "and the shifts they can work under the weekly maximum); the flow bound is the planner's own, tighter one (each week's maximum flow). In the tight scenarios seats exceed the targets, so everyone is over target there.",
    "",
    "| scenario | seats | planner | empty seats | lower bound on empty | flow bound on empty | largest \\|deviation\\| h | Σ deviation² h² | cold ms median (slowest) |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const r of results) {
    const flowBound = r.reports[0]!.quality.planner?.coverage.bound;
    for (const [label, reports] of [["before", r.before], ["after", r.reports]] as const) {
      if (reports.length === 0) continue;
      const q = reports[0]!.quality;
      const cold = reports.map((c) => c.coldMs);
      lines.push(
        `| ${r.scenario} | ${q.seats} | ${label} | ${q.seats - q.filled} | ${q.seats - r.fillable} | ${flowBound === undefined ? "–" : q.seats - flowBound} | ${h(q.carriedDeviation.maxAbs)} | ${q.carriedDeviation.sumSquares.toFixed(0)} | ${ms(median(cold))} (${ms(Math.max(...cold))}) |`,
      );
    }
  }

  lines.push(
    "",
    "### The planner's own report (PlanResult.quality) against its bounds",
    "",
    "Coverage bound: the maximum flow of each week's network (src/domain/rotation/coverage-flow.ts), which no plan can beat. Deviation bounds: " +
      "the relaxation that ignores which day each shift falls on (src/domain/rotation/quality.ts). Deviation is planned − (target + what history carries forward).",
    "",
    "| scenario | filled / bound (seats) | largest \\|deviation\\| h / bound (gap) | Σ deviation² h² / bound (gap) |",
    "| --- | ---: | ---: | ---: |",
  );
  for (const r of results) {
    const p = r.reports[0]!.quality.planner;
    if (!p) continue;
    const gap = p.sumOfSquares.bound > 0 ? `${((100 * p.sumOfSquares.hours) / p.sumOfSquares.bound - 100).toFixed(2)} %` : "–";
    lines.push(
      `| ${r.scenario} | ${p.coverage.filled} / ${p.coverage.bound} (${p.coverage.seats}) | ${h(p.worstDeviation.hours)} / ${h(p.worstDeviation.bound)} (${h(p.worstDeviation.hours - p.worstDeviation.bound)} h) | ` +
        `${p.sumOfSquares.hours.toFixed(0)} / ${p.sumOfSquares.bound.toFixed(0)} (${gap}) |`,
    );
  }
  lines.push(
    "",
    "### Deviation from target",
    "",
    `Per person, planned hours in the horizon minus target hours (${SHARE} × FTE × ${HOURS_PER_DAY} h × the working days the person is available); ` +
      `one shift = ${SHIFT_HOURS} h. With history, the target also carries forward what was owed before (target − worked in the past 13 weeks): that is what the planner aims at. ` +
      `"Beyond onboarding": a new hire's onboarding shifts (planned on their first ${RULES.onboardingDays} days whatever their target, up to the weekly maximum) are not counted as over the target; ` +
      "someone hired in the last weeks of the horizon owes less than that block.",
    "",
    "| scenario, measured against | largest | in shifts | p99 | people over one shift | who |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
  );
  for (const r of results) {
    const q = r.reports[0]!.quality;
    lines.push(devRow(`${r.scenario}, horizon target`, q.deviation));
    if (r.scenario === "history") lines.push(devRow(`${r.scenario}, target + carried forward`, q.carriedDeviation));
    lines.push(devRow(`${r.scenario}, ${r.scenario === "history" ? "target + carried forward, " : ""}beyond onboarding`, q.beyondOnboarding));
  }
  lines.push("");
  for (const r of results) {
    const q = r.reports[0]!.quality;
    const warnings = Object.entries(q.warnings).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
    lines.push(
      `- ${r.scenario}: ${h(q.plannedHours)} h planned against ${h(q.targetHours)} h of horizon targets; ${q.onboardingShifts} onboarding shifts, ${q.buddied} with a buddy; warnings: ${warnings}; ` +
        `${q.holidaySeats} holiday seats not counted as seats.`,
    );
  }

  lines.push(
    "",
    "### The organisation (seed " + settings.seed + ")",
    "",
    `- ${settings.people} people in ${settings.departments} departments of ${f.departmentSizes[0]} to ${f.departmentSizes[1]} people; FTE: ${fteMix(f.fte)}.`,
    `- ${f.newHires} hired during the horizon (onboarding on their first ${RULES.onboardingDays} days, with a buddy); ${f.withAbsence} with absences (holidays of 1–10 days, ${f.longAbsences} leaves of 3–6 weeks); ` +
      "everyone speaks en, some fr/de/es, some have billing/technical skills (no template requires them).",
    `- Horizon: ${settings.weeks * 7} dates from ${FIRST_DATE} (a Sunday), work week Sunday–Thursday, holidays ${f.holidays.join(", ")}: ${f.workDays} working days.`,
    `- Templates every working day: ${TEMPLATE_TIMES.map((t) => `${t.id} ${t.start}–${t.end} (${f.seats[t.id]} seats)`).join(", ")}.`,
    `- Rules: department cap ${RULES.departmentCap} of a shift's seats, ${RULES.minRestHours} h minimum rest, at most ${RULES.maxShiftsPerWeek} shifts a week, onboarding ${RULES.onboardingDays} days, share ${SHARE}.`,
    `- **Seat sizing.** Seats are sized so that seat-hours equal the organisation's target hours, otherwise the deviation would measure the seat count rather than the planner: ` +
      `Σ ${SHARE} × FTE × ${HOURS_PER_DAY} h × available working days = ${h(f.targetHours)} h; ÷ (${SHIFT_HOURS} h × ${f.workDays} days) = ${f.seatsPerDay} seats a day, ` +
      `spread over the three templates: ${h(f.seatHours)} seat-hours (${h(f.seatHours - f.targetHours)} h, ${((100 * (f.seatHours - f.targetHours)) / f.targetHours).toFixed(2)}% off, from rounding).`,
    `- History (scenario \`history\`): ${f.withHistory} people (everyone but the new hires) with a past 13 weeks in which they worked within ±2 shifts of what they owed; ` +
      "the planner carries that forward (who did more gets less now). Scenario `fresh` has no history.",
    "",
    "### Measurement",
    "",
    "- Time: wall clock (`performance.now()`) around `planRotation(input)` only; building the input is not timed. Cold = the first call in a fresh process " +
      "(includes V8 compiling the planner), warm = later calls in the same process.",
    "- Peak memory: the child's `process.resourceUsage().maxRSS` (whole process: Node.js, the tsx loader, the input and the plan) right after the cold run; " +
      "'before planning' is the same high-water mark once the input is built. Heap: `process.memoryUsage().heapUsed` after a forced GC before planning, and right after it with the plan still referenced.",
    "",
    "### Machine",
    "",
    ...machineLines(),
    `- Load average (1 min) at the start and the end of the run: ${load.map((l) => l.toFixed(2)).join(" and ")} (a shared machine: other processes can slow a run)`,
    `- Source: ${sourceState(["src/domain/rotation"], "src/domain/rotation/")} (at the start of the run)`,
  );
  return lines.join("\n");
}

/** The rotation planner's sources at `ref`, in a fresh temporary directory (they import nothing outside src/domain/rotation). */
function extractPlanner(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rotation-before-"));
  const archive = execFileSync("git", ["archive", ref, "src/domain/rotation"], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  log(`before: the planner at ${ref}, extracted into ${dir}`);
  return dir;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const org = makeOrganisation("fresh");
  org.facts.withHistory = makeOrganisation("history").facts.withHistory;
  log(
    `${settings.people} people, ${settings.departments} departments, ${settings.weeks} weeks: ${org.facts.seatsPerDay} seats a day ` +
      `(${Object.values(org.facts.seats).join("/")}), scenarios ${settings.scenarios.join(", ")}, ${settings.runs} runs each`,
  );
  const beforeDir = settings.before === "none" ? undefined : extractPlanner(settings.before);
  const versions = VERSIONS.filter((v) => v === "after" || beforeDir);
  const results: ScenarioResult[] = [];
  let failed = false;
  for (const scenario of settings.scenarios) {
    const runs: Record<Version, ChildReport[]> = { after: [], before: [] };
    for (const version of versions) {
      for (let i = 0; i < settings.runs; i++) {
        try {
          const r = await runChild(scenario, version, i, beforeDir);
          log(`${scenario} ${version} run ${i + 1}: cold ${ms(r.coldMs)} ms, warm ${r.warmMs.map(ms).join("/") || "–"} ms, peak RSS ${mb(r.maxRssAfter)} MB`);
          runs[version].push(r);
        } catch (error) {
          log((error as Error).message);
          failed = true;
          break;
        }
      }
    }
    if (runs.after.length === settings.runs) results.push({ scenario, reports: runs.after, before: runs.before, fillable: capacity(makeOrganisation(scenario).input).fillable });
  }
  if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
  const allChecks = results.flatMap(checks);
  const text = report(results, org, started, [loadAtStart, os.loadavg()[0] ?? 0], allChecks);
  console.log(`\n${text}\n`);
  const standard =
    settings.people === 5000 && settings.departments === 30 && settings.weeks === 13 && !process.env.BENCH_SEED && !process.env.BENCH_PROFILE;
  if (failed || results.length !== SCENARIOS.length || !standard) {
    log(`bench/RESULTS.md not updated: ${failed ? "a run failed" : !standard ? "not the standard size, seed or unprofiled" : "not every scenario ran (BENCH_SCENARIOS)"}`);
  } else {
    writeResultsSection(path.join(ROOT, "bench", "RESULTS.md"), "rotation", text);
    log("wrote the rotation section of bench/RESULTS.md");
  }
  const goalsMissed = allChecks.some((c) => !c.pass && !c.goal.includes("for information"));
  if (failed || goalsMissed) process.exitCode = 1;
}

runBench(module, main, async ([scenario, version, dir]) => child(scenario as Scenario, version as Version, dir));
