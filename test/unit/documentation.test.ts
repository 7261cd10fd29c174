/**
 * A newcomer finds everything documented: every environment variable the bot reads is in
 * .env.example and in the README's table (and .env.example as it stands configures what no
 * environment does), every admin CLI command and every HTTP endpoint is in the README, and
 * nothing points outside the repository.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/env";
import { SLACK_EVENTS_PATH } from "../../src/chat/slack/app";
import { COMPLAINTS_PATH } from "../../src/http/complaints-webhook";
import { PRIVACY_PATH, TERMS_PATH } from "../../src/http/legal-pages";
import { CHART_PATH } from "../../src/services/complaints/weekly-digest";

const ROOT = join(__dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const README = read("README.md");
const ENV_EXAMPLE = read(".env.example");

/** The keys of the environment schema in src/config/env.ts, read from its source. */
function environmentVariables(): string[] {
  const source = read("src/config/env.ts");
  const start = source.indexOf("const envSchema = z.object({");
  const block = source.slice(start, source.indexOf("\n});", start));
  return [...block.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

/** The uncommented NAME=value lines of .env.example. */
function exampleValues(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of ENV_EXAMPLE.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return path === "src/generated" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("environment variables", () => {
  const variables = environmentVariables();

  it("are read from the schema", () => {
    expect(variables).toEqual(expect.arrayContaining(["DATABASE_URL", "PORT", "SLACK_BOT_TOKEN", "PUBLIC_URL"]));
  });

  it("are each listed in .env.example, with a comment line above", () => {
    const lines = ENV_EXAMPLE.split("\n");
    const missing = variables.filter((name) => {
      const index = lines.findIndex((line) => new RegExp(`^(# )?${name}=`).test(line));
      return index < 1 || !lines[index - 1]!.startsWith("# ");
    });
    expect(missing).toEqual([]);
  });

  it("are each in the README's table", () => {
    expect(variables.filter((name) => !README.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it(".env.example as it stands configures the same as an empty environment", () => {
    expect(loadConfig(exampleValues())).toEqual(loadConfig({}));
  });

  it("nothing in .env.example is a secret or a real address", () => {
    for (const [name, value] of Object.entries(exampleValues())) {
      if (/TOKEN|SECRET|PASSWORD|URL|ID$/.test(name)) expect(`${name}=${value}`).toBe(`${name}=`);
    }
  });
});

it("the README documents every admin CLI command", () => {
  const commands = [...read("src/cli/main.ts").matchAll(/case "([a-z ]+)":/g)].map((m) => m[1]!);
  expect(commands.length).toBeGreaterThanOrEqual(6);
  expect(commands.filter((command) => !README.includes(`| \`${command}`))).toEqual([]);
});

it("the README documents every HTTP endpoint", () => {
  const routes = new Set<string>([
    `POST ${SLACK_EVENTS_PATH}`,
    `POST ${COMPLAINTS_PATH}`,
    `GET ${CHART_PATH}/`,
    `GET ${PRIVACY_PATH}`,
    `GET ${TERMS_PATH}`,
    // Routes the console and the Teams tab build from their path constants, which the scan below cannot read.
    "GET /app/console",
    "GET /app/console/rotation",
    "POST /app/console/rotation/assign",
    "POST /app/console/rotation/absence",
    "GET /app/console/rotation/hours.csv",
    "GET /app/console/ideas",
    "GET /app/console/ideas/<id>",
    "GET /app/console/stories",
    "GET /app/console/complaints",
    "GET /app/console/complaints/behind",
    "GET /app/console/quarterly",
    "GET /app/teams-tab",
    "POST /app/sign-in/teams",
  ]);
  for (const file of sourceFiles("src")) {
    for (const m of read(file).matchAll(/\b(?:router|http|app)\.(get|post|put|delete)\(\s*"(\/[^"]*)"/g)) {
      routes.add(`${m[1]!.toUpperCase()} ${m[2]!.split(":")[0]}`);
    }
  }
  expect(routes.size).toBeGreaterThanOrEqual(10);
  const table = README.slice(README.indexOf("## HTTP endpoints"));
  expect([...routes].filter((route) => !table.includes(`| \`${route}`))).toEqual([]);
});

it("nothing points outside the repository", () => {
  const files = ["README.md", ".env.example", "docs/organisation.md", "examples/org.yml", ...sourceFiles("src")];
  const outside = files.flatMap((file) =>
    read(file)
      .split("\n")
      .filter((line) => /\.\.\/shared\/|DESIGN\.md/.test(line))
      .map((line) => `${file}: ${line.trim()}`),
  );
  expect(outside).toEqual([]);
});
