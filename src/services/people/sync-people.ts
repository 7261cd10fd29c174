/**
 * `org sync <source>` and the nightly sync: a directory's people (Slack, Microsoft 365) read
 * with the settings the organisation names, then merged and imported.
 */
import type { Organisation } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";
import { documentInForce } from "./document-in-force";
import { applyPeople, NO_ORGANISATION_YET, type PeopleApplied, type SourceReading } from "./apply-people";

type Sources = Organisation["sources"];

/** The sources read in full on a schedule (SCIM instead tells of each change as it happens). */
export type DirectorySource = "slack" | "microsoft365";
/** How this process reads each directory; absent where it has no credentials for it. */
export type PeopleSourceReaders = { [S in DirectorySource]?: (settings: NonNullable<Sources[S]>) => Promise<SourceReading> };
export const DIRECTORY_SOURCES: readonly DirectorySource[] = ["slack", "microsoft365"];

const DESCRIBED: Record<DirectorySource, { label: string; importName: string; notConfigured: string }> = {
  slack: {
    label: "Slack",
    importName: "Slack workspace",
    notConfigured: "Slack is not configured here: set SLACK_BOT_TOKEN (with users:read, users:read.email and usergroups:read).",
  },
  microsoft365: {
    label: "Microsoft 365",
    importName: "Microsoft 365 directory",
    notConfigured:
      "Microsoft Graph is not configured here: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID (the app needs the User.Read.All and GroupMember.Read.All application permissions).",
  },
};

/** What messages call the directory: "Slack", "Microsoft 365". */
export const sourceLabel = (source: DirectorySource) => DESCRIBED[source].label;

export async function syncPeople(prisma: PrismaClient, source: DirectorySource, readers: PeopleSourceReaders, dryRun: boolean): Promise<PeopleApplied> {
  const stored = await documentInForce(prisma);
  if (!stored) return { exitCode: 1, output: NO_ORGANISATION_YET };
  const described = DESCRIBED[source];
  const settings = stored.organisation.sources[source];
  if (!settings) return { exitCode: 1, output: `The organisation does not take people from ${described.label}: add \`sources.${source}\` to its file (docs/organisation.md) and import it.` };
  const read = readers[source] as ((settings: NonNullable<Sources[DirectorySource]>) => Promise<SourceReading>) | undefined;
  if (!read) return { exitCode: 1, output: described.notConfigured };
  return applyPeople(prisma, { source, label: described.label, importName: described.importName, ...(await read(settings)), dryRun }, stored);
}
