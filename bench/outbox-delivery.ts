/**
 * `npm run bench:delivery`: how fast the outbox delivers, with real bot replicas on PostgreSQL
 * and a local Slack Web API stand-in (faults/stand-in.ts), against the bound Slack's pacing sets.
 *
 * Each scenario gets a scratch database and starts BENCH_REPLICAS bot processes (`node --import
 * tsx src/main.ts`, as faults/replicas.ts starts them, with its 6 s lease) with the example organisation; once their
 * start-up posts are out, it writes a burst of outbox rows in one INSERT (as a weekly digest, a
 * story of the week or the monthly reports do, inside their transactions) and waits until the
 * outbox holds nothing unsent. Scenarios:
 *
 * 1. `channels`: BENCH_CHANNELS channels × BENCH_PER_CHANNEL posts each, Slack's pace of one post
 *    per second per channel (SLACK_POST_INTERVAL_MS=1000): the bound is BENCH_CHANNELS posts/s,
 *    and the goal is at least 90 % of it, sustained: (posts − channels) ÷ (first post → last);
 * 2. `direct`: BENCH_DIRECT direct messages to as many people (the monthly report): no two
 *    into one conversation, so nothing but the window of posts in flight (OUTBOX_MAX_IN_FLIGHT)
 *    and the machine limits it; rate = posts ÷ (INSERT → last post);
 * 3. `direct, one at a time`: BENCH_DIRECT_ONE_AT_A_TIME direct messages with OUTBOX_MAX_IN_FLIGHT=1,
 *    each replica making one post after another as the outbox did before it posted in parallel:
 *    the baseline for scenario 2;
 * 4. `teams, kill -9`: BENCH_TEAMS_CHANNELS Teams channels × BENCH_TEAMS_PER_CHANNEL posts through a
 *    local Bot Connector stand-in (test/helpers/teams.ts), one replica killed with `kill -9` once a
 *    third of the posts arrived and started again. The Bot Connector gives a bot no history to look
 *    in, so a post made but not yet recorded when its replica died is made again: this measures how
 *    many (the README promises at most the posts of the round under way, OUTBOX_MAX_IN_FLIGHT) and
 *    checks none is lost.
 *
 * Checked after each: every row SENT, the stand-in accepted exactly one post per row (by the
 * outbox id each post carries in its metadata: none lost, none doubled), and no two posts into
 * one channel less than the interval apart. Figures go to the `delivery` section of
 * bench/RESULTS.md. Exit code 1 when a goal or a check fails. Never part of `npm test`.
 */
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_DELIVERY_TIMING } from "../src/config/env";
import { createScratchDatabase, dropAllScratchDatabases, type ScratchDatabase } from "../faults/database";
import { killAllReplicasAndWait, startReplica, type Replica } from "../faults/replicas";
import { startSlackStandIn, type RecordedCall, type SlackStandIn } from "../faults/stand-in";
import { BOT, startConnector, UNAUTHENTICATED_TEAMS_ENV, type Connector } from "../test/helpers/teams";
import { log, numberEnv } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const RESULTS = path.resolve(__dirname, "RESULTS.md");
const REPLICAS = numberEnv("BENCH_REPLICAS", 2);
const CHANNELS = numberEnv("BENCH_CHANNELS", 40);
const PER_CHANNEL = numberEnv("BENCH_PER_CHANNEL", 30);
const DIRECT = numberEnv("BENCH_DIRECT", 10_000);
const DIRECT_ONE_AT_A_TIME = numberEnv("BENCH_DIRECT_ONE_AT_A_TIME", 2_000);
const TEAMS_CHANNELS = numberEnv("BENCH_TEAMS_CHANNELS", 40);
const TEAMS_PER_CHANNEL = numberEnv("BENCH_TEAMS_PER_CHANNEL", 25);
const MAX_IN_FLIGHT = DEFAULT_DELIVERY_TIMING.maxInFlight;
const INTERVAL_MS = DEFAULT_DELIVERY_TIMING.slackPostIntervalMs;
const GOAL_SHARE = 0.9;
const READY_MS = 180_000;

interface Outcome {
  name: string;
  rows: number;
  conversations: number;
  /** From the INSERT to the last post accepted. */
  totalMs: number;
  /** From the first post accepted to the last. */
  sustainedMs: number;
  postsPerSecond: number;
  bound?: number;
  closestGapMs: number;
  checks: { name: string; ok: boolean; detail: string }[];
  callsByMethod: Record<string, number>;
  loadAverage: [number, number];
}

