/**
 * `npm run bench:ideas`: the product's `/idea` under sustained load, side by side with the
 * least a correct `/idea` can do (bench/ideas-baseline.ts), on this machine and the same
 * PostgreSQL server in one run, plus the product on PGlite. See bench/README.md.
 *
 * For each target: a fresh scratch database (or PGlite data dir), the target as a child
 * process, then
 *   1. a closed loop (autocannon, BENCH_CONNECTIONS connections for BENCH_SECONDS): the
 *      sustained rate of ideas acknowledged, then the wait until their review posts are
 *      delivered (the product's outbox empty);
 *   2. an open loop at a steady BENCH_RATE requests/s for BENCH_LATENCY_SECONDS: the
 *      acknowledgement latency while the review posts go out;
 *   3. the target stopped (SIGTERM), every acknowledged idea looked up in the database and
 *      its review post among the stand-in's chat.postMessage calls.
 * Every request is a distinct `/idea`, signed as Slack signs it at the moment it is sent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import autocannon from "autocannon";
import pg from "pg";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";
import { IdeaCommandFactory, slackUsersOf, type SignedCommand } from "./slack-command";

// ------------------------------------------------------------------------------ settings

const ROOT = path.resolve(__dirname, "..");

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

const TARGETS = {
  baseline: { label: "baseline: bare Bolt + one INSERT (PostgreSQL)", kind: "baseline", store: "postgres", reviews: false },
  toy: { label: "toy: Bolt + INSERT + review post (PostgreSQL)", kind: "baseline", store: "postgres", reviews: true },
  "product-pg": { label: "product /idea (PostgreSQL)", kind: "product", store: "postgres", reviews: true },
  "product-pglite": { label: "product /idea (PGlite)", kind: "product", store: "pglite", reviews: true },
} as const;
type TargetName = keyof typeof TARGETS;
const ALL_TARGETS = Object.keys(TARGETS) as TargetName[];

const settings = {
  adminUrl: process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  seconds: numberEnv("BENCH_SECONDS", 20),
  connections: numberEnv("BENCH_CONNECTIONS", 50),
  warmupSeconds: numberEnv("BENCH_WARMUP_SECONDS", 2),
  latencySeconds: numberEnv("BENCH_LATENCY_SECONDS", 30),
  rate: numberEnv("BENCH_RATE", 100),
  settleSeconds: numberEnv("BENCH_SETTLE_SECONDS", 2),
  settleMaxSeconds: numberEnv("BENCH_SETTLE_MAX_SECONDS", 120),
  timeoutSeconds: numberEnv("BENCH_TIMEOUT_SECONDS", 10),
  startTimeoutSeconds: numberEnv("BENCH_START_TIMEOUT_SECONDS", 120),
  product: (process.env.BENCH_PRODUCT ?? "src") as "src" | "dist",
  logLevel: process.env.BENCH_LOG_LEVEL ?? "info",
  orgFile: path.resolve(ROOT, process.env.BENCH_ORG_FILE ?? "examples/org.yml"),
  targets: (process.env.BENCH_TARGETS ?? ALL_TARGETS.join(","))
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean) as TargetName[],
  signingSecret: `bench-${randomBytes(12).toString("hex")}`,
};
for (const t of settings.targets) {
  if (!(t in TARGETS)) throw new Error(`BENCH_TARGETS: unknown target "${t}" (known: ${ALL_TARGETS.join(", ")})`);
}
if (settings.product !== "src" && settings.product !== "dist") throw new Error('BENCH_PRODUCT must be "src" or "dist"');

// ------------------------------------------------------------------------------ helpers

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const cleanups: (() => Promise<void> | void)[] = [];
async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    try {
      await step();
    } catch (error) {
      log(`cleanup step failed: ${(error as Error).message}`);
    }
  }
}

// ------------------------------------------------------------------ Slack Web API stand-in

/**
 * The key a post carries in its metadata: the product's outbox id (`outbox:<id>`, as
 * src/chat/slack/delivery.ts sends it) or the toy's idea id (`idea:<id>`). The Web API
 * client sends metadata as a JSON string in a form body, or as an object in a JSON body.
 */
function postKeyOf(metadata: unknown): string | undefined {
  let m = metadata;
  if (typeof m === "string") {
    try {
      m = JSON.parse(m);
    } catch {
      return undefined;
    }
  }
  const payload = (m as { event_payload?: { outbox_id?: unknown; idea_id?: unknown } } | null)?.event_payload;
  if (payload?.outbox_id !== undefined) return `outbox:${String(payload.outbox_id)}`;
  if (payload?.idea_id !== undefined) return `idea:${String(payload.idea_id)}`;
  return undefined;
}

/**
 * Answers every Web API call the targets make (through SLACK_API_URL) and every POST to a
 * response_url, so that nothing reaches slack.com. Counts calls by method, and each post by
 * the key in its metadata (to find every review post, and any posted twice).
 */
