/**
 * People from a source merged into the organisation in force and imported as its next
 * version, or, in a dry run, the changes it would make.
 */
import { organisationChecksum } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";
import { importOrganisation, OrganisationChangedError } from "../organisation-import";
import { documentInForce, validatedDocument, type DocumentInForce } from "./document-in-force";
import { mergePeople, type SourcePerson } from "./merge-people";
import { SOURCE_TRUST, type PeopleSourceName } from "./trust";

/** What a source said of its people, before it is merged. */
export interface SourceReading {
  people: SourcePerson[];
  /** The records the source refused, one sentence each. */
  refused: string[];
  /** Emails of people the source says have left (a deactivated account). */
  departed: string[];
}

export interface PeopleFromSource {
  source: PeopleSourceName;
  /** What the summary calls it: "people.csv", "Slack". */
  label: string;
  /** The source of the import it makes, as `org export` and the start-up summary name it. */
  importName: string;
  people: readonly SourcePerson[];
  /** The records the source refused, one sentence each. */
  refused: readonly string[];
  /** The source lists everyone: whoever it does not list has left. */
  removeMissing?: boolean;
  /** People the source says have left (a deactivated account). */
  departed?: readonly string[];
  dryRun: boolean;
}

export interface PeopleApplied {
  /** 0 done, 1 done with records refused or conflicts, or nothing done for a reason given. */
  exitCode: 0 | 1;
  output: string;
  /** The records refused and the conflicts, one sentence each, when the source was read. */
  problems?: readonly string[];
}

export const NO_ORGANISATION_YET = "No organisation has been imported yet: its departments come first, with `npm run cli -- org import <file>`.";

/**
 * `stored` is the organisation in force as the caller read it before reading the source, so
 * that the document of thousands of people is not read and parsed twice; when an import came
 * in since, the merge is made again on the newer one (once: as before, a second change in the
 * meantime is refused).
 */
export async function applyPeople(prisma: PrismaClient, from: PeopleFromSource, stored?: DocumentInForce): Promise<PeopleApplied> {
  const current = stored ?? (await documentInForce(prisma));
  if (!current) return { exitCode: 1, output: NO_ORGANISATION_YET };
  try {
    return await mergeAndImport(prisma, from, current);
  } catch (error) {
    if (!stored || !(error instanceof OrganisationChangedError)) throw error;
    return applyPeople(prisma, from);
  }
}

async function mergeAndImport(prisma: PrismaClient, from: PeopleFromSource, stored: DocumentInForce): Promise<PeopleApplied> {
  const merged = mergePeople(stored.document, from.people, {
    trust: SOURCE_TRUST[from.source],
    removeMissing: from.removeMissing ?? false,
    departed: from.departed ?? [],
    refusedRecords: from.refused.length,
  });
  const problems = [...from.refused, ...merged.problems];
  const { created, updated, unchanged, removed } = merged.counts;
  const lines = [`${from.label}: ${created} new, ${updated} updated, ${unchanged} unchanged, ${removed} gone; ${problems.length} problem(s).`, ...problems];
  const exitCode = problems.length ? 1 : 0;
  if (from.dryRun) return { exitCode, output: [...lines, ...merged.changes, "Dry run: nothing was imported."].join("\n"), problems };
  if (merged.changes.length === 0) return { exitCode, output: [...lines, "Nothing to change."].join("\n"), problems };
  // The merged document is checked as any organisation file is before anything is written.
  const organisation = validatedDocument(merged.document, merged.text, `${from.label} merged into ${stored.source}`);
  await importOrganisation(prisma, organisation, { name: from.importName, checksum: organisationChecksum(merged.text), text: merged.text, basedOnImport: stored.id, basedOnChange: stored.lastChange });
  return { exitCode, output: [...lines, "Imported: the running server takes it up within seconds."].join("\n"), problems };
}
