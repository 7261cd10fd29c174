/**
 * `npm run bench:web`: the web surface's backlog page (`GET /app/ideas`, its filters, and the
 * home page `/app`) with 1,000 ideas stored, on PGlite and on PostgreSQL. The issue's goal:
 * the backlog page with 1,000 ideas rendered in under 50 ms median server time.
 *
 * For each database, a fresh child process (this file with `--child <pglite|postgres>`) starts
 * the bot as `npm run demo` does (`startApp` with `{ ...loadConfig(...), host: "127.0.0.1",
 * demo: true }`, examples/org.yml imported at start-up) on a scratch database: a temporary
 * DATA_DIR for PGlite, `CREATE DATABASE bench_web_<random>` on BENCH_PG_URL for PostgreSQL
 * (dropped at the end). It signs in on the demo's "who are you?" page (POST /app/who with the
 * page's CSRF token, cookies kept) and times every page over real HTTP on loopback, one request
 * at a time, BENCH_WARMUPS warm-ups then BENCH_REQUESTS timed requests:
 *
 *   1. with an empty backlog (the organisation only), and GET /healthz: the floor;
 *   2. after BENCH_IDEAS ideas were stored in bulk through Prisma (createMany: ideas spread
 *      over every status and department, their events, votes, some owners and comments).
 *
 * Each request's time is taken twice: the round trip seen by the client (fetch until the
 * body is read) and the server's own time (from the request's headers parsed to the end of
 * the response, through node:http's diagnostics channels, in the same process). SQL statements
 * per request are counted below the drivers (pg's Client.query, PGlite's query queue).
 * Checks that the work was done: HTTP 200, and the ideas listed are exactly the ones the
 * stored data says the page should list (numbers and order), with the total and page count
 * shown matching. See bench/README.md; figures go to bench/RESULTS.md.
 */
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { startApp, type RunningApp } from "../src/app";
import { loadConfig } from "../src/config/env";
import { OPEN_STATUSES, type IdeaStatus } from "../src/domain/idea-lifecycle";
import { searchTermsOf } from "../src/domain/similarity";
import type { PrismaClient } from "../src/generated/prisma/client";
import { createLogger } from "../src/logger";
import { LIST_PAGE_SIZE } from "../src/services/ideas/idea-list";
import { IDEA_ACTIONS } from "../src/services/ideas/idea-messages";
import { log, numberEnv, runBench, runChildProcess, writeChildReport } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const ROOT = path.resolve(__dirname, "..");
const ORG_FILE = path.join(ROOT, "examples", "org.yml");
const GOAL_MS = 50;
/** The home page shows this many ideas per section before "Show more" (idea-list.ts HOME_STEP). */
const HOME_SHOWN = 5;

type Kind = "pglite" | "postgres";
const LABEL: Record<Kind, string> = { pglite: "PGlite", postgres: "PostgreSQL" };

const settings = {
  pgUrl: process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  databases: (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",").map((k) => k.trim()).filter(Boolean) as Kind[],
  ideas: numberEnv("BENCH_IDEAS", 1000),
  warmups: numberEnv("BENCH_WARMUPS", 5),
  requests: numberEnv("BENCH_REQUESTS", 50),
  as: process.env.BENCH_AS ?? "dana@acme.example",
  timeoutSeconds: numberEnv("BENCH_TIMEOUT_SECONDS", 600),
  idleWaitSeconds: numberEnv("BENCH_IDLE_WAIT_SECONDS", 300),
};
for (const kind of settings.databases) if (!(kind in LABEL)) throw new Error(`BENCH_DATABASES: unknown database "${kind}" (known: pglite, postgres)`);
const standard = settings.ideas === 1000 && settings.requests >= 50 && !process.env.BENCH_AS && !process.env.BENCH_PROFILE;