async function startSlackStandIn() {
  const calls = new Map<string, number>();
  const posts = new Map<string, number>();
  // The idea numbers the posts' texts name (the product's review card says "#<n>"), to wait for.
  const postedIdeas = new Set<number>();
  let postCount = 0;
  let ts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      const method = url.startsWith("/response") ? "response_url" : url.replace(/^\/(api\/)?/, "").split("?")[0]!;
      calls.set(method, (calls.get(method) ?? 0) + 1);
      const reply: Record<string, unknown> = { ok: true };
      if (method === "auth.test") Object.assign(reply, { user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0BENCH" });
      if (method === "chat.postMessage") {
        const raw = Buffer.concat(chunks).toString("utf8");
        let channel: unknown;
        let metadata: unknown;
        let text: unknown;
        try {
          if ((req.headers["content-type"] ?? "").includes("json")) {
            ({ channel, metadata, text } = JSON.parse(raw) as { channel?: unknown; metadata?: unknown; text?: unknown });
          } else {
            const form = new URLSearchParams(raw);
            [channel, metadata, text] = [form.get("channel"), form.get("metadata"), form.get("text")];
          }
        } catch {
          channel = undefined;
        }
        postCount += 1;
        const named = typeof text === "string" ? /#(\d+)/.exec(text) : null;
        if (named) postedIdeas.add(Number(named[1]));
        const key = postKeyOf(metadata);
        if (key) posts.set(key, (posts.get(key) ?? 0) + 1);
        ts += 1;
        Object.assign(reply, { ts: `${Math.floor(Date.now() / 1000)}.${String(ts).padStart(6, "0")}`, channel });
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrlBase: `http://127.0.0.1:${port}/response`,
    /** chat.postMessage calls since the last takeCalls. */
    postCount: () => postCount,
    /** Whether a post since the last takeCalls named idea #id in its text. */
    postedIdea: (id: number) => postedIdeas.has(id),
    /** The calls by method and the posts by metadata key since the last call; starts afresh. */
    takeCalls(): { calls: Record<string, number>; posts: Map<string, number> } {
      const snapshot = { calls: Object.fromEntries(calls), posts: new Map(posts) };
      calls.clear();
      posts.clear();
      postedIdeas.clear();
      postCount = 0;
      return snapshot;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type SlackStandIn = Awaited<ReturnType<typeof startSlackStandIn>>;

// ------------------------------------------------------------------------- databases

function scratchUrl(name: string): string {
  const url = new URL(settings.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: settings.adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createScratchDatabase(): Promise<string> {
  const name = `bench_${randomBytes(6).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  cleanups.push(async () => {
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return name;
}

async function postgresVersion(): Promise<string> {
  return withAdmin(async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
}

// --------------------------------------------------------------------------- targets

interface RunningTarget {
  port: number;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
}

function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** The first line of a target's log that reports an error (a pino fatal/error line or a thrown Error). */
function firstErrorLine(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    const pino = /^\{.*"level":(50|60).*\}$/.test(line) ? (JSON.parse(line) as { msg?: string }).msg : undefined;
    if (pino) return pino.slice(0, 300);
    if (/^\w*Error\b|^Error:|^\s*Error \[/.test(line)) return line.trim().slice(0, 300);
  }
  return undefined;
}

async function startTarget(
  name: TargetName,
  env: Record<string, string>,
  workDir: string,
  healthPath: string,
): Promise<RunningTarget> {
  const port = await freePort();
  const args =
    TARGETS[name].kind === "baseline"
      ? ["--import", "tsx", "bench/ideas-baseline.ts"]
      : settings.product === "dist"
        ? ["dist/main.js"]
        : ["--import", "tsx", "src/main.ts"];
  const childEnv: Record<string, string | undefined> = { ...process.env };
  // Nothing of the caller's own configuration may leak into a target.
  for (const key of Object.keys(childEnv)) {
    if (/^(DATABASE_URL|DATA_DIR|PORT|ORG_FILE|LOG_LEVEL|SLACK_|TEAMS_|COMPLAINTS_)/.test(key)) delete childEnv[key];
  }
  Object.assign(childEnv, env, { PORT: String(port) });
  const logFile = path.join(workDir, `${name}.log`);
  const fd = openSync(logFile, "a");
  // BENCH_PROFILE=<dir>: the target writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, ...args], { cwd: ROOT, env: childEnv, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  cleanups.push(async () => {
    if (!hasExited) {
      child.kill("SIGKILL");
      await exited;
    }
  });

  const deadline = Date.now() + settings.startTimeoutSeconds * 1000;
  for (;;) {
    if (hasExited) {
      const why = firstErrorLine(logFile);
      throw new Error(`${name} exited during start-up${why ? `: ${why}` : ""}; last lines of ${logFile}:\n${logTail(logFile)}`);
    }
    const status = await fetch(`http://127.0.0.1:${port}${healthPath}`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      throw new Error(`${name} did not answer 200 on ${healthPath} within ${settings.startTimeoutSeconds} s; last lines of ${logFile}:\n${logTail(logFile)}`);
    }
    await sleep(250);
  }
  return { port, child, logFile, exited };
}

/** SIGTERM, so that requests in flight finish; SIGKILL after 30 s. Returns how it ended. */
async function stopTarget(target: RunningTarget): Promise<string> {
  target.child.kill("SIGTERM");
  const code = await Promise.race([target.exited, sleep(30_000).then(() => "timeout" as const)]);
  if (code !== "timeout") return `stopped by SIGTERM (exit code ${code})`;
  target.child.kill("SIGKILL");
  await target.exited;
  return "did not stop within 30 s of SIGTERM: killed";
}

/** CPU time (user + system, seconds) a process has used so far, from /proc; undefined elsewhere. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/**
 * Waits at least BENCH_SETTLE_SECONDS and until the target has finished the work it queued
 * during a phase (follow-up posts, outbox...): its CPU use below 5% of a core for a second.
 * Returns how long that took, or undefined if it never settled within BENCH_SETTLE_MAX_SECONDS.
 */
async function settle(target: RunningTarget): Promise<number | undefined> {
  const started = performance.now();
  await sleep(settings.settleSeconds * 1000);
  const pid = target.child.pid;
  if (pid === undefined || cpuSeconds(pid) === undefined) return (performance.now() - started) / 1000;
  let quiet = 0;
  let last = cpuSeconds(pid)!;
  let lastAt = performance.now();
  while (performance.now() - started < settings.settleMaxSeconds * 1000) {
    await sleep(500);
    const now = cpuSeconds(pid);
    if (now === undefined) return undefined;
    const at = performance.now();
    const share = (now - last) / ((at - lastAt) / 1000);
    [last, lastAt] = [now, at];
    quiet = share < 0.05 ? quiet + 1 : 0;
    if (quiet >= 2) return (performance.now() - started) / 1000;
  }
  return undefined;
}

// ----------------------------------------------------------------- acknowledgements

interface Acknowledged {
  text: string;
  marker: string;
  /** The idea number the product quoted (`#<n>`); none for the baseline. */
  id?: number;
}

type Verdict = { acked: true; id?: number } | { acked: false; why: string };

function classifyBaseline(status: number, body: string): Verdict {
  if (status === 200 && body.trim() === "ok") return { acked: true };
  return { acked: false, why: `HTTP ${status} ${JSON.stringify(body.slice(0, 160))}` };
}

/** The product acknowledges with HTTP 200 and a JSON body whose text quotes the idea's number. */
function classifyProduct(status: number, body: string): Verdict {
  const why = `HTTP ${status} ${JSON.stringify(body.slice(0, 240))}`;
  if (status !== 200) return { acked: false, why };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { acked: false, why: `${why} (not JSON)` };
  }
  const text = typeof (parsed as { text?: unknown })?.text === "string" ? (parsed as { text: string }).text : "";
  const match = /#(\d+)/.exec(text) ?? /#(\d+)/.exec(body);
  if (!match) return { acked: false, why: `${why} (no #<number>)` };
  return { acked: true, id: Number(match[1]) };
}

/** What one target's requests came to: the ledger of acknowledged ideas and what went wrong. */
class Tally {
  readonly acknowledged: Acknowledged[] = [];
  readonly refusals = new Map<string, number>();

  record(command: SignedCommand, verdict: Verdict): boolean {
    if (verdict.acked) {
      this.acknowledged.push({ text: command.text, marker: command.marker, id: verdict.id });
      return true;
    }
    // Numbers in answers (ids, timestamps) vary; the status code stays.
    const key = verdict.why.replace(/^(HTTP \d+ )(.*)$/s, (_m, status: string, rest: string) => status + rest.replace(/\d{3,}/g, "N"));
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
    return false;
  }

  samples(limit = 3): string[] {
    return [...this.refusals.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([why, n]) => `${n}× ${why}`);
  }
}

// ---------------------------------------------------------------------------- phases

interface ClosedLoopResult {
  seconds: number;
  sent: number;
  acked: number;
  notAcked: number;
  errors: number;
  timeouts: number;
  rate: number;
  p50: number;
  p99: number;
}

/** Closed loop: `connections` connections, each sending its next idea as soon as the last is answered. */
async function closedLoop(
  port: number,
  factory: IdeaCommandFactory,
  classify: (status: number, body: string) => Verdict,
  tally: Tally,
  connections: number,
  seconds: number,
): Promise<ClosedLoopResult> {
  type Context = { command?: SignedCommand };
  let sent = 0;
  let acked = 0;
  let notAcked = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    connections,
    duration: seconds,
    timeout: settings.timeoutSeconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context) => {
          const command = factory.next();
          (context as Context).command = command;
          sent++;
          return { ...request, method: "POST", path: "/slack/events", headers: command.headers, body: command.body };
        },
        onResponse: (status, body, context) => {
          const command = (context as Context).command;
          if (!command) return;
          if (tally.record(command, classify(status, body))) acked++;
          else notAcked++;
        },
      },
    ],
  });
  const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    seconds: elapsed,
    sent,
    acked,
    notAcked,
    errors: result.errors,
    timeouts: result.timeouts,
    rate: acked / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

