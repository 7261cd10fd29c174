/**
 * `npm run bench:org`: importing an organisation file of 1,000 and 10,000 employees, as
 * `npm run cli -- org import` does it (parse and validate, then `importOrganisation` in one
 * transaction), on PostgreSQL and on PGlite: the first import (everyone new) and a second one
 * in which every employee's name changed (everyone updated). Side by side, the row-by-row way
 * the import used to write employees (one INSERT per person in one transaction) on the same
 * database, an HR export merged in (`org import-people`), the Slack workspace synced
 * (`org sync slack`, against the local Slack API stand-in), SCIM provisioning (users created and
 * deactivated one request at a time over real HTTP, as Okta and Entra ID send them), and the
 * bound issue 14 sets: 10,000 employees in under 10 s on PostgreSQL.
 * Checks that the work was done: the employee count, and every name after the second import.
 * Writes its section of bench/RESULTS.md.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { organisationChecksum, parseOrganisation } from "../src/config/organisation";
import { importOrganisation } from "../src/services/organisation-import";
import { readSlackPeople, slackWorkspaceClient } from "../src/chat/slack/workspace-people";
import { createLogger } from "../src/logger";
import { applyPeople } from "../src/services/people/apply-people";
import { importPeople } from "../src/services/people/import-people";
import express from "express";
import { scimRouter } from "../src/http/scim";
import { startSlackApiStandIn } from "../test/helpers/slack";
import { listen } from "../test/helpers/teams";
import type { DatabaseKind } from "../test/helpers/databases";
import { log } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const SIZES = (process.env.BENCH_ORG_SIZES ?? "1000,10000").split(",").map(Number);
const KINDS = (process.env.BENCH_ORG_KINDS ?? "postgres,pglite").split(",") as DatabaseKind[];
const BOUND_S = 10;
const DEPARTMENTS = 30;
/** SCIM requests timed per size. */
const SCIM_REQUESTS = Number(process.env.BENCH_SCIM_REQUESTS ?? 20);
/** Okta and Entra ID may send several requests at once. */
const SCIM_PARALLEL = 8;
// The database helper reads its PostgreSQL server when it is loaded (in measure, below).
process.env.TEST_DATABASE_URL ??= process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** An organisation file of `people` employees in 30 departments; `generation` changes every name. */
function organisationFile(people: number, generation: number): string {
  const lines = ["company:", "  name: Bench Ltd", "  timezone: Asia/Jerusalem", "  locale: he", "sources:", "  scim:", "    default_department: dept0", "departments:"];
  for (let d = 0; d < DEPARTMENTS; d++) lines.push(`  - key: dept${d}`, `    name: Department ${d}`);
  lines.push("employees:");
  for (let i = 0; i < people; i++) {
    const n = String(i + 1).padStart(5, "0");
    lines.push(
      `  - email: p${n}@bench.example`,
      `    name: Person ${n} g${generation}`,
      `    department: dept${i % DEPARTMENTS}`,
      `    slack_id: U${n}`,
      `    fte: ${i % 5 === 0 ? 0.5 : 1}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The HR system's view of the same people: every name changed, the FTE of each fifth person too. */
function hrExport(people: number): string {
  const rows = ["email,name,department,fte"];
  for (let i = 0; i < people; i++) {
    const n = String(i + 1).padStart(5, "0");
    rows.push(`p${n}@bench.example,Person ${n} hr,dept${i % DEPARTMENTS},${i % 5 === 0 ? 0.8 : 1}`);
  }
  return rows.join("\r\n");
}

/** users.list pages of 200 for the same people; every tenth works from London (a time zone the file lacks). */
function slackPages(people: number): Record<string, unknown>[] {
  const pages: Record<string, unknown>[] = [];
  for (let start = 0; start < people; start += 200) {
    const members = [];
    for (let i = start; i < Math.min(people, start + 200); i++) {
      const n = String(i + 1).padStart(5, "0");
      members.push({ id: `U${n}`, real_name: `Slack ${n}`, tz: i % 10 === 0 ? "Europe/London" : "Asia/Jerusalem", profile: { email: `p${n}@bench.example`, real_name: `Slack ${n}` } });
    }
    pages.push({ ok: true, members, response_metadata: { next_cursor: start + 200 < people ? `page-${start + 200}` : "" } });
  }
  return pages;
}

interface Row {
  kind: DatabaseKind;
  people: number;
  firstS: number;
  updateS: number;
  hrExportS: number;
  slackSyncS: number;
  rowByRowS: number;
  /** Mean seconds of one SCIM POST (a new user) and of one PATCH (deactivating them). */
  scimCreateS: number;
  scimDeactivateS: number;
  /** Seconds per user created when the identity provider sends SCIM_PARALLEL requests at a time. */
  scimParallelS: number;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

async function measure(kind: DatabaseKind, people: number): Promise<Row> {
  const { migratedDatabase } = await import("../test/helpers/databases");
  const db = await migratedDatabase(kind);
  try {
    const importText = async (text: string) => {
      const start = performance.now();
      const organisation = parseOrganisation(text, "bench.yml");
      await importOrganisation(db.prisma, organisation, { name: "bench.yml", checksum: organisationChecksum(text), text });
      return seconds(start);
    };
    const firstS = await importText(organisationFile(people, 1));
    const updateS = await importText(organisationFile(people, 2));
    const count = await db.prisma.employee.count({ where: { active: true } });
    const renamed = await db.prisma.employee.count({ where: { name: { endsWith: " g2" } } });
    if (count !== people || renamed !== people) throw new Error(`${kind} ${people}: ${count} employees, ${renamed} renamed; expected ${people}`);

    // An HR export renaming everyone, merged into the organisation in force as `org import-people` does.
    const hrStart = performance.now();
    const hr = await importPeople(db.prisma, [hrExport(people)], { fileName: "people.csv", mapping: {}, dryRun: false, removeMissing: true });
    const hrExportS = seconds(hrStart);
    const fromHr = await db.prisma.employee.count({ where: { name: { endsWith: " hr" }, active: true } });
    if (hr.exitCode !== 0 || fromHr !== people) throw new Error(`${kind} ${people}: the HR export renamed ${fromHr}; expected ${people}: ${hr.output.slice(0, 300)}`);

    // The Slack workspace of the same people, read page by page from the stand-in as `org sync slack` does.
    const slack = await startSlackApiStandIn();
    let slackSyncS: number;
    try {
      const pages = slackPages(people);
      slack.script("users.list", ...pages.map((body) => ({ status: 200, body })));
      const slackStart = performance.now();
      const synced = await applyPeople(db.prisma, {
        source: "slack",
        label: "Slack",
        importName: "Slack workspace",
        ...(await readSlackPeople(slackWorkspaceClient({ botToken: "xoxb-bench", apiUrl: slack.url }, createLogger("silent")), { userGroups: {}, includeGuests: false })),
        dryRun: false,
      });
      slackSyncS = seconds(slackStart);
      const remote = await db.prisma.employee.count({ where: { timezone: "Europe/London", active: true } });
      if (synced.exitCode !== 0 || remote !== people / 10 || slack.callsOf("users.list").length !== pages.length) {
        throw new Error(`${kind} ${people}: the Slack sync moved ${remote} to London; expected ${people / 10}: ${synced.output.slice(0, 300)}`);
      }
    } finally {
      await slack.close();
    }

    // An identity provider creating, then deactivating, people one request at a time.
    const scim = await listen(express().use(scimRouter({ prisma: db.prisma, logger: createLogger("silent"), imported: async () => undefined, token: "bench-token" })));
    let scimCreateS: number;
    let scimDeactivateS: number;
    let scimParallelS: number;
    try {
      const call = async (method: string, resource: string, body: unknown, status: number) => {
        const response = await fetch(`${scim.url}/scim/v2${resource}`, { method, headers: { Authorization: "Bearer bench-token", "Content-Type": "application/scim+json" }, body: JSON.stringify(body) });
        const answer = (await response.json()) as { id: string };
        if (response.status !== status) throw new Error(`${kind} ${people}: SCIM ${method} ${resource} answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
        return answer;
      };
      const ids: string[] = [];
      const createStart = performance.now();
      for (let i = 0; i < SCIM_REQUESTS; i++) {
        const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `scim${i}@bench.example`, displayName: `SCIM ${i}`, active: true };
        ids.push((await call("POST", "/Users", user, 201)).id);
      }
      scimCreateS = seconds(createStart) / SCIM_REQUESTS;
      const deactivateStart = performance.now();
      for (const id of ids) {
        await call("PATCH", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] }, 200);
      }
      scimDeactivateS = seconds(deactivateStart) / SCIM_REQUESTS;
      const left = await db.prisma.employee.count({ where: { email: { startsWith: "scim" }, active: false } });
      if (left !== SCIM_REQUESTS) throw new Error(`${kind} ${people}: ${left} SCIM users deactivated; expected ${SCIM_REQUESTS}`);
      const parallelUsers = SCIM_REQUESTS * SCIM_PARALLEL;
      const parallelStart = performance.now();
      for (let wave = 0; wave < SCIM_REQUESTS; wave++) {
        await Promise.all(
          Array.from({ length: SCIM_PARALLEL }, (_, k) =>
            call("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `wave${wave}-${k}@bench.example`, displayName: `Wave ${wave} ${k}` }, 201),
          ),
        );
      }
      scimParallelS = seconds(parallelStart) / parallelUsers;
      const arrived = await db.prisma.employee.count({ where: { email: { startsWith: "wave" }, active: true } });
      if (arrived !== parallelUsers) throw new Error(`${kind} ${people}: ${arrived} SCIM users created in parallel; expected ${parallelUsers}`);
    } finally {
      await scim.close();
    }

    // The row-by-row way, on the same database: one INSERT per person in one transaction.
    const department = await db.prisma.department.findFirstOrThrow();
    const start = performance.now();
    await db.prisma.$transaction(
      async (tx) => {
        for (let i = 0; i < people; i++) {
          await tx.employee.create({ data: { email: `row${i}@baseline.example`, name: `Row ${i}`, departmentId: department.id, fte: 1 } });
        }
      },
      { timeout: 600_000 },
    );
    const rowByRowS = seconds(start);
    return { kind, people, firstS, updateS, hrExportS, slackSyncS, rowByRowS, scimCreateS, scimDeactivateS, scimParallelS };
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const kind of KINDS) {
    for (const people of SIZES) {
      log(`${kind}: ${people} employees`);
      rows.push(await measure(kind, people));
    }
  }
  const table = [
    `| database | employees | first import (all new) | second import (all updated) | HR export (all updated) | Slack sync (a tenth updated) | SCIM: one user created | SCIM: one user deactivated | SCIM: everyone, one request at a time | SCIM: everyone, ${SCIM_PARALLEL} requests at a time | row by row, one INSERT each | bound |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${r.people.toLocaleString("en")} | ${r.firstS.toFixed(2)} s | ${r.updateS.toFixed(2)} s | ${r.hrExportS.toFixed(2)} s | ${r.slackSyncS.toFixed(2)} s | ${r.scimCreateS.toFixed(3)} s | ${r.scimDeactivateS.toFixed(3)} s | ${((r.scimCreateS * r.people) / 60).toFixed(0)} min | ${((r.scimParallelS * r.people) / 60).toFixed(0)} min | ${r.rowByRowS.toFixed(2)} s | ` +
        `${r.kind === "postgres" && r.people >= 10_000 ? `< ${BOUND_S} s: ${Math.max(r.firstS, r.updateS, r.hrExportS, r.slackSyncS) < BOUND_S ? "met" : "NOT met"}` : "none"} |`,
    ),
  ];
  const body = [
    "## Organisation import",
    "",
    `\`${commandLine("bench:org")}\`, source ${sourceState(["src/", "bench/"], "src/ or bench/")}, ${new Date().toISOString()}.`,
    "",
    ...table,
    "",
    "Each import is timed from the file's text to the committed transaction: parsing and validating the YAML, then " +
      "`importOrganisation` (departments upserted, employees written with one set-based UPDATE and one INSERT, managers, the import record with the text). " +
      "Checked after the second import: every employee active and renamed. The HR export column is `org import-people` with a CSV " +
      "of everyone (every name and a fifth of the FTEs changed, `--remove-missing`): reading the CSV, merging it into the stored document, validating and importing it; checked: every employee renamed. The Slack sync column is `org sync slack` against the local Slack API stand-in, through the real Web API client: " +
      "`users.list` in pages of 200, merged (every tenth person gets a time zone the file lacked) and imported; checked: every page read, a tenth of the people moved to London. " +
      `The SCIM columns are the mean of ${SCIM_REQUESTS} sequential requests over real HTTP to \`/scim/v2\` (scimmy's router with this product's handlers): a POST creating a user, then a PATCH deactivating each; each writes only that person's row and one change on top of the import in force (\`npm run bench:scim\` times every kind of request, with the replicas taking it up). "Everyone" is the create time times the number of employees, what an identity provider's first push of the whole company would take, one request at a time or ${SCIM_PARALLEL} at a time (${SCIM_REQUESTS} waves of ${SCIM_PARALLEL} POSTs, each its own short transaction, one after another under the import lock); checked: every SCIM user created, the first ones then inactive. ` +
      "The row-by-row column inserts the same number of employees one `INSERT` at a time " +
      "in one transaction, as the import used to, on the same database.",
    "",
    "### Machine",
    "",
    ...machineLines(),
  ].join("\n");
  writeResultsSection(path.join(__dirname, "RESULTS.md"), "org", body);
  console.log(table.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