/** The pages timed, each with what it must show. */
const PAGES = [
  { key: "backlog", path: "/app/ideas", label: "`/app/ideas` (the backlog: open ideas)" },
  { key: "last", path: "/app/action", label: "the backlog's last page (`POST /app/action`, `ideas.page`, as its Next button posts)" },
  { key: "top", path: "/app/ideas?filter=top", label: "`/app/ideas?filter=top` (most voted)" },
  { key: "department", path: "/app/ideas?filter=department", label: "`/app/ideas?filter=department` (my department's)" },
  { key: "mine", path: "/app/ideas?filter=mine", label: "`/app/ideas?filter=mine` (mine)" },
  { key: "home", path: "/app", label: "`/app` (home: my ideas, review queue, owned; shifts; inbox)" },
  { key: "healthz", path: "/healthz", label: "`/healthz` (the HTTP floor: no session, no page)" },
] as const;
type PageKey = (typeof PAGES)[number]["key"];

// ------------------------------------------------------------------------ measuring

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Figures {
  median: number;
  p95: number;
  max: number;
}
function figures(values: readonly number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN };
}

/** The server's time of each request in this process: headers parsed to the response's end. */
const serverStarted = new WeakMap<IncomingMessage, number>();
let lastServerMs = NaN;
function watchServer(): void {
  subscribe("http.server.request.start", (message) => serverStarted.set((message as { request: IncomingMessage }).request, performance.now()));
  subscribe("http.server.response.finish", (message) => {
    const started = serverStarted.get((message as { request: IncomingMessage }).request);
    if (started !== undefined) lastServerMs = performance.now() - started;
  });
}

/**
 * SQL statements sent to the database, counted below the drivers (as bench/rotation-store.ts
 * does). With BENCH_SQL set, their texts are kept too, and the child prints those of one timed
 * request of each page.
 */
let statements = 0;
const texts: string[] = [];
function countStatements(): void {
  const keep = (sql: unknown) => {
    if (process.env.BENCH_SQL) texts.push(typeof sql === "string" ? sql : String((sql as { text?: unknown } | null)?.text ?? sql));
  };
  const pgQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    keep(args[0]);
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  // PGlite runs every query and exec (BEGIN and COMMIT included) through this one method, given a callback.
  const proto = PGlite.prototype as unknown as { _runExclusiveQuery: (...a: unknown[]) => unknown; query: (...a: unknown[]) => unknown };
  const pgliteRun = proto._runExclusiveQuery;
  proto._runExclusiveQuery = function (this: unknown, ...args: unknown[]) {
    statements++;
    return pgliteRun.apply(this, args);
  };
  const pgliteQuery = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    keep(args[0]);
    return pgliteQuery.apply(this, args);
  };
}

/** A browser-like client: keeps cookies, follows redirects. */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(target: string, form?: Record<string, string>): Promise<{ status: number; html: string; url: string }> {
    let url = new URL(target, this.base).toString();
    let method = form ? "POST" : "GET";
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hops = 0; hops < 5; hops++) {
      const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const response = await fetch(url, {
        method,
        redirect: "manual",
        headers: { cookie, "accept-language": "en", ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        body,
      });
      for (const line of response.headers.getSetCookie()) {
        const pair = line.split(";")[0]!;
        const at = pair.indexOf("=");
        this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).toString();
        [method, body] = ["GET", undefined];
        continue;
      }
      return { status: response.status, html: await response.text(), url };
    }
    throw new Error(`too many redirects from ${target}`);
  }

  /** Chooses who to be on the demo's page: the form that carries this employee's number. */
  /**
   * A button of the backlog, pressed as a browser does: the form posts the page's CSRF token
   * (so a page is fetched first, untimed), a request id of its own, the action and its value.
   */
  async pressButton(page: string, action: string, value: string): Promise<() => Promise<{ status: number; html: string; url: string }>> {
    const before = await this.request(page);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(before.html)?.[1];
    if (before.status !== 200 || !csrf) throw new Error(`GET ${page} answered ${before.status} without a CSRF token`);
    return () => this.request("/app/action", { _csrf: csrf, request: randomUUID(), action, value });
  }

  async signIn(employeeId: number): Promise<void> {
    const who = await this.request("/app/who");
    const form = (who.html.match(/<form[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes(`name="employee" value="${employeeId}"`));
    const csrf = form && /name="_csrf" value="([^"]*)"/.exec(form)?.[1];
    if (who.status !== 200 || !csrf) throw new Error(`GET /app/who answered ${who.status} without a form for employee ${employeeId}`);
    const home = await this.request("/app/who", { _csrf: csrf, employee: String(employeeId) });
    if (home.status !== 200 || !home.url.endsWith("/app") || !home.html.includes('class="demo-banner"')) {
      throw new Error(`signing in as employee ${employeeId} ended at ${home.url} with ${home.status}`);
    }
  }
}