interface OpenLoopResult {
  sent: number;
  acked: number;
  notAcked: number;
  errors: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Open loop: one idea every 1/rate s on a fixed schedule, whatever the answers. Latency runs
 * from the scheduled send time to the end of the answer, so a late send counts against the
 * target (no coordinated omission). autocannon's overallRate is not used here: it lets each
 * connection send its quota for the second back to back, in bursts at every second.
 */
async function openLoop(
  port: number,
  factory: IdeaCommandFactory,
  classify: (status: number, body: string) => Verdict,
  tally: Tally,
  rate: number,
  seconds: number,
): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let acked = 0;
  let notAcked = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();

  const fire = (scheduled: number) => {
    const command = factory.next();
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        {
          agent,
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/slack/events",
          headers: { ...command.headers, "Content-Length": Buffer.byteLength(command.body) },
          timeout: settings.timeoutSeconds * 1000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const elapsed = performance.now() - scheduled;
            if (tally.record(command, classify(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")))) {
              acked++;
              latencies.push(elapsed);
            } else {
              notAcked++;
            }
            resolve();
          });
          res.on("error", () => {
            errors++;
            resolve();
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(command.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const start = performance.now() + 20;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        fire(start + i * interval);
        i++;
      }
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    setTimeout(tick, 20);
  });
  const sendingEnded = performance.now();
  await Promise.all([...inFlight]);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    acked,
    notAcked,
    errors,
    achievedRate: total / ((sendingEnded - start) / 1000),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1]! : NaN,
  };
}

