import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";

/** The bot and the CLI as an administrator runs them: real processes, run through tsx. */
const tsx = ["--import", "tsx"];

/** The test's environment without any platform, database or organisation settings. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env, LOG_LEVEL: "info" } as NodeJS.ProcessEnv;
  for (const k of ["DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "ORG_FILE"]) delete env[k];
  return env;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [...tsx, "src/cli/main.ts", ...args], { env, encoding: "utf8", timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, out: `${result.stdout}${result.stderr}` };
}

/** The CLI without blocking this process, for when the server it talks to runs in this process. */
export function runCliBeside(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tsx, "src/cli/main.ts", ...args], { env, encoding: "utf8", timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, out: `${stdout}${stderr}` });
    });
  });
}

export function runBot(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [...tsx, "src/main.ts"], { env });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

export async function waitForOutput(output: () => string, pattern: RegExp, timeoutMs = 240_000): Promise<RegExpMatchArray> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const match = output().match(pattern);
    if (match) return match;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in output:\n${output()}`);
}
