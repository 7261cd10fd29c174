import { organisationChecksum, parseOrganisation, type Organisation } from "../config/organisation";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { applyToDocument, changesOn, lastChangeOn } from "./people/people-changes";

export interface ImportSummary {
  departments: { created: number; updated: number; deactivated: number };
  employees: { created: number; updated: number; deactivated: number };
  /** True when the file was identical to the last one imported and nothing was done. */
  unchanged: boolean;
}

/**
 * Imports wait for one another (replicas starting together on an empty database, two CLI
 * imports): the second then sees the first's result instead of inserting the same keys.
 * SCIM changes take it too, so each lands wholly before or after an import.
 */
export const IMPORT_LOCK = 7_240_001;

/** The columns of an employee as the set-based writes below read them from JSON. */
const EMPLOYEE_RECORD = Prisma.raw(
  "email text, name text, department_id int, slack_user_id text, teams_user_id text, timezone text, " +
    "locale text, fte float8, start_date date, is_admin boolean",
);

function employeeRow(e: Organisation["employees"][number], departmentIds: Map<string, number>) {
  return {
    email: e.email,
    name: e.name,
    department_id: departmentIds.get(e.department) ?? null,
    slack_user_id: e.slackId ?? null,
    teams_user_id: e.teamsId ?? null,
    timezone: e.timezone ?? null,
    locale: e.locale ?? null,
    fte: e.fte,
    start_date: e.startDate ?? null,
    is_admin: e.isAdmin,
  };
}

export class OrganisationChangedError extends Error {
  override name = "OrganisationChangedError";
  constructor() {
    super("The organisation was imported again meanwhile: nothing was changed; run the command again");
  }
}

/**
 * Makes the database describe the organisation in the file, in one transaction: departments
 * and employees are matched by key and email and upserted; those missing from the file are
 * deactivated, never deleted, so their ideas, shifts and history stay. Importing the same
 * file twice changes nothing the second time.
 */
