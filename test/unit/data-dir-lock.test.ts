import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { currentHolder, DataDirLockedError, lockDataDir, lockFile } from "../../src/store/data-dir-lock";

/**
 * The lock that keeps two processes off one embedded database, on real temporary data
 * directories, with real processes: a live one holding the lock, a dead one that left it.
 */

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "scb-lock-"));
  dirs.push(dir);
  return dir;
}

/** A process that stays alive until the test ends it. */
const children: ChildProcess[] = [];
function liveProcess(): number {
  const child = spawn("sleep", ["600"], { stdio: "ignore" });
  children.push(child);
  if (child.pid === undefined) throw new Error("sleep did not start");
  return child.pid;
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const result = spawnSync("true");
  if (result.pid === undefined || result.status !== 0) throw new Error("true did not run");
  return result.pid;
}

function lockContent(dir: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, "pglite.lock"), "utf8"));
}

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("lockFile", () => {
  it("is pglite.lock in the data directory", () => {
    expect(lockFile("/srv/bot/data")).toBe("/srv/bot/data/pglite.lock");
  });
});

describe("lockDataDir", () => {
  it("creates a missing data directory, writes this process's pid and socket, and release removes the file", () => {
    const dir = path.join(dataDir(), "nested", "data");
    const release = lockDataDir(dir, "/srv/bot/data/admin.sock");
    expect(lockContent(dir)).toEqual({ pid: process.pid, adminSocket: "/srv/bot/data/admin.sock" });
    release();
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);
  });

  it("without a socket writes only the pid", () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "pglite.lock"), "utf8")).toBe(`{"pid":${process.pid}}`);
    release();
  });

  it("refuses a directory held by a live process, naming it, and leaves its lock alone", () => {
    const dir = dataDir();
    const pid = liveProcess();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid, adminSocket: "/elsewhere/admin.sock" }));

    let thrown: unknown;
    try {
      lockDataDir(dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirLockedError);
    const locked = thrown as DataDirLockedError;
    expect(locked.name).toBe("DataDirLockedError");
    expect(locked.dataDir).toBe(dir);
    expect(locked.holder).toEqual({ pid, adminSocket: "/elsewhere/admin.sock" });
    expect(locked.message).toBe(
      `The embedded database in ${dir} is in use by process ${pid}. ` +
        "Only one process may open it: stop that process, or point DATA_DIR elsewhere.",
    );
    expect(lockContent(dir)).toEqual({ pid, adminSocket: "/elsewhere/admin.sock" });
  });

  it("takes over a lock left by a process that died", () => {
    const dir = dataDir();
    const pid = deadPid();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid, adminSocket: "/gone/admin.sock" }));

    const release = lockDataDir(dir, "/mine/admin.sock");
    expect(lockContent(dir)).toEqual({ pid: process.pid, adminSocket: "/mine/admin.sock" });
    release();
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);
  });

  it("takes over a lock that names this very pid (an earlier life of it, as in a container)", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid: process.pid, adminSocket: "/before/admin.sock" }));
    const release = lockDataDir(dir);
    expect(lockContent(dir)).toEqual({ pid: process.pid });
    release();
  });

  it("takes over a lock file that is not JSON, or has no numeric pid", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "pglite.lock"), "not json");
    lockDataDir(dir)();

    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid: "123" }));
    const release = lockDataDir(dir);
    expect(lockContent(dir)).toEqual({ pid: process.pid });
    release();
  });

  it("release leaves a lock that another process took in the meantime", () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    const pid = liveProcess();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid }));
    release();
    expect(lockContent(dir)).toEqual({ pid });
  });

  it("release does not throw when the lock file is already gone", () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    rmSync(path.join(dir, "pglite.lock"));
    expect(() => release()).not.toThrow();
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);
  });

  it("passes on an error other than an existing lock (a lock path too long for the system)", () => {
    // A directory the system accepts, whose lock file path (12 characters more) it does not.
    let dir = dataDir();
    while (dir.length < 4090 - 201) dir = path.join(dir, "d".repeat(200));
    dir = path.join(dir, "e".repeat(4090 - dir.length - 1));
    expect(dir.length).toBe(4090);
    mkdirSync(dir, { recursive: true });

    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ code: "ENAMETOOLONG" }));
  });
});

describe("currentHolder", () => {
  it("is nobody when there is no lock file", () => {
    expect(currentHolder(dataDir())).toBeUndefined();
  });

  it("is the live process the lock names, with its socket", () => {
    const dir = dataDir();
    const pid = liveProcess();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid, adminSocket: "/srv/admin.sock" }));
    expect(currentHolder(dir)).toEqual({ pid, adminSocket: "/srv/admin.sock" });
  });

  it("is nobody when the process the lock names has died", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid: deadPid() }));
    expect(currentHolder(dir)).toBeUndefined();
  });

  it("is nobody when the lock names this process (it would not ask about itself)", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid: process.pid }));
    expect(currentHolder(dir)).toBeUndefined();
  });

  it("is nobody when the lock file is unreadable as JSON or its pid is not a number", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "pglite.lock"), "{");
    expect(currentHolder(dir)).toBeUndefined();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ adminSocket: "/srv/admin.sock" }));
    expect(currentHolder(dir)).toBeUndefined();
  });

  it("counts a process this user may not signal as alive (pid 1, unless running as root, answers EPERM)", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid: 1 }));
    expect(currentHolder(dir)).toEqual({ pid: 1 });
  });
});