/** A burst of posts "Bench post <n>", one per target, written in one INSERT as a job's transaction writes them. */
async function enqueueBenchPosts(db: ScratchDatabase, platform: "SLACK" | "TEAMS", targets: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO outbox_messages (platform, dedupe_key, target, payload, next_attempt_at)
     SELECT $2::"Platform", 'bench:' || n, t,
            jsonb_build_object('kind', 'post', 'to', jsonb_build_object('channel', t),
                               'message', jsonb_build_object('summary', 'Bench post ' || n, 'blocks', jsonb_build_array(jsonb_build_object('type', 'section', 'text', 'Bench post ' || n)))),
            timezone('UTC', now())
       FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n)`,
    [targets, platform],
  );
}

async function unsent(db: ScratchDatabase): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_messages WHERE status IN ('PENDING', 'SENDING')`);
  return Number(row?.n ?? 0);
}

async function waitUntilEmpty(db: ScratchDatabase, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while ((await unsent(db)) > 0) {
    if (Date.now() > until) throw new Error(`the outbox still had ${await unsent(db)} unsent messages after ${limitMs / 1000} s`);
    await sleep(200);
  }
}

const outboxIdOf = (call: RecordedCall): string | undefined =>
  ((call.body.metadata as { event_payload?: { outbox_id?: string } } | undefined)?.event_payload?.outbox_id);

async function scenario(name: string, targets: string[], env: Record<string, string>): Promise<Outcome> {
  log(`${name}: ${targets.length} posts into ${new Set(targets).size} conversations, ${REPLICAS} replicas`);
  const db = await createScratchDatabase();
  let slack: SlackStandIn | undefined;
  const replicas: Replica[] = [];
  try {
    slack = await startSlackStandIn();
    for (let i = 0; i < REPLICAS; i += 1) {
      // One after another: two replicas migrating an empty database at once wait on each other anyway.
      const replica = await startReplica({ name: `r${i}`, databaseUrl: db.url, slackApiUrl: slack.urlFor(`r${i}`), env });
      replicas.push(replica);
      await replica.ready(READY_MS);
    }
    await waitUntilEmpty(db, 120_000);
    const before = slack.calls.length;
    const load1 = os.loadavg()[0]!;
    const started = Date.now();
    await enqueueBenchPosts(db, "SLACK", targets);
    await waitUntilEmpty(db, 30 * 60_000);
    const ids = new Map((await db.query<{ id: number; status: string }>(`SELECT id, status::text AS status FROM outbox_messages WHERE dedupe_key LIKE 'bench:%'`)).map((r) => [String(r.id), r.status]));
    const posts = slack.acceptedPosts().filter((c) => ids.has(outboxIdOf(c) ?? ""));
    const first = Math.min(...posts.map((p) => p.at));
    const last = Math.max(...posts.map((p) => p.at));
    const perId = new Map<string, number>();
    for (const p of posts) perId.set(outboxIdOf(p)!, (perId.get(outboxIdOf(p)!) ?? 0) + 1);
    const doubled = [...perId.values()].filter((n) => n > 1).length;
    const lost = [...ids.keys()].filter((id) => !perId.has(id)).length;
    const byChannel = new Map<string, number[]>();
    for (const p of posts) byChannel.set(String(p.body.channel), [...(byChannel.get(String(p.body.channel)) ?? []), p.at]);
    let closestGapMs = Infinity;
    for (const times of byChannel.values()) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i += 1) closestGapMs = Math.min(closestGapMs, times[i]! - times[i - 1]!);
    }
    const callsByMethod: Record<string, number> = {};
    for (const c of slack.calls.slice(before)) callsByMethod[c.method] = (callsByMethod[c.method] ?? 0) + 1;
    const sustainedMs = last - first;
    const conversations = new Set(targets).size;
    const repeated = conversations < targets.length;
    const outcome: Outcome = {
      name,
      rows: ids.size,
      conversations,
      totalMs: last - started,
      sustainedMs,
      // Paced: the first post of each channel opens the run, each later one took a turn of the
      // pace, so (posts − channels) over first → last is what compares with the bound.
      postsPerSecond: repeated ? (posts.length - conversations) / Math.max(0.001, sustainedMs / 1000) : posts.length / Math.max(0.001, (last - started) / 1000),
      bound: repeated ? conversations * (1000 / INTERVAL_MS) : undefined,
      closestGapMs,
      callsByMethod,
      loadAverage: [load1, os.loadavg()[0]!],
      checks: [
        { name: "every row sent", ok: [...ids.values()].every((s) => s === "SENT") && ids.size === targets.length, detail: `${[...ids.values()].filter((s) => s === "SENT").length} of ${targets.length} SENT` },
        { name: "none lost, none doubled (by the outbox id in each post's metadata)", ok: lost === 0 && doubled === 0, detail: `${posts.length} posts accepted, ${lost} lost, ${doubled} doubled` },
        ...(repeated
          ? [{ name: `no two posts into one channel less than ${INTERVAL_MS} ms apart`, ok: closestGapMs >= INTERVAL_MS, detail: `closest ${closestGapMs} ms` }]
          : []),
      ],
    };
    log(`${name}: ${posts.length} posts in ${(sustainedMs / 1000).toFixed(1)} s = ${outcome.postsPerSecond.toFixed(1)}/s`);
    return outcome;
  } finally {
    for (const r of replicas) await r.stop(15_000).catch(() => undefined);
    await slack?.close();
    await db.drop().catch(() => undefined);
  }
}

