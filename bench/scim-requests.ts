/**
 * `npm run bench:scim`: how long one SCIM request takes when the organisation has 1,000 and
 * 10,000 employees, over real HTTP to `/scim/v2` wired as the server wires it (the request
 * answers once this replica's live organisation has taken the change up), on PostgreSQL and
 * PGlite: a POST creating a user, a PUT renaming and moving them, an Entra PATCH giving them
 * a manager, a group PATCH adding them to another department, a PATCH deactivating them. A
 * second replica's refresh is timed too. Checks that the work was done: the people in the
 * database, in both replicas' organisations and in the document `org export` prints; one
 * change written per request and no import. Writes its section of bench/RESULTS.md.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import express from "express";
import { organisationChecksum, parseOrganisation } from "../src/config/organisation";
import { scimRouter } from "../src/http/scim";
import { createLogger } from "../src/logger";
import { importOrganisation, storedOrganisation } from "../src/services/organisation-import";
import { LiveOrganisation } from "../src/services/organisation-live";
import { listen } from "../test/helpers/teams";
import type { DatabaseKind } from "../test/helpers/databases";
import { log } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const SIZES = (process.env.BENCH_SCIM_SIZES ?? "1000,10000").split(",").map(Number);
const KINDS = (process.env.BENCH_SCIM_KINDS ?? "postgres,pglite").split(",") as DatabaseKind[];
/** Users taken through the five requests per size. */
const USERS = Number(process.env.BENCH_SCIM_USERS ?? 10);
const DEPARTMENTS = 30;
process.env.TEST_DATABASE_URL ??= process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const REQUESTS = ["POST user", "PUT user", "PATCH manager", "PATCH group members", "PATCH active false"] as const;

function organisationFile(people: number): string {
  const lines = ["company:", "  name: Bench Ltd", "  timezone: Asia/Jerusalem", "  locale: he", "sources:", "  scim:", "    default_department: dept0", "departments:"];
  for (let d = 0; d < DEPARTMENTS; d++) lines.push(`  - key: dept${d}`, `    name: Department ${d}`);
  lines.push("employees:");
  for (let i = 0; i < people; i++) {
    const n = String(i + 1).padStart(5, "0");
    lines.push(`  - email: p${n}@bench.example`, `    name: Person ${n}`, `    department: dept${i % DEPARTMENTS}`);
  }
  return `${lines.join("\n")}\n`;
}