// ------------------------------------------------------------------------ verification

/** Review posts of the acknowledged ideas, found among the stand-in's chat.postMessage calls. */
interface ReviewVerification {
  /** Acknowledged ideas whose review post reached the stand-in. */
  delivered: number;
  /** Review posts the stand-in received more than once (by the key in their metadata). */
  doubled: number;
  /** The product's outbox rows of any kind not SENT when it stopped (PENDING, SENDING, FAILED). */
  unsent?: number;
}

interface Verification {
  stored: number;
  acknowledged: number;
  found: number;
  lost: number;
  reviews?: ReviewVerification;
}

type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * Looks every acknowledged idea up. Baseline: by its exact text. Product: the row
 * with the number it quoted must exist and contain the idea's marker word (in any column),
 * so an answer quoting some other idea's number does not count as stored.
 * With `posts` (the stand-in's posts by metadata key), also each idea's review post: the
 * toy's carries the idea's id, the product's the id of the idea's `SLACK:idea:<n>:review`
 * outbox row.
 */
async function verify(
  kind: "baseline" | "product",
  query: Query,
  acknowledged: Acknowledged[],
  posts?: Map<string, number>,
): Promise<Verification> {
  const count = async (sql: string, params?: unknown[]) => (await query<{ n: number }>(sql, params))[0]!.n;
  const doubled = posts ? [...posts.values()].filter((n) => n > 1).length : 0;
  if (kind === "baseline") {
    const stored = await count("SELECT count(*)::int AS n FROM baseline_ideas");
    const found = await count(
      "SELECT count(*)::int AS n FROM unnest($1::text[]) AS a(text) WHERE EXISTS (SELECT 1 FROM baseline_ideas b WHERE b.text = a.text)",
      [acknowledged.map((a) => a.text)],
    );
    const result: Verification = { stored, acknowledged: acknowledged.length, found, lost: acknowledged.length - found };
    if (posts) {
      const ids = await query<{ id: string }>("SELECT id::text AS id FROM baseline_ideas WHERE text = ANY($1::text[])", [
        acknowledged.map((a) => a.text),
      ]);
      result.reviews = { delivered: ids.filter((r) => posts.has(`idea:${r.id}`)).length, doubled };
    }
    return result;
  }
  const stored = await count("SELECT count(*)::int AS n FROM ideas");
  const found = await count(
    "SELECT count(*)::int AS n FROM unnest($1::int[], $2::text[]) AS a(id, word) WHERE EXISTS (SELECT 1 FROM ideas i WHERE i.id = a.id AND strpos(lower(to_jsonb(i)::text), a.word) > 0)",
    [acknowledged.map((a) => a.id ?? -1), acknowledged.map((a) => a.marker)],
  );
  const result: Verification = { stored, acknowledged: acknowledged.length, found, lost: acknowledged.length - found };
  if (posts) {
    const rows = await query<{ outbox: number }>(
      "SELECT o.id AS outbox FROM unnest($1::int[]) AS a(id) JOIN outbox_messages o ON o.dedupe_key = 'SLACK:idea:' || a.id || ':review'",
      [acknowledged.map((a) => a.id ?? -1)],
    );
    const unsent = await count("SELECT count(*)::int AS n FROM outbox_messages WHERE status::text <> 'SENT'");
    result.reviews = { delivered: rows.filter((r) => posts.has(`outbox:${r.outbox}`)).length, doubled, unsent };
  }
  return result;
}

async function verifyPostgres(url: string, kind: "baseline" | "product", acknowledged: Acknowledged[], posts?: Map<string, number>) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await verify(kind, async (sql, params) => (await client.query(sql, params)).rows, acknowledged, posts);
  } finally {
    await client.end();
  }
}

/**
 * Waits until the review posts of the ideas acknowledged so far have been delivered. The
 * toy (no outbox: it posts right after acknowledging): the stand-in has received at least as
 * many posts as ideas were acknowledged. The product: a post has named every acknowledged
 * idea's number and, on PostgreSQL, its outbox holds nothing waiting or in flight (on PGlite
 * the database is inside the product; its outbox is checked after it stops). Returns how
 * long that took, or undefined after BENCH_SETTLE_MAX_SECONDS. (The counts that are checked
 * are made after the target stops, by the posts' metadata: see verify.)
 */
