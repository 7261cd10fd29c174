import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/**
 * Real bot processes, started the way an administrator starts them
 * (`node --import tsx src/main.ts`), and a registry of every one of them so that the
 * runner can kill them all whatever way it exits.
 */

const REPO = path.resolve(__dirname, "..");
/** The signing secret the replicas verify and the driver signs with. */
export const SIGNING_SECRET = "faults-signing-secret";
/** Only so much of a replica's output is kept: enough to show why it failed. */
const OUTPUT_LIMIT = 256 * 1024;

const children = new Set<ChildProcess>();

export interface Replica {
  name: string;
  port: number;
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves when the replica printed "Ready at …"; rejects if it exits or times out first. */
  ready(timeoutMs: number): Promise<void>;
  /** SIGKILL: no graceful stop, no chance to finish or release anything. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not stopped within graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/** A port nobody listens on right now (the kernel picks it, then we let it go). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ReplicaSettings {
  name: string;
  databaseUrl: string;
  slackApiUrl: string;
  port?: number;
  /** Added to (or overriding) the environment below. */
  env?: Record<string, string>;
}

/**
 * A short lease and call timeout, in the ratio the bot demands (a third): a killed replica's
 * claims come back within seconds instead of a minute, so the suite runs quickly, and every
 * scenario exercises the same fencing as production does with 60 s and 20 s. Posts into one
 * channel are paced 20 times faster than Slack's second, for the same reason: a burst of 200
 * review posts into a few channels would otherwise take minutes per scenario.
 */
export const FAULT_TIMING = { OUTBOX_LEASE_MS: 6000, SLACK_CALL_TIMEOUT_MS: 2000, TEAMS_CALL_TIMEOUT_MS: 2000, SLACK_POST_INTERVAL_MS: 50 } as const;

export async function startReplica(settings: ReplicaSettings): Promise<Replica> {
  const port = settings.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["SLACK_APP_TOKEN", "TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "DATA_DIR", "PUBLIC_URL"]) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    DATABASE_URL: settings.databaseUrl,
    ORG_FILE: "examples/org.yml",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: settings.slackApiUrl,
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    OUTBOX_LEASE_MS: String(FAULT_TIMING.OUTBOX_LEASE_MS),
    SLACK_CALL_TIMEOUT_MS: String(FAULT_TIMING.SLACK_CALL_TIMEOUT_MS),
    TEAMS_CALL_TIMEOUT_MS: String(FAULT_TIMING.TEAMS_CALL_TIMEOUT_MS),
    SLACK_POST_INTERVAL_MS: String(FAULT_TIMING.SLACK_POST_INTERVAL_MS),
    ...settings.env,
  });
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  const append = (c: Buffer) => {
    output += c.toString();
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT / 2);
  };
  let isReady = false;
  const readyWaiters: (() => void)[] = [];
  child.stdout!.on("data", (c: Buffer) => {
    append(c);
    if (!isReady && /Ready at http:\/\/127\.0\.0\.1:\d+/.test(output)) {
      isReady = true;
      readyWaiters.splice(0).forEach((w) => w());
    }
  });
  child.stderr!.on("data", append);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => {
      children.delete(child);
      exitCode = code ?? (signal ? -1 : null);
      resolve(code);
    }),
  );
  const replica: Replica = {
    name: settings.name,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    ready: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (isReady) return resolve();
        const timer = setTimeout(() => reject(new Error(`${settings.name} not ready within ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
        readyWaiters.push(() => (clearTimeout(timer), resolve()));
        void exited.then(() => {
          clearTimeout(timer);
          if (!isReady) reject(new Error(`${settings.name} exited (${exitCode}) before it was ready:\n${output.slice(-2000)}`));
        });
      }),
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return replica;
}

/** Kills every replica still running, at once (used on every exit path of the runner). */
export function killAllReplicas(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

export async function killAllReplicasAndWait(): Promise<void> {
  const pending = [...children].map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once("exit", () => resolve()))));
  killAllReplicas();
  await Promise.all(pending);
}
