import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * PGlite runs inside one process, and two processes opening the same data directory corrupt
 * it. Whoever opens it holds this lock file, which also says where the holder answers the
 * CLI (see http/admin-socket.ts).
 */

export interface LockHolder {
  pid: number;
  /** The Unix socket where the holder runs CLI commands, when it is a server. */
  adminSocket?: string;
}

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid}. ` +
        `Only one process may open it: stop that process, or point DATA_DIR elsewhere.`,
    );
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // a lock left by an earlier life of this very pid (containers)
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, "pglite.lock");
}

/** The live process holding the data directory, if any. */
export function currentHolder(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockFile(dataDir), "utf8")) as LockHolder;
    return typeof holder.pid === "number" && isAlive(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock or throws DataDirLockedError; returns the function that releases it. */
export function lockDataDir(dataDir: string, adminSocket?: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const content = JSON.stringify({ pid: process.pid, adminSocket } satisfies LockHolder);
  try {
    writeFileSync(file, content, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = currentHolder(dataDir);
    if (holder) throw new DataDirLockedError(dataDir, holder);
    // A stale lock from a process that died: take it over.
    writeFileSync(file, content);
  }
  return () => {
    try {
      const holder = JSON.parse(readFileSync(file, "utf8")) as LockHolder;
      if (holder.pid === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