async function deliveryDone(
  standIn: SlackStandIn,
  tally: Tally,
  kind: "baseline" | "product",
  outboxUrl: string | undefined,
): Promise<number | undefined> {
  const started = performance.now();
  const client = outboxUrl ? new pg.Client({ connectionString: outboxUrl, connectionTimeoutMillis: 10_000 }) : undefined;
  await client?.connect();
  // The product's outbox rows waiting or in flight.
  const unsent = async () =>
    client
      ? (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_messages WHERE status::text IN ('PENDING', 'SENDING')")).rows[0]!.n
      : 0;
  try {
    while (performance.now() - started < settings.settleMaxSeconds * 1000) {
      const posted =
        kind === "product"
          ? tally.acknowledged.every((a) => a.id !== undefined && standIn.postedIdea(a.id))
          : standIn.postCount() >= tally.acknowledged.length;
      if (posted && (await unsent()) === 0) return (performance.now() - started) / 1000;
      await sleep(100);
    }
    return undefined;
  } finally {
    await client?.end();
  }
}

/** The PGlite database under DATA_DIR: the directory holding PG_VERSION (DATA_DIR itself or below it). */
function findPgliteDatabase(dataDir: string, depth = 2): string | undefined {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return dataDir;
  if (depth === 0) return undefined;
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const found = findPgliteDatabase(path.join(dataDir, entry.name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

let pgliteVersion = "";
async function verifyPglite(dataDir: string, acknowledged: Acknowledged[], posts?: Map<string, number>) {
  const databaseDir = findPgliteDatabase(dataDir);
  if (!databaseDir) throw new Error(`no PGlite database (PG_VERSION) found under DATA_DIR ${dataDir}`);
  const db = await PGlite.create(databaseDir);
  try {
    pgliteVersion ||= (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v").catch(() => ({ rows: [] as { v: string }[] }))).rows[0]?.v ?? "";
    return await verify("product", async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows, acknowledged, posts);
  } finally {
    await db.close();
  }
}

// -------------------------------------------------------------------------- one target

interface TargetResult {
  name: TargetName;
  label: string;
  error?: string;
  warmup?: ClosedLoopResult;
  sustained?: ClosedLoopResult;
  latency?: OpenLoopResult;
  verification?: Verification;
  verificationError?: string;
  stopped?: string;
  /** Seconds from the end of the closed loop until its ideas' review posts were all delivered; null: not within BENCH_SETTLE_MAX_SECONDS. */
  drainAfterLoad?: number | null;
  /** The same after the open loop's last answer. */
  drainAfterLatency?: number | null;
  /** The most ideas acknowledged but not yet posted (acknowledgements − posts), sampled every 100 ms of the open loop. */
  maxBehind?: number;
  refusals: string[];
  startupCalls: Record<string, number>;
  slackCalls: Record<string, number>;
  notes: string[];
  logFile?: string;
}

async function benchTarget(name: TargetName, standIn: SlackStandIn, workDir: string): Promise<TargetResult> {
  const spec = TARGETS[name];
  const result: TargetResult = { name, label: spec.label, refusals: [], startupCalls: {}, slackCalls: {}, notes: [] };
  const tally = new Tally();
  const factory = new IdeaCommandFactory(settings.signingSecret, slackUsersOf(settings.orgFile), standIn.responseUrlBase);
  const classify = spec.kind === "baseline" ? classifyBaseline : classifyProduct;
  const cleanupMark = cleanups.length;
  let target: RunningTarget | undefined;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let posts = new Map<string, number>();
  standIn.takeCalls();
  try {
    const env: Record<string, string> = {
      SLACK_SIGNING_SECRET: settings.signingSecret,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_API_URL: standIn.apiUrl,
    };
    if (spec.store === "postgres") {
      databaseUrl = scratchUrl(await createScratchDatabase());
      env.DATABASE_URL = databaseUrl;
    } else {
      dataDir = mkdtempSync(path.join(workDir, "pglite-"));
      env.DATA_DIR = dataDir;
    }
    if (spec.kind === "product") {
      // No pacing per channel: the stand-in does not limit, and the toy does not pace either.
      Object.assign(env, { ORG_FILE: settings.orgFile, LOG_LEVEL: settings.logLevel, SLACK_POST_INTERVAL_MS: "0" });
    }
    if (name === "toy") env.BASELINE_REVIEW_POST = "1";
    // Where the product's outbox can be watched while it runs (PGlite is inside the product).
    const outboxUrl = spec.kind === "product" ? databaseUrl : undefined;

    log(`${name}: starting`);
    target = await startTarget(name, env, workDir, spec.kind === "product" ? "/readyz" : "/healthz");
    result.logFile = target.logFile;
    // What the product posted while starting (the rotation's first publish...) is not part of the load.
    result.startupCalls = standIn.takeCalls().calls;

    log(`${name}: warm-up, ${settings.warmupSeconds} s closed loop`);
    result.warmup = await closedLoop(target.port, factory, classify, tally, Math.min(10, settings.connections), settings.warmupSeconds);
    await settle(target);

    log(`${name}: sustained rate, ${settings.connections} connections for ${settings.seconds} s`);
    result.sustained = await closedLoop(target.port, factory, classify, tally, settings.connections, settings.seconds);
    log(`${name}: ${result.sustained.acked} acknowledged of ${result.sustained.sent} sent (${result.sustained.rate.toFixed(1)}/s)`);
    if (spec.reviews) {
      result.drainAfterLoad = (await deliveryDone(standIn, tally, spec.kind, outboxUrl)) ?? null;
      log(`${name}: review posts ${result.drainAfterLoad === null ? "still not all delivered" : `all delivered ${result.drainAfterLoad.toFixed(1)} s after the closed loop`}`);
    }

    if (result.sustained.acked === 0) {
      const s = result.sustained;
      const unanswered = s.sent - s.acked - s.notAcked - s.errors;
      result.notes.push(
        `NO IDEA ACKNOWLEDGED: ${s.sent} sent, ${s.notAcked} answered without "#<number>", ${s.errors} errors, ` +
          `${unanswered} not answered at all within ${s.seconds.toFixed(0)} s; latency at ${settings.rate}/s skipped`,
      );
    } else {
      const settled = await settle(target);
      if (settled === undefined) {
        result.notes.push(`still busy ${settings.settleMaxSeconds} s after the closed loop: latency measured anyway`);
      } else {
        result.notes.push(`idle again ${settled.toFixed(1)} s after the closed loop; latency measured from then`);
      }
      log(`${name}: latency, ${settings.rate} requests/s for ${settings.latencySeconds} s`);
      // Posts can run ahead of acknowledgements (ideas stored while their answer was in flight when a loop ended), so both count from here.
      const [ackedBefore, postedBefore] = [tally.acknowledged.length, standIn.postCount()];
      let maxBehind = 0;
      const sampler = setInterval(() => {
        maxBehind = Math.max(maxBehind, tally.acknowledged.length - ackedBefore - (standIn.postCount() - postedBefore));
      }, 100);
      try {
        result.latency = await openLoop(target.port, factory, classify, tally, settings.rate, settings.latencySeconds);
      } finally {
        clearInterval(sampler);
      }
      log(`${name}: p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms`);
      if (spec.reviews) {
        result.maxBehind = maxBehind;
        result.drainAfterLatency = (await deliveryDone(standIn, tally, spec.kind, outboxUrl)) ?? null;
      }
    }
  } catch (error) {
    result.error = (error as Error).message;
    log(`${name}: ${result.error}`);
  }
  if (target) {
    result.stopped = await stopTarget(target);
    if (!result.stopped.startsWith("stopped by SIGTERM (exit code 0)")) result.notes.push(`target ${result.stopped}`);
  }
  ({ calls: result.slackCalls, posts } = standIn.takeCalls());
  result.refusals = tally.samples();
  if (target && (databaseUrl || dataDir)) {
    const reviewPosts = spec.reviews ? posts : undefined;
    try {
      result.verification = databaseUrl
        ? await verifyPostgres(databaseUrl, spec.kind, tally.acknowledged, reviewPosts)
        : await verifyPglite(dataDir!, tally.acknowledged, reviewPosts);
      log(`${name}: ${result.verification.found} of ${result.verification.acknowledged} acknowledged ideas found stored (${result.verification.stored} rows)`);
    } catch (error) {
      result.verificationError = (error as Error).message;
      log(`${name}: could not count the stored ideas: ${result.verificationError}`);
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  // This target's cleanups (scratch database, child process), newest first.
  while (cleanups.length > cleanupMark) {
    const step = cleanups.pop()!;
    try {
      await step();
    } catch (error) {
      log(`cleanup step failed: ${(error as Error).message}`);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------- report

const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(digits));

function table(results: TargetResult[]): string {
  const rows = [
    [
      "target",
      "ideas/s (closed loop)",
      "acknowledged (all phases)",
      "found stored (rows)",
      "lost",
      "review posts delivered / doubled",
      "all posted, s after the closed loop",
      `p50 ms @${settings.rate}/s`,
      "p90 ms",
      "p99 ms",
      "max ms",
      `most posts behind @${settings.rate}/s`,
      `not acknowledged (load / @${settings.rate}/s)`,
    ],
    ["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"],
  ];
  const drained = (d: number | null | undefined) => (d === undefined ? "–" : d === null ? `> ${settings.settleMaxSeconds}` : fmt(d));
  for (const r of results) {
    const v = r.verification;
    rows.push([
      r.label,
      fmt(r.sustained?.rate),
      v ? String(v.acknowledged) : "–",
      v ? `${v.found} (${v.stored})` : "–",
      v ? String(v.lost) : "–",
      v?.reviews ? `${v.reviews.delivered} / ${v.reviews.doubled}` : "–",
      drained(r.drainAfterLoad),
      fmt(r.latency?.p50),
      fmt(r.latency?.p90),
      fmt(r.latency?.p99),
      fmt(r.latency?.max),
      r.maxBehind === undefined ? "–" : String(r.maxBehind),
      r.sustained
        ? `${r.sustained.notAcked + r.sustained.errors} / ${r.latency ? r.latency.notAcked + r.latency.errors : "–"}`
        : "–",
    ]);
  }
  return rows.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function details(results: TargetResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`- **${r.label}**`);
    if (r.error) lines.push(`  - failed: ${r.error.split("\n")[0]}`);
    if (r.sustained) {
      const s = r.sustained;
      lines.push(
        `  - closed loop: ${s.sent} sent, ${s.acked} acknowledged in ${s.seconds.toFixed(1)} s; ${s.notAcked} answered without acknowledging, ` +
          `${s.errors} errors (${s.timeouts} timeouts), ${s.sent - s.acked - s.notAcked - s.errors} unanswered when the run stopped` +
          (s.acked ? `; latency under this load p50 ${s.p50} ms, p99 ${s.p99} ms` : ""),
      );
    }
    if (r.latency) {
      const l = r.latency;
      lines.push(
        `  - open loop: ${l.sent} sent at ${l.achievedRate.toFixed(1)}/s, ${l.acked} acknowledged, ${l.notAcked} answered without acknowledging, ${l.errors} errors`,
      );
    }
    if (r.verification) {
      lines.push(`  - stored: ${r.verification.stored} rows; ${r.verification.found} of ${r.verification.acknowledged} acknowledged ideas found`);
      const rv = r.verification.reviews;
      if (rv) {
        lines.push(
          `  - review posts: ${rv.delivered} of ${r.verification.acknowledged} acknowledged ideas' posts received by the stand-in, ${rv.doubled} received twice or more` +
            (rv.unsent === undefined ? "" : `; outbox rows not SENT when the product stopped: ${rv.unsent}`),
        );
      }
    }
    if (r.drainAfterLoad !== undefined) {
      const s = r.sustained;
      const end = s && r.drainAfterLoad !== null ? s.seconds + r.drainAfterLoad : undefined;
      lines.push(
        `  - review posts all delivered ${r.drainAfterLoad === null ? `not within ${settings.settleMaxSeconds} s` : `${fmt(r.drainAfterLoad)} s`} after the closed loop` +
          (end && s ? ` (its ${s.acked} ideas acknowledged and posted in ${fmt(end)} s: ${fmt(s.acked / end)} ideas/s end to end)` : "") +
          (r.drainAfterLatency === undefined
            ? ""
            : `; ${r.drainAfterLatency === null ? `not within ${settings.settleMaxSeconds} s` : `${fmt(r.drainAfterLatency)} s`} after the open loop's last answer`),
      );
    }
    const startup = Object.entries(r.startupCalls).map(([m, n]) => `${m} ${n}`);
    if (startup.length) lines.push(`  - Slack API stand-in calls while starting (not counted above): ${startup.join(", ")}`);
    if (r.verificationError) lines.push(`  - could not count stored ideas: ${r.verificationError}`);
    for (const s of r.refusals) lines.push(`  - not acknowledged: ${s}`);
    const calls = Object.entries(r.slackCalls).map(([m, n]) => `${m} ${n}`);
    if (calls.length) lines.push(`  - Slack API stand-in calls: ${calls.join(", ")}`);
    for (const n of r.notes) lines.push(`  - ${n}`);
    if (r.error && r.logFile) lines.push(`  - log: ${r.logFile}`);
  }
  return lines.join("\n");
}

interface Check {
  goal: string;
  pass: boolean;
  value: string;
}

/** The product's rate goal against the toy (the issue's comparison), as a share of its rate. */
const RATE_GOAL = 0.8;

function checks(results: TargetResult[]): Check[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const baseline = byName.get("baseline");
  const toy = byName.get("toy");
  const out: Check[] = [];
  for (const name of ["product-pg", "product-pglite"] as const) {
    const r = byName.get(name);
    if (!r) continue;
    const suffix = name === "product-pglite" ? " (PGlite, for information)" : "";
    if (toy?.sustained && r.sustained) {
      const ratio = toy.sustained.rate > 0 ? r.sustained.rate / toy.sustained.rate : NaN;
      out.push({
        goal: `${r.label}: rate ≥ ${fmt(RATE_GOAL * 100, 0)}% of the toy's${suffix}`,
        pass: ratio >= RATE_GOAL,
        value: `${fmt(r.sustained.rate)} vs ${fmt(toy.sustained.rate)} ideas/s = ${fmt(ratio * 100, 0)}%`,
      });
    }
    if (baseline?.sustained && r.sustained) {
      const ratio = baseline.sustained.rate > 0 ? r.sustained.rate / baseline.sustained.rate : NaN;
      out.push({
        goal: `${r.label}: rate against the bare baseline's (for information)`,
        pass: true,
        value: `${fmt(r.sustained.rate)} vs ${fmt(baseline.sustained.rate)} ideas/s = ${fmt(ratio * 100, 0)}%`,
      });
    }
    const l = r.latency;
    out.push({
      goal: `${r.label}: p99 < 100 ms at ${settings.rate} requests/s, every request acknowledged${suffix}`,
      pass: !!l && l.p99 < 100 && l.notAcked + l.errors === 0,
      value: l ? `p99 ${fmt(l.p99)} ms, ${l.notAcked + l.errors} not acknowledged` : "not measured",
    });
  }
  for (const r of results) {
    const suffix = r.name === "product-pglite" ? " (PGlite, for information)" : "";
    const v = r.verification;
    out.push({
      goal: `${r.label}: zero ideas lost${suffix}`,
      pass: !!v && v.lost === 0 && v.acknowledged > 0,
      value: v ? `${v.lost} lost of ${v.acknowledged} acknowledged` : `not verified${r.verificationError ? `: ${r.verificationError}` : ""}`,
    });
    if (!TARGETS[r.name].reviews) continue;
    const rv = v?.reviews;
    out.push({
      goal: `${r.label}: every acknowledged idea's review post delivered once, ${TARGETS[r.name].kind === "product" ? "the outbox empty" : "none doubled"}${suffix}`,
      pass: !!v && !!rv && v.acknowledged > 0 && rv.delivered === v.acknowledged && rv.doubled === 0 && (rv.unsent ?? 0) === 0,
      value: rv
        ? `${rv.delivered} of ${v!.acknowledged} delivered, ${rv.doubled} doubled${rv.unsent === undefined ? "" : `, ${rv.unsent} outbox rows not sent`}`
        : "not verified",
    });
  }
  return out;
}

function machine(pgVersion: string, source: string, load: { start: number[]; end: number[] }): string[] {
  const avg = (l: number[]) => l.map((x) => x.toFixed(2)).join(", ");
  return [
    ...machineLines(),
    `- Load average (1, 5, 15 min) at the start ${avg(load.start)}, at the end ${avg(load.end)} (2 cores shared with other work: the targets, PostgreSQL and this harness run on them too)`,
    `- PostgreSQL ${pgVersion} (${new URL(settings.adminUrl).host}, same server for the baseline and the product)`,
    `- PGlite ${pgliteVersion ? `(PostgreSQL ${pgliteVersion}) ` : ""}in the product's process`,
    `- Product started as \`${settings.product === "dist" ? "node dist/main.js" : "node --import tsx src/main.ts"}\`, LOG_LEVEL=${settings.logLevel}, source ${source} (at the start of the run)`,
  ];
}

// ------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const stop = (signal: string) => {
    log(`${signal}: cleaning up`);
    void runCleanups().then(() => process.exit(130));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));

  const started = new Date();
  const loadStart = os.loadavg();
  // The commit the product ran from, and whether the working tree had changes.
  const source = sourceState(["src", "prisma", "package.json"], "src/, prisma/ or package.json");
  const pgVersion = await postgresVersion();
  const workDir = mkdtempSync(path.join(os.tmpdir(), "bench-ideas-"));
  let keepLogs = false;
  cleanups.push(() => {
    if (keepLogs) log(`targets' logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  });
  const standIn = await startSlackStandIn();
  cleanups.push(() => standIn.close());
  log(`targets: ${settings.targets.join(", ")}; logs in ${workDir}`);

  const results: TargetResult[] = [];
  for (const name of settings.targets) results.push(await benchTarget(name, standIn, workDir));

  const goalChecks = checks(results);
  const goalLines = goalChecks.map((c) => `- ${c.pass ? "PASS" : "FAIL"}: ${c.goal} — ${c.value}`);
  const report = [
    `# /idea under load: the product against a toy Bolt app and a bare Bolt baseline`,
    "",
    `Run ${started.toISOString()} with \`${commandLine("bench:ideas")}\`.`,
    "",
    `Closed loop: ${settings.connections} connections for ${settings.seconds} s (after a ${settings.warmupSeconds} s warm-up); ` +
      `rate = ideas acknowledged per second. Open loop: ${settings.rate} requests/s for ${settings.latencySeconds} s on the same ` +
      `running target; latency from the scheduled send to the end of the acknowledgement. Stored = acknowledged ideas found in ` +
      `the database after the target was stopped; lost = acknowledged − found. Every request is a distinct, signed /idea. ` +
      `Review posts: each acknowledged idea's chat.postMessage at the Slack stand-in, found by the key in its metadata (the toy's idea id, ` +
      `the product's outbox id); the open loop starts once the closed loop's posts are all delivered (the product's outbox empty) ` +
      `and the target is idle, and runs while the posts of its own ideas go out. The product runs with SLACK_POST_INTERVAL_MS=0 ` +
      `(no pacing per channel: the stand-in does not limit and the toy does not pace).`,
    "",
    table(results),
    "",
    "## Goals",
    "",
    ...goalLines,
    "",
    "## Details",
    "",
    details(results),
    "",
    "## Machine",
    "",
    ...machine(pgVersion, source, { start: loadStart, end: os.loadavg() }),
    "",
  ].join("\n");
  console.log(`\n${report}`);

  const complete = ALL_TARGETS.every((t) => results.some((r) => r.name === t));
  const productAnswers = results
    .filter((r) => TARGETS[r.name].kind === "product")
    .every((r) => (r.sustained?.acked ?? 0) > 0);
  const failed = results.filter((r) => r.error || r.verificationError);
  const reasons: string[] = [];
  if (!complete) reasons.push(`only ${settings.targets.join(", ")} ran (BENCH_TARGETS)`);
  if (failed.length) reasons.push(`${failed.map((r) => r.name).join(", ")} failed`);
  if (!productAnswers) {
    reasons.push(
      "the product acknowledged no /idea (it must answer HTTP 200 with a JSON body whose text contains #<number>; " +
        "see 'not acknowledged' and the notes above)",
    );
  }
  if (reasons.length) {
    log(`bench/RESULTS.md not updated: ${reasons.join("; ")}`);
  } else {
    // Only this benchmark's section: the other benchmarks' figures and the notes written by hand stay.
    writeResultsSection(path.join(ROOT, "bench", "RESULTS.md"), "ideas", report);
    log("wrote the /idea section of bench/RESULTS.md");
  }
  keepLogs = failed.length > 0 || !productAnswers;
  if (failed.length || !productAnswers || goalChecks.some((c) => !c.pass)) process.exitCode = 1;
  await runCleanups();
}

main().catch(async (error: unknown) => {
  console.error(`bench: ${(error as Error).stack ?? String(error)}`);
  await runCleanups();
  process.exit(1);
});
