/**
 * Plumbing shared by the benchmarks (bench/rotation-plan.ts, rotation-store.ts, complaints-digest.ts):
 * settings from the environment, the log, and the measuring child processes. They measure in
 * fresh child processes (the benchmark's own file with `--child …`), so that each
 * measurement's memory is its own; the child writes its report as one line of JSON after
 * `BENCH-REPORT `, and the parent reads it from the child's output.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const PREFIX = "BENCH-REPORT ";

/** The environment variable `name` as a number, `fallback` when unset or empty; throws unless a non-negative number. */
export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** A line of the parent's progress log, with the time of day. */
export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** In the child: hands `report` to the parent. */
export function writeChildReport(report: unknown): void {
  process.stdout.write(`${PREFIX}${JSON.stringify(report)}\n`);
}

export interface ChildOptions {
  /** Node.js options before `--import tsx` (e.g. `--expose-gc`, `--cpu-prof`). */
  nodeArgs: string[];
  /** The benchmark's file, relative to the repository root. */
  script: string;
  /** What follows `--child`. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  timeoutSeconds: number;
  /** Starts the error message when the child fails (e.g. "fresh run 2"). */
  what: string;
}

/**
 * Runs `node <nodeArgs> --import tsx <script> --child <args>` from the repository root and
 * resolves with the child's report; rejects when it exits otherwise than with 0 and a report,
 * or runs longer than `timeoutSeconds` (then it is killed), with the end of its stderr.
 */
export function runChildProcess<T>(options: ChildOptions): Promise<T> {
  const args = [...options.nodeArgs, "--import", "tsx", options.script, "--child", ...options.args];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], ...(options.env ? { env: options.env } : {}) });
    let out = "";
    let err = "";
    proc.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    proc.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    const timer = setTimeout(() => proc.kill("SIGKILL"), options.timeoutSeconds * 1000);
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(PREFIX));
      if (code === 0 && line) return resolve(JSON.parse(line.slice(PREFIX.length)) as T);
      const why = signal === "SIGKILL" ? `did not finish within ${options.timeoutSeconds} s (BENCH_TIMEOUT_SECONDS)` : `exited with ${code ?? signal}`;
      reject(new Error(`${options.what} ${why}${err.trim() ? `:\n${err.trim().split("\n").slice(-15).join("\n")}` : ""}`));
    });
  });
}

/**
 * The entry point of a bench file: `--child …` runs its measuring child with the words after
 * `--child`, anything else its parent; a failure prints its stack and exits 1. A bench file
 * imported by another (to reuse its organisation) runs nothing.
 */
export function runBench(mod: NodeModule, parent: () => Promise<unknown>, child: (args: string[]) => Promise<unknown>): void {
  if (require.main !== mod) return;
  const isChild = process.argv[2] === "--child";
  (isChild ? child(process.argv.slice(3)) : parent()).catch((error: unknown) => {
    console.error(`${isChild ? "bench child" : "bench"}: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
}
