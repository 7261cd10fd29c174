import { z } from "zod";
import { organisationChecksum, parseOrganisation, type Organisation } from "../config/organisation";
import { importOrganisation, storedOrganisation } from "../services/organisation-import";
import { createLogger, type Logger } from "../logger";
import { importComplaintsCsv, type ColumnMapping } from "../services/complaints/complaints-csv";
import type { Database } from "../store/database";
import { migrate } from "../store/migrate";
import { columnMappingSchema } from "./complaints-import";
import { peopleImportFields, type PeopleImportArguments } from "./people-import";
import { importPeople } from "../services/people/import-people";
import { syncPeople, type DirectorySource, type PeopleSourceReaders } from "../services/people/sync-people";
import { digestPreviewFields, runDigestPreview } from "./digest-preview";
import { reportPreviewFields, runReportPreview } from "./report-preview";
import { reportStatusFields, runReportStatus } from "./report-status";
import { runSeismographPreview, seismographPreviewFields } from "./seismograph-preview";
import { fromNotAfterTo, fromNotAfterToIssue, rotationReportFields, runRotationReport } from "./rotation-report";

/**
 * Administrative commands that need the database. The CLI runs them itself, or, while the
 * server holds the embedded database, hands them to the server over its admin socket. The
 * file travels as content so the server never reads paths it was handed.
 */
export const databaseCommandSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("org-import"), fileName: z.string(), content: z.string() }),
  z.object({ command: z.literal("org-export") }),
  z.object({ command: z.literal("db-migrate") }),
  z.object({ command: z.literal("complaints-import"), fileName: z.string(), content: z.string(), mapping: columnMappingSchema }),
  peopleImportFields.extend({ command: z.literal("people-import"), fileName: z.string(), content: z.string() }),
  z.object({ command: z.literal("people-sync"), source: z.enum(["slack", "microsoft365"]), dryRun: z.boolean() }),
  rotationReportFields
    .extend({
      command: z.literal("rotation-report"),
      organisationFile: z.object({ fileName: z.string(), content: z.string() }).optional(),
    })
    .refine(fromNotAfterTo, fromNotAfterToIssue),
  digestPreviewFields.extend({
    command: z.literal("digest-preview"),
    organisationFile: z.object({ fileName: z.string(), content: z.string() }).optional(),
  }),
  reportPreviewFields.extend({
    command: z.literal("report-preview"),
    organisationFile: z.object({ fileName: z.string(), content: z.string() }).optional(),
  }),
  reportStatusFields.extend({ command: z.literal("report-status") }),
  seismographPreviewFields.extend({
    command: z.literal("seismograph-preview"),
    organisationFile: z.object({ fileName: z.string(), content: z.string() }).optional(),
  }),
]);
export type DatabaseCommand = z.infer<typeof databaseCommandSchema>;

export interface CommandResult {
  exitCode: number;
  output: string;
}

/** What the process running a command knows besides the database. */
export interface CommandContext {
  /** The organisation the server holds in memory; absent when the CLI opened the database itself. */
  organisation?: () => Organisation | undefined;
  /** Tells the server an import landed, so it takes effect at once rather than at its next poll. */
  organisationImported?: () => Promise<unknown>;
  /** Reads the directories' people (Slack, Microsoft 365) where this process has their credentials. */
  peopleSources?: PeopleSourceReaders;
  /** COMPLAINTS_WEBHOOK_SECRET of the process running the command (the server's, through the socket). */
  complaintsSecret?: string;
  logger?: Logger;
}

/** Complaints from CSV text arriving in pieces (a file stream, or the content sent over the socket). */
export async function runComplaintsImport(
  db: Database,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  mapping: ColumnMapping,
  context: CommandContext,
): Promise<CommandResult> {
  await migrate(db.raw);
  const result = await importComplaintsCsv({ prisma: db.prisma, logger: context.logger ?? createLogger("silent") }, input, {
    mapping,
    secret: context.complaintsSecret,
    timeZone: context.organisation?.()?.company.timezone,
  });
  return { exitCode: result.exitCode, output: result.output };
}