interface Row {
  kind: DatabaseKind;
  people: number;
  /** Seconds of each request, by request. */
  times: Record<(typeof REQUESTS)[number], number[]>;
  /** Seconds a second replica took to take up one request's change. */
  replicaS: number[];
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(kind: DatabaseKind, people: number): Promise<Row> {
  const { migratedDatabase } = await import("../test/helpers/databases");
  const db = await migratedDatabase(kind);
  const logger = createLogger("silent");
  try {
    const text = organisationFile(people);
    await importOrganisation(db.prisma, parseOrganisation(text, "bench.yml"), { name: "bench.yml", checksum: organisationChecksum(text), text });
    const imports = await db.prisma.organisationImport.count();
    const live = new LiveOrganisation(db.prisma, logger);
    const replica = new LiveOrganisation(db.prisma, logger);
    await live.refresh("start-up");
    await replica.refresh("start-up");
    const scim = await listen(express().use(scimRouter({ prisma: db.prisma, logger, imported: () => live.refresh("provisioned over SCIM"), token: "bench-token" })));
    const manager = (await db.prisma.employee.findUniqueOrThrow({ where: { email: "p00001@bench.example" }, select: { id: true } })).id;
    const times = Object.fromEntries(REQUESTS.map((r) => [r, [] as number[]])) as Row["times"];
    const replicaS: number[] = [];
    try {
      const call = async (request: (typeof REQUESTS)[number], method: string, resource: string, body: unknown, status: number) => {
        const start = performance.now();
        const response = await fetch(`${scim.url}/scim/v2${resource}`, { method, headers: { Authorization: "Bearer bench-token", "Content-Type": "application/scim+json" }, body: JSON.stringify(body) });
        const text = await response.text();
        times[request].push(seconds(start));
        if (response.status !== status) throw new Error(`${kind} ${people}: SCIM ${method} ${resource} answered ${response.status}: ${text.slice(0, 300)}`);
        const replicaStart = performance.now();
        if (!(await replica.refresh("imported elsewhere"))) throw new Error(`${kind} ${people}: the second replica saw no change after ${request}`);
        replicaS.push(seconds(replicaStart));
        return (text ? JSON.parse(text) : {}) as { id: string };
      };
      for (let i = 0; i < USERS; i++) {
        const userName = `scim${i}@bench.example`;
        const { id } = await call("POST user", "POST", "/Users", { schemas: [USER], userName, displayName: `SCIM ${i}`, externalId: `ext-${i}`, active: true }, 201);
        await call("PUT user", "PUT", `/Users/${id}`, { schemas: [USER, ENTERPRISE], userName, displayName: `SCIM ${i} renamed`, externalId: `ext-${i}`, active: true, [ENTERPRISE]: { department: "dept1" } }, 200);
        await call("PATCH manager", "PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: String(manager) }] }, 200);
        await call("PATCH group members", "PATCH", "/Groups/dept2", { schemas: [PATCH_OP], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] }, 200);
        // The last of them stay, so that the check below finds them everywhere.
        if (i < USERS / 2) await call("PATCH active false", "PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] }, 200);
      }
    } finally {
      await scim.close();
    }

    // The work was done: in the database, in both replicas, in the document; written change by change.
    const staying = Array.from({ length: USERS }, (_, i) => i).filter((i) => i >= USERS / 2);
    const rows = await db.prisma.employee.findMany({ where: { email: { startsWith: "scim" } }, include: { department: true } });
    const inDb = rows.filter((r) => r.active && r.department?.key === "dept2" && r.name.endsWith("renamed") && r.scimManagerId === manager).length;
    const stored = (await storedOrganisation(db.prisma))!;
    const holding = (employees: { email: string; department: string }[]) => staying.filter((i) => employees.some((e) => e.email === `scim${i}@bench.example` && e.department === "dept2")).length;
    const managed = stored.organisation.departments.find((d) => d.key === "dept1")!.managers.includes("p00001@bench.example");
    const changes = await db.prisma.peopleChange.count();
    const expectedChanges = USERS * 4 + Math.ceil(USERS / 2);
    const checks = [
      [inDb, staying.length, "active, renamed, in dept2 with their manager"],
      [holding(live.organisation()!.employees), staying.length, "in dept2 in the first replica"],
      [holding(replica.organisation()!.employees), staying.length, "in dept2 in the second replica"],
      [holding(stored.organisation.employees), staying.length, "in dept2 in the document"],
      [live.organisation()!.employees.length, people + staying.length, "employees in the first replica"],
      [Number(managed), 1, "the manager managing dept1 in the document"],
      [changes, expectedChanges, "changes written"],
      [await db.prisma.organisationImport.count(), imports, "imports"],
    ] as const;
    for (const [found, expected, what] of checks) if (found !== expected) throw new Error(`${kind} ${people}: ${found} ${what}; expected ${expected}`);
    return { kind, people, times, replicaS };
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
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
  const table = [
    `| database | employees | ${REQUESTS.join(" | ")} | a second replica takes it up | everyone created, one request at a time |`,
    `| --- | ---: | ${REQUESTS.map(() => "---:").join(" | ")} | ---: | ---: |`,
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${r.people.toLocaleString("en")} | ${REQUESTS.map((q) => `${ms(median(r.times[q]))} (max ${ms(Math.max(...r.times[q]))})`).join(" | ")} | ` +
        `${ms(median(r.replicaS))} (max ${ms(Math.max(...r.replicaS))}) | ${((median(r.times["POST user"]) * r.people) / 60).toFixed(1)} min |`,
    ),
  ];
  const body = [
    "## SCIM requests",
    "",
    `\`${commandLine("bench:scim")}\`, source ${sourceState(["src/", "bench/"], "src/ or bench/")}, ${new Date().toISOString()}.`,
    "",
    ...table,
    "",
    `Median (and slowest) of ${USERS} users taken through each request in turn, over real HTTP to \`/scim/v2\` with scimmy's router and this product's handlers, ` +
      "each timed until the answer, which comes once this replica's live organisation has the change (as `src/app.ts` wires it); half the users are then deactivated. " +
      "After each request a second replica refreshes (the poll every replica makes every two seconds), timed on its own. " +
      "Each request writes its people's rows and one `people_changes` row each, on top of the import in force; the replicas apply the new changes to the organisation they hold without parsing the document. " +
      "Checked: the users active, renamed, in the group's department and with their manager in the database, in both replicas and in the document `org export` prints; the manager managing their department; " +
      "one change per request that changed something; no import made. \"Everyone\" is the POST time times the number of employees, an identity provider's first push of the whole company.",
    "",
    "### Machine",
    "",
    ...machineLines(),
  ].join("\n");
  writeResultsSection(path.join(__dirname, "RESULTS.md"), "scim", body);
  console.log(table.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
