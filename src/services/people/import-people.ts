/**
 * `org import-people`: an HR export merged into the organisation in force and imported as
 * its next version, or, in a dry run, the changes it would make.
 */
import { organisationChecksum, parseOrganisation } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";
import { importOrganisation, storedOrganisation } from "../organisation-import";
import { readPeopleCsv, type PeopleColumnMapping } from "./hr-csv";
import { mergePeople, type PersonField, type Trust } from "./merge-people";

/** The HR system is where people are hired, moved and leave: what it says of them wins. */
const HR_EXPORT_TRUST: Partial<Record<PersonField, Trust>> = { name: "owns", department: "owns", start_date: "owns", fte: "owns" };

export interface PeopleImportOptions {
  fileName: string;
  mapping: PeopleColumnMapping;
  dryRun: boolean;
  removeMissing: boolean;
}

export interface PeopleImportResult {
  /** 0 done, 1 done with rows refused (or nothing done for a reason given), 2 unusable file. */
  exitCode: 0 | 1 | 2;
  output: string;
}

export async function importPeople(prisma: PrismaClient, input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, options: PeopleImportOptions): Promise<PeopleImportResult> {
  const stored = await storedOrganisation(prisma);
  if (!stored) return { exitCode: 1, output: "No organisation has been imported yet: its departments come first, with `npm run cli -- org import <file>`." };
  let csv;
  try {
    csv = await readPeopleCsv(input, options.mapping);
  } catch (error) {
    return { exitCode: 2, output: `${options.fileName}: ${(error as Error).message}` };
  }
  const merged = mergePeople(stored.text, csv.people, { trust: HR_EXPORT_TRUST, removeMissing: options.removeMissing, refusedRecords: csv.problems.length });
  const problems = [...csv.problems, ...merged.problems];
  const { created, updated, unchanged, removed } = merged.counts;
  const lines = [
    `${options.fileName}: ${created} new, ${updated} updated, ${unchanged} unchanged, ${removed} gone; ${problems.length} problem(s).`,
    ...problems,
  ];
  if (options.dryRun) {
    return { exitCode: problems.length ? 1 : 0, output: [...lines, ...merged.changes, "Dry run: nothing was imported."].join("\n") };
  }
  if (merged.changes.length === 0) return { exitCode: problems.length ? 1 : 0, output: [...lines, "Nothing to change."].join("\n") };
  // The merged document is checked as any organisation file is before anything is written.
  const organisation = parseOrganisation(merged.text, `${options.fileName} merged into ${stored.source}`);
  await importOrganisation(prisma, organisation, {
    name: `hr export ${options.fileName}`,
    checksum: organisationChecksum(merged.text),
    text: merged.text,
    basedOnImport: stored.id,
  });
  return { exitCode: problems.length ? 1 : 0, output: [...lines, "Imported: the running server takes it up within seconds."].join("\n") };
}