export async function importOrganisation(
  prisma: PrismaClient,
  organisation: Organisation,
  source: {
    name: string;
    checksum: string;
    text?: string;
    basedOnImport?: number;
    /** The newest SCIM change on top of that import the document includes (null: none). */
    basedOnChange?: number | null;
  },
): Promise<ImportSummary> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`;
      const last = await tx.organisationImport.findFirst({ orderBy: { id: "desc" } });
      const lastChange = last ? await lastChangeOn(tx, last.id) : null;
      // A document built from an earlier import, or before a SCIM change, would undo what came since.
      if (source.basedOnImport !== undefined && (last?.id !== source.basedOnImport || lastChange !== (source.basedOnChange ?? null))) {
        throw new OrganisationChangedError();
      }
      const summary: ImportSummary = {
        departments: { created: 0, updated: 0, deactivated: 0 },
        employees: { created: 0, updated: 0, deactivated: 0 },
        // An import made before the text was kept is redone once so that the text is stored;
        // the same file again after SCIM changes is imported again, undoing them as any import does.
        unchanged: last?.checksum === source.checksum && (last.document !== null || source.text === undefined) && lastChange === null,
      };
      if (summary.unchanged) return summary;

      const existingDepartments = new Map((await tx.department.findMany()).map((d) => [d.key, d]));
      const departmentIds = new Map<string, number>();
      for (const d of organisation.departments) {
        const data = {
          name: d.name,
          slackChannel: d.slackChannel ?? null,
          teamsChannel: d.teamsChannel ?? null,
          timezone: d.timezone,
          complaintKeywords: d.complaints.keywords,
          complaintPatterns: d.complaints.patterns,
          active: true,
        };
        const existing = existingDepartments.get(d.key);
        const saved = existing
          ? await tx.department.update({ where: { id: existing.id }, data })
          : await tx.department.create({ data: { key: d.key, ...data } });
        summary.departments[existing ? "updated" : "created"] += 1;
        departmentIds.set(d.key, saved.id);
      }
      const gone = [...existingDepartments.values()].filter((d) => d.active && !departmentIds.has(d.key));
      if (gone.length > 0) {
        await tx.department.updateMany({ where: { id: { in: gone.map((d) => d.id) } }, data: { active: false } });
        summary.departments.deactivated = gone.length;
      }

      // Identities move between people (a Slack id reassigned): clear them first so the
      // unique constraints hold while the rows are written.
      await tx.employee.updateMany({ data: { slackUserId: null, teamsUserId: null } });
      const existingEmployees = new Map((await tx.employee.findMany()).map((e) => [e.email, e]));
      const rows = organisation.employees.map((e) => employeeRow(e, departmentIds));
      const updates = rows.filter((row) => existingEmployees.has(row.email));
      const creations = rows.filter((row) => !existingEmployees.has(row.email));
      // One statement each for the updated and the new, whatever their number: a company of
      // 10,000 is two statements, not 10,000 round trips.
      if (updates.length > 0) {
        await tx.$executeRaw`
          UPDATE employees AS e
          SET name = v.name, department_id = v.department_id, slack_user_id = v.slack_user_id,
              teams_user_id = v.teams_user_id, timezone = v.timezone, locale = v.locale, fte = v.fte,
              start_date = v.start_date, is_admin = v.is_admin, active = true, deactivated_at = NULL,
              updated_at = now()
          FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS v(${EMPLOYEE_RECORD})
          WHERE e.email = v.email`;
      }
      if (creations.length > 0) {
        await tx.$executeRaw`
          INSERT INTO employees (email, name, department_id, slack_user_id, teams_user_id, timezone, locale, fte,
                                 start_date, is_admin, active, calendar_token, updated_at)
          SELECT v.email, v.name, v.department_id, v.slack_user_id, v.teams_user_id, v.timezone, v.locale, v.fte,
                 v.start_date, v.is_admin, true, gen_random_uuid()::text, now()
          FROM jsonb_to_recordset(${JSON.stringify(creations)}::jsonb) AS v(${EMPLOYEE_RECORD})`;
      }
      summary.employees.updated = updates.length;
      summary.employees.created = creations.length;
      const employeeIds = new Map(
        (await tx.employee.findMany({ where: { email: { in: rows.map((row) => row.email) } }, select: { id: true, email: true } })).map((e) => [e.email, e.id]),
      );
      const leaving = [...existingEmployees.values()].filter((e) => e.active && !employeeIds.has(e.email));
      if (leaving.length > 0) {
        await tx.employee.updateMany({
          where: { id: { in: leaving.map((e) => e.id) } },
          data: { active: false, deactivatedAt: new Date() },
        });
        summary.employees.deactivated = leaving.length;
      }

      await tx.departmentManager.deleteMany();
      await tx.departmentManager.createMany({
        data: organisation.departments.flatMap((d) =>
          d.managers.map((email) => ({ departmentId: departmentIds.get(d.key)!, employeeId: employeeIds.get(email)! })),
        ),
      });

      await tx.organisationImport.create({
        data: { checksum: source.checksum, source: source.name, summary: { ...summary }, document: source.text ?? null },
      });
      return summary;
    },
    // Large organisations take a while on the embedded database's single connection.
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export interface StoredOrganisation {
  id: number;
  /** The newest SCIM change applied on top of the import, or null. */
  lastChange: number | null;
  organisation: Organisation;
  checksum: string;
  text: string;
  source: string;
}

/**
 * The organisation of the last import that kept its file's text, with the SCIM changes made
 * since applied, parsed again with today's schema, so the server and the CLI have every
 * setting without ORG_FILE.
 */
export async function storedOrganisation(prisma: PrismaClient): Promise<StoredOrganisation | undefined> {
  const last = await prisma.organisationImport.findFirst({ where: { document: { not: null } }, orderBy: { id: "desc" } });
  if (!last?.document) return undefined;
  const changes = await changesOn(prisma, last.id);
  const text = applyToDocument(last.document, changes);
  const source = changes.length ? `${last.source} and SCIM changes since` : last.source;
  return {
    id: last.id,
    lastChange: changes.at(-1)?.id ?? null,
    organisation: parseOrganisation(text, `${source} (as imported into the database)`),
    checksum: changes.length ? organisationChecksum(text) : last.checksum,
    text,
    source,
  };
}