// --------------------------------------------------------------------------- the data

interface SeedIdea {
  id: number;
  status: IdeaStatus;
  departmentId: number;
  proposerId: number;
  ownerId: number | null;
  votes: number;
}

/** Share of each status over the ideas: most open, the rest decided. */
const STATUS_MIX: [IdeaStatus, number][] = [
  ["SUBMITTED", 30],
  ["APPROVED", 15],
  ["IN_PROGRESS", 15],
  ["DONE", 20],
  ["REJECTED", 15],
  ["MERGED", 5],
];
const WORDS = "refund invoice queue delivery branch courier wait callback chat greeting label receipt shelf stock return app hours parking sign menu".split(" ");

/**
 * `count` ideas stored in bulk (createMany), not through the services: the services would
 * queue review cards in the outbox, which the running bot would then post while being timed.
 * Departments and proposers in rotation over the organisation's people (each idea in its
 * proposer's department); statuses by STATUS_MIX; 0–11 votes each; an owner (someone of the
 * department, every third one the signed-in person) on approved and in-progress ideas; the
 * first event, and a decision event for every decided idea; a question on every tenth.
 */
async function storeIdeas(prisma: PrismaClient, count: number, viewerId: number): Promise<SeedIdea[]> {
  const people = await prisma.employee.findMany({ where: { active: true, departmentId: { not: null } }, orderBy: { id: "asc" }, select: { id: true, departmentId: true } });
  const managerOf = new Map((await prisma.departmentManager.findMany()).map((m) => [m.departmentId, m.employeeId]));
  const statuses = STATUS_MIX.flatMap(([status, share]) => Array<IdeaStatus>(share).fill(status));
  const start = Date.now() - count * 60_000;
  const rows = Array.from({ length: count }, (_, i) => {
    const proposer = people[(i * 7) % people.length]!;
    const status = statuses[(i * 37) % statuses.length]!;
    const words = [0, 1, 2].map((k) => WORDS[(i * (k + 3) + k * 5) % WORDS.length]!);
    const title = `Bench ${String(i + 1).padStart(4, "0")}: ${words.join(" ")}`;
    const sameDepartment = people.filter((p) => p.departmentId === proposer.departmentId);
    const owner = status === "APPROVED" || status === "IN_PROGRESS" ? (i % 3 === 0 ? viewerId : sameDepartment[i % sameDepartment.length]!.id) : null;
    const at = new Date(start + i * 60_000);
    return {
      title,
      problem: `Customers keep asking about the ${words[0]} (${i + 1}).`,
      proposal: `Change how we handle the ${words[1]} and the ${words[2]}.`,
      departmentId: proposer.departmentId!,
      proposerId: proposer.id,
      anonymous: i % 11 === 0,
      status,
      ownerId: owner,
      rejectionReason: status === "REJECTED" ? "Not this quarter." : null,
      searchTerms: searchTermsOf(`${title}\n${words.join(" ")}`),
      statusChangedAt: at,
      createdAt: at,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await prisma.idea.createMany({ data: rows.slice(i, i + 500) });
  const stored = await prisma.idea.findMany({ where: { title: { startsWith: "Bench " } }, select: { id: true, title: true }, orderBy: { id: "asc" } });
  const idOf = new Map(stored.map((s) => [s.title, s.id]));
  const ideas: SeedIdea[] = rows.map((r, i) => ({
    id: idOf.get(r.title)!,
    status: r.status,
    departmentId: r.departmentId,
    proposerId: r.proposerId,
    ownerId: r.ownerId,
    votes: (i * 5) % people.length,
  }));
  // Merged ideas point at an open idea before them.
  for (const [i, idea] of ideas.entries()) {
    if (idea.status !== "MERGED") continue;
    const into = ideas.slice(0, i).findLast((other) => OPEN_STATUSES.includes(other.status));
    if (into) await prisma.idea.update({ where: { id: idea.id }, data: { mergedIntoId: into.id } });
  }
  const events = ideas.flatMap((idea, i) => {
    const first = { ideaId: idea.id, actorId: idea.proposerId, toStatus: "SUBMITTED" as IdeaStatus, createdAt: rows[i]!.createdAt };
    if (idea.status === "SUBMITTED") return [first];
    const decided = { ideaId: idea.id, actorId: managerOf.get(idea.departmentId) ?? viewerId, fromStatus: "SUBMITTED" as IdeaStatus, toStatus: idea.status, createdAt: new Date(rows[i]!.createdAt.getTime() + 30_000) };
    return [first, decided];
  });
  for (let i = 0; i < events.length; i += 1000) await prisma.ideaEvent.createMany({ data: events.slice(i, i + 1000) });
  // idea.votes distinct voters, taken in rotation from everyone.
  const votes = ideas.flatMap((idea, i) => Array.from({ length: idea.votes }, (_, k) => ({ ideaId: idea.id, employeeId: people[(i + k) % people.length]!.id })));
  for (let i = 0; i < votes.length; i += 1000) await prisma.ideaVote.createMany({ data: votes.slice(i, i + 1000) });
  const comments = ideas.filter((_, i) => i % 10 === 0).map((idea) => ({ ideaId: idea.id, authorId: managerOf.get(idea.departmentId) ?? viewerId, text: "Which customers asked?" }));
  await prisma.ideaComment.createMany({ data: comments });
  const [ideaRows, voteRows, eventRows] = await Promise.all([prisma.idea.count(), prisma.ideaVote.count(), prisma.ideaEvent.count()]);
  if (ideaRows !== count || voteRows !== votes.length || eventRows !== events.length || ideas.some((i) => i.id === undefined)) {
    throw new Error(`stored ${ideaRows} ideas, ${voteRows} votes, ${eventRows} events; expected ${count}, ${votes.length}, ${events.length}`);
  }
  return ideas;
}

// ----------------------------------------------------------------------------- checks

interface Viewer {
  id: number;
  departmentId: number;
  isAdmin: boolean;
  managerOf: number[];
}

/** What each page must show, from the stored data alone: the numbers listed, in order, and the list's total. */
function expected(key: PageKey, ideas: readonly SeedIdea[], viewer: Viewer): { ids: number[]; total?: number; page: number } {
  const byIdDesc = (list: SeedIdea[]) => [...list].sort((a, b) => b.id - a.id);
  const page = (list: SeedIdea[], n = 0) => ({ ids: list.slice(n * LIST_PAGE_SIZE, (n + 1) * LIST_PAGE_SIZE).map((i) => i.id), total: list.length, page: n });
  const open = ideas.filter((i) => OPEN_STATUSES.includes(i.status));
  switch (key) {
    case "backlog":
      return page(byIdDesc(open));
    case "last":
      return page(byIdDesc(open), lastPage(open.length));
    case "top":
      return page([...open].sort((a, b) => b.votes - a.votes || b.id - a.id));
    case "department":
      return page(byIdDesc(ideas.filter((i) => i.departmentId === viewer.departmentId)));
    case "mine":
      return page(byIdDesc(ideas.filter((i) => i.proposerId === viewer.id)));
    case "home": {
      const mine = byIdDesc(ideas.filter((i) => i.proposerId === viewer.id));
      const queue = viewer.isAdmin || viewer.managerOf.length ? byIdDesc(ideas.filter((i) => i.status === "SUBMITTED" && (viewer.isAdmin || viewer.managerOf.includes(i.departmentId)))) : [];
      const owned = byIdDesc(ideas.filter((i) => i.ownerId === viewer.id && (i.status === "APPROVED" || i.status === "IN_PROGRESS")));
      return { ids: [mine, queue, owned].flatMap((list) => list.slice(0, HOME_SHOWN).map((i) => i.id)), page: 0 };
    }
    case "healthz":
      return { ids: [], page: 0 };
  }
}

/** The number (from 0) of a list's last page. */
function lastPage(total: number): number {
  return Math.max(0, Math.ceil(total / LIST_PAGE_SIZE) - 1);
}

/** What the page shows: the ideas listed (their numbers, in order) and "Page N of P · T ideas". */
function shown(page: string): { ids: number[]; page?: number; pages?: number; total?: number } {
  // Values in a Hebrew sentence are wrapped in Unicode isolates (i18n): read the text without them.
  const html = page.replace(/[\u2066-\u2069]/g, "");
  const ids = [...html.matchAll(/<strong>#(\d+) Bench \d{4}:/g)].map((m) => Number(m[1]));
  const pager = /(?:Page|עמוד) (\d+) (?:of|מתוך) (\d+) · (\d+) (?:ideas|רעיונות)/.exec(html);
  return { ids, ...(pager ? { page: Number(pager[1]) - 1, pages: Number(pager[2]), total: Number(pager[3]) } : {}) };
}

/** Why the page is not what it must be, or undefined when it is. */
function wrong(key: PageKey, status: number, html: string, want: { ids: number[]; total?: number; page: number }): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  if (key === "healthz") return html.includes('"ok"') ? undefined : `body ${html.slice(0, 80)}`;
  if (!html.includes('class="demo-banner"')) return "not signed in (no demo banner)";
  const got = shown(html);
  if (got.ids.join(",") !== want.ids.join(",")) return `listed #${got.ids.join(", #") || "nothing"}; expected #${want.ids.join(", #") || "nothing"}`;
  if (want.total !== undefined && want.total > 0) {
    const pages = Math.ceil(want.total / LIST_PAGE_SIZE);
    if (got.total !== want.total || got.pages !== pages || got.page !== want.page) {
      return `shows page ${(got.page ?? -1) + 1} of ${got.pages} · ${got.total} ideas; expected ${want.page + 1} of ${pages} · ${want.total}`;
    }
  }
  return undefined;
}

// -------------------------------------------------------------------------- the child

interface PageResult {
  key: PageKey;
  client: Figures;
  server: Figures;
  /** Median SQL statements per request (the outbox's poll may add one now and then). */
  statements: number;
  bytes: number;
  rows: number;
  total?: number;
  /** Why a response was not the page it must be (the first such), or undefined. */
  wrong?: string;
  timed: number;
  /** With BENCH_SQL: the statements of the first timed request (PostgreSQL's all; PGlite's outside transactions). */
  sql?: string[];
}

interface Scenario {
  ideas: number;
  pages: PageResult[];
}

interface ChildReport {
  kind: Kind;
  version: string;
  startS: number;
  storeS: number;
  stored: { ideas: number; open: number; votes: number; byStatus: Record<string, number> };
  viewer: { email: string; isAdmin: boolean; managerOf: number; mine: number; department: number };
  scenarios: Scenario[];
}

async function timePages(browser: Browser, ideas: readonly SeedIdea[], viewer: Viewer): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const spec of PAGES) {
    const want = expected(spec.key, ideas, viewer);
    const client: number[] = [];
    const server: number[] = [];
    const counts: number[] = [];
    let first: { html: string; wrong?: string } | undefined;
    let wrongOnce: string | undefined;
    let sql: string[] | undefined;
    for (let n = 0; n < settings.warmups + settings.requests; n++) {
      const send = spec.key === "last" ? await browser.pressButton("/app", IDEA_ACTIONS.listPage, `open:${want.page}`) : () => browser.request(spec.path);
      lastServerMs = NaN;
      const before = statements;
      texts.length = 0;
      const t0 = performance.now();
      const page = await send();
      const elapsed = performance.now() - t0;
      const why = wrong(spec.key, page.status, page.html, want);
      wrongOnce ??= why;
      first ??= { html: page.html, wrong: why };
      if (n < settings.warmups) continue;
      client.push(elapsed);
      server.push(lastServerMs);
      counts.push(statements - before);
      if (process.env.BENCH_SQL && n === settings.warmups) sql = texts.map((t) => t.replace(/\s+/g, " "));
    }
    const got = shown(first!.html);
    results.push({
      key: spec.key,
      client: figures(client),
      server: figures(server),
      statements: figures(counts).median,
      bytes: Buffer.byteLength(first!.html),
      rows: got.ids.length,
      total: got.total,
      wrong: wrongOnce,
      timed: client.length,
      ...(sql ? { sql } : {}),
    });
    const r = results[results.length - 1]!;
    log(`  ${spec.path}: server median ${r.server.median.toFixed(2)} ms, p95 ${r.server.p95.toFixed(2)} ms; ${r.statements} statements; ${r.rows} ideas listed${r.wrong ? `; WRONG: ${r.wrong}` : ""}`);
  }
  return results;
}

/** Until the bot's start-up work (the rotation's first publish, its posts) is done: no outbox message left to send. */
async function outboxDrained(prisma: PrismaClient): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await prisma.outboxMessage.count({ where: { status: "PENDING" } })) > 0) {
    if (Date.now() > deadline) throw new Error("the outbox still had messages to send 120 s after start-up");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function child(args: string[]): Promise<void> {
  const kind = args[0] as Kind;
  if (!(kind in LABEL)) throw new Error(`child: unknown database ${args[0]}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-web-"));
  const orgFile = path.join(dir, "org.yml");
  copyFileSync(ORG_FILE, orgFile);
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: settings.pgUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  let database: string | undefined;
  let app: RunningApp | undefined;
  try {
    const env: Record<string, string> = { DATA_DIR: dir, PORT: "0", LOG_LEVEL: "warn", ORG_FILE: orgFile };
    if (kind === "postgres") {
      database = `bench_web_${randomBytes(6).toString("hex")}`;
      await admin((c) => c.query(`CREATE DATABASE ${database}`));
      const url = new URL(settings.pgUrl);
      url.pathname = `/${database}`;
      env.DATABASE_URL = url.toString();
    }
    watchServer();
    countStatements();
    const startedAt = performance.now();
    // As src/demo/main.ts starts it: only what the demo chooses, on loopback, in demo mode.
    app = await startApp({ ...loadConfig(env), host: "127.0.0.1", demo: true }, createLogger("warn"));
    const prisma = app.db.prisma;
    await outboxDrained(prisma);
    const startS = (performance.now() - startedAt) / 1000;
    const version = (await app.db.raw.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]!.v;

    const person = await prisma.employee.findUniqueOrThrow({ where: { email: settings.as }, select: { id: true, departmentId: true, isAdmin: true, managerOf: { select: { departmentId: true } } } });
    const viewer: Viewer = { id: person.id, departmentId: person.departmentId ?? -1, isAdmin: person.isAdmin, managerOf: person.managerOf.map((m) => m.departmentId) };
    const browser = new Browser(`http://127.0.0.1:${app.port}`);
    await browser.signIn(viewer.id);

    const scenarios: Scenario[] = [];
    log(`${LABEL[kind]}: empty backlog`);
    scenarios.push({ ideas: 0, pages: await timePages(browser, [], viewer) });

    const storeStart = performance.now();
    const ideas = await storeIdeas(prisma, settings.ideas, viewer.id);
    const storeS = (performance.now() - storeStart) / 1000;
    log(`${LABEL[kind]}: ${ideas.length} ideas stored in ${storeS.toFixed(1)} s`);
    scenarios.push({ ideas: ideas.length, pages: await timePages(browser, ideas, viewer) });

    const byStatus: Record<string, number> = {};
    for (const idea of ideas) byStatus[idea.status] = (byStatus[idea.status] ?? 0) + 1;
    const report: ChildReport = {
      kind,
      version,
      startS,
      storeS,
      stored: { ideas: ideas.length, open: ideas.filter((i) => OPEN_STATUSES.includes(i.status)).length, votes: ideas.reduce((n, i) => n + i.votes, 0), byStatus },
      viewer: {
        email: settings.as,
        isAdmin: viewer.isAdmin,
        managerOf: viewer.managerOf.length,
        mine: ideas.filter((i) => i.proposerId === viewer.id).length,
        department: ideas.filter((i) => i.departmentId === viewer.departmentId).length,
      },
      scenarios,
    };
    writeChildReport(report);
  } finally {
    await app?.stop();
    if (database) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------- the parent

/** Test runs and CI jobs on this machine (as bench/rotation-store.ts looks for them). */
function heavyProcesses(): string {
  try {
    return execFileSync("pgrep", ["-af", "jest|\\.ci/run"], { encoding: "utf8" }).trim();
  } catch {
    return ""; // pgrep exits 1 when nothing matches
  }
}

/** Waits (polling every 10 s) until no test run or CI job runs, at most BENCH_IDLE_WAIT_SECONDS. */
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
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

const ms = (n: number) => (Number.isNaN(n) ? "–" : n.toFixed(1));

async function parent(): Promise<void> {
  const idle = await waitForIdle();
  const started = new Date();
  const loadAtStart = os.loadavg();
  const source = sourceState(["src/", "bench/", "prisma/"], "src/, bench/ or prisma/");
  const reports: ChildReport[] = [];
  const failures: string[] = [];
  for (const kind of settings.databases) {
    log(`${LABEL[kind]}: child process`);
    try {
      reports.push(
        await runChildProcess<ChildReport>({
          nodeArgs: process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
          script: "bench/web-backlog.ts",
          args: [kind],
          timeoutSeconds: settings.timeoutSeconds,
          what: `${LABEL[kind]} run`,
        }),
      );
    } catch (error) {
      failures.push((error as Error).message);
      log((error as Error).message);
    }
  }

  for (const r of reports) {
    for (const s of r.scenarios) for (const p of s.pages) if (p.sql) console.log(`SQL of ${PAGES.find((x) => x.key === p.key)!.path}, ${LABEL[r.kind]}, ${s.ideas} ideas:\n${p.sql.map((t) => `  ${t}`).join("\n")}`);
  }
  const checks: { pass: boolean; text: string }[] = [];
  for (const r of reports) {
    const full = r.scenarios.find((s) => s.ideas > 0)!;
    const backlog = full.pages.find((p) => p.key === "backlog")!;
    checks.push({
      pass: backlog.server.median < GOAL_MS && !backlog.wrong,
      text: `${LABEL[r.kind]}: \`/app/ideas\` with ${full.ideas.toLocaleString("en")} ideas, median server time < ${GOAL_MS} ms — ${ms(backlog.server.median)} ms (p95 ${ms(backlog.server.p95)}, max ${ms(backlog.server.max)}; round trip median ${ms(backlog.client.median)} ms)`,
    });
    for (const s of r.scenarios) {
      for (const p of s.pages) {
        if (p.wrong) checks.push({ pass: false, text: `${LABEL[r.kind]}, ${s.ideas} ideas: ${PAGES.find((x) => x.key === p.key)!.path} was not the page it must be: ${p.wrong}` });
      }
    }
    const others = full.pages.filter((p) => p.key !== "healthz" && p.key !== "backlog");
    checks.push({
      pass: others.every((p) => p.server.median < GOAL_MS),
      text: `${LABEL[r.kind]}: the last page, the filtered lists and home, median server time < ${GOAL_MS} ms (for information) — slowest ${ms(Math.max(...others.map((p) => p.server.median)))} ms`,
    });
  }
  const everyCheck = reports.length > 0 && reports.every((r) => r.scenarios.every((s) => s.pages.every((p) => !p.wrong)));

  const rows: string[] = [
    "| database | page | ideas stored | server median ms | p95 | max | round trip median ms | p95 | max | SQL statements | ideas listed | total shown | HTML bytes |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of reports) {
    for (const s of r.scenarios) {
      for (const p of s.pages) {
        if (p.key === "healthz" && s.ideas > 0) continue;
        const label = PAGES.find((x) => x.key === p.key)!.label;
        rows.push(
          `| ${LABEL[r.kind]} | ${label}${p.wrong ? " **wrong**" : ""} | ${s.ideas.toLocaleString("en")} | ${ms(p.server.median)} | ${ms(p.server.p95)} | ${ms(p.server.max)} | ${ms(p.client.median)} | ${ms(p.client.p95)} | ${ms(p.client.max)} | ${p.statements} | ${p.key === "healthz" ? "–" : p.rows} | ${p.total ?? "–"} | ${p.bytes.toLocaleString("en")} |`,
        );
      }
    }
  }
  const first = reports[0];
  const mix = first ? Object.entries(first.stored.byStatus).map(([s, n]) => `${s} ${n}`).join(", ") : "";
  const body = [
    "## Web backlog page",
    "",
    `Run ${started.toISOString()} with \`${commandLine("bench:web")}\`, source ${source}: the bot started as \`npm run demo\` starts it (\`startApp\`, loopback, demo mode, examples/org.yml), ` +
      `one fresh child process per database; each page requested over HTTP on loopback ${settings.warmups} times to warm up, then ${settings.requests} times timed, one request at a time, signed in as ${settings.as}` +
      (first ? ` (${first.viewer.isAdmin ? "an admin" : "not an admin"}, manager of ${first.viewer.managerOf} department${first.viewer.managerOf === 1 ? "" : "s"}, proposer of ${first.viewer.mine} of the ideas, ${first.viewer.department} in their department)` : "") +
      ". Goal: the backlog page with 1,000 ideas in under 50 ms median server time.",
    "",
    ...rows,
    "",
    "### Goals",
    "",
    ...checks.map((c) => `- ${c.pass ? "PASS" : "FAIL"}: ${c.text}`),
    ...failures.map((f) => `- FAIL: ${f.split("\n")[0]}`),
    "",
    "### Measurement",
    "",
    "- Server time: from the request's headers parsed to the end of the response (node:http's `http.server.request.start` and `http.server.response.finish` diagnostics channels, in the bot's process). " +
      "Round trip: the client's `fetch` in the same process until the body is read, on 127.0.0.1 (the client runs between requests, never during one).",
    "- SQL statements: the median number per request, counted below the drivers (pg's `Client.query`, PGlite's query queue); the outbox's poll (one statement a second) can add one to a request.",
    `- The data: ${first ? `${first.stored.ideas.toLocaleString("en")} ideas (${mix}; ${first.stored.open} open), ${first.stored.votes.toLocaleString("en")} votes` : "none"}, stored in bulk through Prisma (\`createMany\`) after the empty-backlog figures, not through the services, whose review cards the running bot would post while being timed. ` +
      "Each idea is in its proposer's department, proposers and departments in rotation over the 12 people and 4 departments of examples/org.yml; approved and in-progress ideas have an owner (a third of them the signed-in person); each has its first event, decided ones a decision event, every tenth a question.",
    `- Checked on every response: HTTP 200, signed in, and the ideas listed are exactly the ones the stored data says (their numbers, in order: the ${LIST_PAGE_SIZE} newest open ideas, the ${LIST_PAGE_SIZE} most voted, ...; on the home page the ${HOME_SHOWN} newest of each section), with "Page 1 of P · T ideas" matching the stored data. ` +
      (everyCheck ? "Every response passed." : "Some did not: see above."),
    ...(first ? [`- Start-up (migrations, import, the rotation's first publish and its posts) ${reports.map((r) => `${LABEL[r.kind]} ${r.startS.toFixed(1)} s`).join(", ")}; storing the ideas ${reports.map((r) => `${LABEL[r.kind]} ${r.storeS.toFixed(1)} s`).join(", ")}.`] : []),
    "",
    "### Machine",
    "",
    ...machineLines(),
    ...reports.map((r) => (r.kind === "postgres" ? `- PostgreSQL ${r.version} (${new URL(settings.pgUrl).host}, a scratch database per run)` : `- PGlite (PostgreSQL ${r.version}) in the bot's process, in a temporary DATA_DIR`)),
    `- Load average (1, 5, 15 min) at the start ${loadAtStart.map((n) => n.toFixed(2)).join(", ")}, at the end ${os.loadavg().map((n) => n.toFixed(2)).join(", ")}; ` +
      (idle.stillBusy ? `other test runs were still going after waiting ${idle.waitedSeconds.toFixed(0)} s (BENCH_IDLE_WAIT_SECONDS): measured beside them` : `no test run or CI job at the start${idle.waitedSeconds >= 1 ? ` (after waiting ${idle.waitedSeconds.toFixed(0)} s)` : ""}`),
  ].join("\n");
  console.log(`\n${body}\n`);
  const complete = settings.databases.length === 2 && reports.length === 2 && failures.length === 0;
  if (standard && complete && everyCheck) {
    writeResultsSection(path.join(ROOT, "bench", "RESULTS.md"), "web", body);
    log("wrote the web section of bench/RESULTS.md");
  } else {
    log("bench/RESULTS.md not updated: " + (!standard ? "not the standard run (BENCH_IDEAS, BENCH_REQUESTS, BENCH_AS or BENCH_PROFILE)" : !complete ? "not every database ran" : "a page was wrong"));
  }
  if (failures.length || checks.some((c) => !c.pass)) process.exitCode = 1;
}

runBench(module, parent, child);