interface TeamsOutcome {
  name: string;
  rows: number;
  receivedBeforeKill: number;
  posts: number;
  lost: number;
  doubled: number;
  totalMs: number;
}

const benchNumberOf = (body: Record<string, unknown>) => /Bench post (\d+)\b/.exec(JSON.stringify(body))?.[1];

/** Scenario 4: Teams posts with a replica killed in the middle; duplicates counted, not hidden. */
async function teamsKillScenario(): Promise<TeamsOutcome> {
  const name = `teams, kill -9: ${TEAMS_CHANNELS} channels × ${TEAMS_PER_CHANNEL} posts, one of ${REPLICAS} replicas killed`;
  log(name);
  const db = await createScratchDatabase();
  let slack: SlackStandIn | undefined;
  let connector: Connector | undefined;
  const replicas: Replica[] = [];
  try {
    slack = await startSlackStandIn();
    connector = await startConnector();
    const env = { ...UNAUTHENTICATED_TEAMS_ENV };
    for (let i = 0; i < REPLICAS; i += 1) {
      const replica = await startReplica({ name: `t${i}`, databaseUrl: db.url, slackApiUrl: slack.urlFor(`t${i}`), env });
      replicas.push(replica);
      await replica.ready(READY_MS);
    }
    await waitUntilEmpty(db, 120_000);
    const channels = Array.from({ length: TEAMS_CHANNELS }, (_, i) => `19:bench${String(i).padStart(3, "0")}@thread.tacv2`);
    await db.query(
      `INSERT INTO teams_conversations (id, scope, reference, teams_channel_id, updated_at)
       SELECT c, 'channel', jsonb_build_object('serviceUrl', $2::text, 'channelId', 'msteams', 'bot', $3::jsonb,
                                              'conversation', jsonb_build_object('id', c, 'conversationType', 'channel')), c, timezone('UTC', now())
         FROM unnest($1::text[]) AS u(c)`,
      [channels, connector.url, JSON.stringify(BOT)],
    );
    const targets = Array.from({ length: TEAMS_CHANNELS * TEAMS_PER_CHANNEL }, (_, i) => channels[i % TEAMS_CHANNELS]!);
    const started = Date.now();
    await enqueueBenchPosts(db, "TEAMS", targets);
    const received = () => connector!.received.filter((r) => r.method === "POST" && benchNumberOf(r.body) !== undefined);
    while (received().length < targets.length / 3) {
      if (Date.now() - started > 10 * 60_000) throw new Error(`only ${received().length} Teams posts arrived in 10 minutes`);
      await sleep(5);
    }
    const victim = replicas[0]!;
    await victim.kill9();
    const receivedBeforeKill = received().length;
    log(`${name}: killed t0 after ${receivedBeforeKill} posts; starting it again`);
    const again = await startReplica({ name: "t0-again", databaseUrl: db.url, slackApiUrl: slack.urlFor("t0-again"), port: victim.port, env });
    replicas[0] = again;
    await again.ready(READY_MS);
    await waitUntilEmpty(db, 10 * 60_000);
    const counts = new Map<string, number>();
    for (const r of received()) counts.set(benchNumberOf(r.body)!, (counts.get(benchNumberOf(r.body)!) ?? 0) + 1);
    const lost = targets.filter((_, i) => !counts.has(String(i + 1))).length;
    const doubled = [...counts.values()].reduce((n, c) => n + c - 1, 0);
    const outcome = { name, rows: targets.length, receivedBeforeKill, posts: received().length, lost, doubled, totalMs: Date.now() - started };
    log(`${name}: ${outcome.posts} posts received, ${lost} lost, ${doubled} doubled`);
    return outcome;
  } finally {
    for (const r of replicas) await r.stop(15_000).catch(() => undefined);
    await connector?.close();
    await slack?.close();
    await db.drop().catch(() => undefined);
  }
}

