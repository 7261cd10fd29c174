/**
 * What the benchmarks write about the run and the machine it ran on, in their sections of
 * bench/RESULTS.md: the command line, the CPU, memory, OS and Node.js, and the source.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** The CPU's model name from /proc/cpuinfo, or "unknown" (not Linux). */
export function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The first lines of a "Machine" section: CPU and cores, memory, OS, Node.js. */
export function machineLines(): string[] {
  return [
    `- CPU: ${cpuModel()}, ${os.cpus().length} cores`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}`,
  ];
}

/**
 * The commit checked out, and whether the working tree has changes under `paths`, which the
 * text calls `described` (e.g. "src/").
 */
export function sourceState(paths: string[], described: string): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", ...paths).length > 0;
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? ` with uncommitted changes in ${described}` : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

/** The command that ran the benchmark: its BENCH_* settings from the environment, then `npm run <script>`. */
export function commandLine(script: string): string {
  const knobs = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_"))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [...knobs, `npm run ${script}`].join(" ");
}
