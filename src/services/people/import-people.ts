/** `org import-people`: an HR system's CSV export applied to the organisation in force. */
import type { PrismaClient } from "../../generated/prisma/client";
import { documentInForce } from "./document-in-force";
import { applyPeople, NO_ORGANISATION_YET } from "./apply-people";
import { readPeopleCsv, type PeopleColumnMapping } from "./hr-csv";

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
  // Asked first, so that a file is not read for nothing; merged into after it is read.
  const stored = await documentInForce(prisma);
  if (!stored) return { exitCode: 1, output: NO_ORGANISATION_YET };
  let csv;
  try {
    csv = await readPeopleCsv(input, options.mapping);
  } catch (error) {
    return { exitCode: 2, output: `${options.fileName}: ${(error as Error).message}` };
  }
  return applyPeople(prisma, {
    source: "hr-export",
    label: options.fileName,
    importName: `hr export ${options.fileName}`,
    people: csv.people,
    refused: csv.problems,
    removeMissing: options.removeMissing,
    dryRun: options.dryRun,
  }, stored);
}