function report(outcomes: Outcome[], teams: TeamsOutcome, started: Date): { text: string; failed: boolean } {
  const goals: string[] = [];
  let failed = false;
  for (const o of outcomes) {
    for (const c of o.checks) {
      goals.push(`- ${c.ok ? "PASS" : "FAIL"}: ${o.name}: ${c.name} — ${c.detail}`);
      failed ||= !c.ok;
    }
    if (o.bound !== undefined) {
      const ok = o.postsPerSecond >= GOAL_SHARE * o.bound;
      goals.push(`- ${ok ? "PASS" : "FAIL"}: ${o.name}: at least ${GOAL_SHARE * 100} % of Slack's pace (${o.bound} posts/s) — ${o.postsPerSecond.toFixed(1)} posts/s = ${((100 * o.postsPerSecond) / o.bound).toFixed(0)} %`);
      failed ||= !ok;
    }
  }
  const teamsOk = teams.lost === 0 && teams.doubled <= MAX_IN_FLIGHT;
  goals.push(
    `- ${teamsOk ? "PASS" : "FAIL"}: ${teams.name}: none lost, at most the calls in flight (OUTBOX_MAX_IN_FLIGHT = ${MAX_IN_FLIGHT}) made twice — ${teams.posts} posts received for ${teams.rows} messages, ${teams.lost} lost, ${teams.doubled} doubled`,
  );
  failed ||= !teamsOk;
  const rows = outcomes.map(
    (o) =>
      `| ${o.name} | ${o.rows} | ${o.conversations} | ${(o.totalMs / 1000).toFixed(1)} s | ${(o.sustainedMs / 1000).toFixed(1)} s | ${o.postsPerSecond.toFixed(1)} | ${o.bound ?? "—"} | ${Number.isFinite(o.closestGapMs) ? `${o.closestGapMs} ms` : "—"} | ${Object.entries(o.callsByMethod).map(([m, n]) => `${m} ${n}`).join(", ")} | ${o.loadAverage.map((l) => l.toFixed(2)).join(" → ")} |`,
  );
  const text = [
    "## Outbox delivery: posts per second against Slack's pace",
    "",
    `Run ${started.toISOString()} with \`${commandLine("bench:delivery")}\`: ${REPLICAS} bot replicas (real processes) on one PostgreSQL database, posting to a local Slack Web API stand-in; a burst of outbox rows written in one INSERT, timed until the outbox holds nothing unsent.`,
    "",
    "| scenario | posts | conversations | INSERT → last post | first → last post | posts/s | Slack's bound (posts/s) | closest two posts into one channel | Slack API calls | load (1 min) start → end |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...rows,
    "",
    "Teams, a replica killed with `kill -9` while posting (the Bot Connector offers no history to look in, so a post made but not recorded is made again):",
    "",
    "| scenario | messages | posts received when the replica was killed | posts received in all | lost | made twice | INSERT → outbox empty |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${teams.name} | ${teams.rows} | ${teams.receivedBeforeKill} | ${teams.posts} | ${teams.lost} | ${teams.doubled} | ${(teams.totalMs / 1000).toFixed(1)} s |`,
    "",
    "### Goals and checks",
    "",
    ...goals,
    "",
    "### Machine",
    "",
    ...machineLines(),
    `- PostgreSQL on 127.0.0.1:5432, the replicas, the stand-in and this driver on the same machine`,
    `- Source: ${sourceState(["src", "faults", "bench"], "src/, faults/ or bench/")}`,
  ].join("\n");
  return { text, failed };
}

async function main(): Promise<void> {
  const started = new Date();
  const channels = Array.from({ length: PER_CHANNEL * CHANNELS }, (_, i) => `C0BENCH${String(i % CHANNELS).padStart(3, "0")}`);
  const people = Array.from({ length: DIRECT }, (_, i) => `U0BENCH${String(i).padStart(5, "0")}`);
  const paced = { SLACK_POST_INTERVAL_MS: String(INTERVAL_MS) };
  const outcomes = [
    await scenario(`channels: ${CHANNELS} channels × ${PER_CHANNEL} posts`, channels, paced),
    await scenario(`direct: ${DIRECT} direct messages`, people, paced),
    await scenario(`direct, one at a time: ${DIRECT_ONE_AT_A_TIME} direct messages, OUTBOX_MAX_IN_FLIGHT=1`, people.slice(0, DIRECT_ONE_AT_A_TIME), { ...paced, OUTBOX_MAX_IN_FLIGHT: "1" }),
  ];
  const teams = await teamsKillScenario();
  const { text, failed } = report(outcomes, teams, started);
  console.log(text);
  writeResultsSection(RESULTS, "delivery", text);
  if (failed) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await killAllReplicasAndWait().catch(() => undefined);
    await dropAllScratchDatabases();
  });