/** People from an HR export, streamed when the CLI reads the file itself. */
export async function runPeopleImport(
  db: Database,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  args: PeopleImportArguments,
  context: CommandContext,
): Promise<CommandResult> {
  await migrate(db.raw);
  const { exitCode, output } = await importPeople(db.prisma, input, { fileName: args.file, mapping: args.mapping, dryRun: args.dryRun, removeMissing: args.removeMissing });
  if (!args.dryRun) await context.organisationImported?.();
  return { exitCode, output };
}

/** `org sync <source>`: a directory's people merged into the organisation in force. */
async function runPeopleSync(db: Database, source: DirectorySource, dryRun: boolean, context: CommandContext): Promise<CommandResult> {
  await migrate(db.raw);
  const { exitCode, output } = await syncPeople(db.prisma, source, context.peopleSources ?? {}, dryRun);
  if (!dryRun) await context.organisationImported?.();
  return { exitCode, output };
}

export async function runDatabaseCommand(command: DatabaseCommand, db: Database, context: CommandContext = {}): Promise<CommandResult> {
  try {
    if (command.command === "rotation-report") return await runRotationReport(command, db, await knownOrganisation(db, context, command.organisationFile), new Date());
    if (command.command === "digest-preview") return await runDigestPreview(command, db, await knownOrganisation(db, context, command.organisationFile));
    if (command.command === "report-status") return await runReportStatus(command, db);
    if (command.command === "report-preview") return await runReportPreview(command, db, await knownOrganisation(db, context, command.organisationFile), new Date());
    if (command.command === "seismograph-preview") return await runSeismographPreview(command, db, await knownOrganisation(db, context, command.organisationFile), new Date());
    if (command.command === "org-export") return await exportOrganisation(db);
    if (command.command === "complaints-import") return await runComplaintsImport(db, [command.content], command.mapping, context);
    if (command.command === "people-sync") return await runPeopleSync(db, command.source, command.dryRun, context);
    if (command.command === "people-import") return await runPeopleImport(db, [command.content], { ...command, file: command.fileName }, context);
    if (command.command === "db-migrate") {
      const applied = await migrate(db.raw);
      return {
        exitCode: 0,
        output: applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.",
      };
    }
    const organisation = parseOrganisation(command.content, command.fileName);
    await migrate(db.raw);
    const checksum = organisationChecksum(command.content);
    const s = await importOrganisation(db.prisma, organisation, { name: command.fileName, checksum, text: command.content });
    await context.organisationImported?.();
    return {
      exitCode: 0,
      output: s.unchanged
        ? `${command.fileName} is unchanged since the last import: nothing to do.`
        : `Imported ${command.fileName}: departments ${s.departments.created} new, ${s.departments.updated} updated, ` +
          `${s.departments.deactivated} deactivated; employees ${s.employees.created} new, ${s.employees.updated} updated, ` +
          `${s.employees.deactivated} deactivated.`,
    };
  } catch (error) {
    return { exitCode: 1, output: (error as Error).message };
  }
}

/**
 * The organisation a command works with: the server's when it runs there; otherwise the one
 * the database holds, unless ORG_FILE was sent along (the command then reads that file).
 */
async function knownOrganisation(db: Database, context: CommandContext, file: unknown): Promise<Organisation | undefined> {
  if (context.organisation) return context.organisation();
  if (file) return undefined;
  await migrate(db.raw);
  return (await storedOrganisation(db.prisma))?.organisation;
}

/** The last imported organisation file, byte for byte: `org import` takes it back as unchanged. */
async function exportOrganisation(db: Database): Promise<CommandResult> {
  await migrate(db.raw);
  const stored = await storedOrganisation(db.prisma);
  if (!stored) return { exitCode: 1, output: "No organisation has been imported yet: run `npm run cli -- org import <file>` first." };
  return { exitCode: 0, output: stored.text.replace(/\n$/, "") };
}
