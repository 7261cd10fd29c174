/**
 * `npm run bench:org`: importing an organisation file of 1,000 and 10,000 employees, as
 * `npm run cli -- org import` does it (parse and validate, then `importOrganisation` in one
 * transaction), on PostgreSQL and on PGlite: the first import (everyone new) and a second one
 * in which every employee's name changed (everyone updated). Side by side, the row-by-row way
 * the import used to write employees (one INSERT per person in one transaction) on the same
 * database, and the bound issue 14 sets: 10,000 employees in under 10 s on PostgreSQL.
 * Checks that the work was done: the employee count, and every name after the second import.
 * Writes its section of bench/RESULTS.md.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { organisationChecksum, parseOrganisation } from "../src/config/organisation";
import { importOrganisation } from "../src/services/organisation-import";
import type { DatabaseKind } from "../test/helpers/databases";
import { log } from "./harness";
import { commandLine, machineLines, sourceState } from "./machine";
import { writeResultsSection } from "./results-file";

const SIZES = (process.env.BENCH_ORG_SIZES ?? "1000,10000").split(",").map(Number);
const KINDS: DatabaseKind[] = ["postgres", "pglite"];
const BOUND_S = 10;
const DEPARTMENTS = 30;
// The database helper reads its PostgreSQL server when it is loaded (in measure, below).
process.env.TEST_DATABASE_URL ??= process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** An organisation file of `people` employees in 30 departments; `generation` changes every name. */
function organisationFile(people: number, generation: number): string {
  const lines = ["company:", "  name: Bench Ltd", "  timezone: Asia/Jerusalem", "  locale: he", "departments:"];
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

interface Row {
  kind: DatabaseKind;
  people: number;
  firstS: number;
  updateS: number;
  rowByRowS: number;
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
    return { kind, people, firstS, updateS, rowByRowS };
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
    "| database | employees | first import (all new) | second import (all updated) | row by row, one INSERT each | bound |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${r.people.toLocaleString("en")} | ${r.firstS.toFixed(2)} s | ${r.updateS.toFixed(2)} s | ${r.rowByRowS.toFixed(2)} s | ` +
        `${r.kind === "postgres" && r.people >= 10_000 ? `< ${BOUND_S} s: ${Math.max(r.firstS, r.updateS) < BOUND_S ? "met" : "NOT met"}` : "none"} |`,
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
      "Checked after the second import: every employee active and renamed. The row-by-row column inserts the same number of employees one `INSERT` at a time " +
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
