/**
 * People provisioned by an identity provider (Okta, Microsoft Entra ID) over SCIM. A request
 * writes only what it changes, in one transaction: the employees it touches, their department
 * managers, and one change each in `people_changes` on top of the import in force (see
 * people-changes.ts), from which every replica, `org export` and the next source's merge take
 * the organisation in force. Whole-organisation imports are for files and bulk sources; at
 * 10,000 people one took seconds per request.
 */
import { parseOrganisation, type Locale, type Organisation } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Tx } from "../deps";
import { IMPORT_LOCK, importOrganisation, OrganisationChangedError, storedOrganisation } from "../organisation-import";
import { NO_ORGANISATION_YET } from "./apply-people";
import type { ChangeValues, PeopleChangeEntry } from "./people-changes";

/** An employee as the identity provider sees them. */
export interface ProvisionedPerson {
  id: number;
  email: string;
  name: string;
  active: boolean;
  locale: string | null;
  timezone: string | null;
  externalId: string | null;
  manager: { id: number; name: string } | null;
  department: { key: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProvisionedDepartment {
  key: string;
  name: string;
  members: { id: number; name: string }[];
}

/** Why a change was refused, in the identity provider's terms (SCIM's status and scimType). */
export class ProvisioningRefused extends Error {
  override name = "ProvisioningRefused";
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly scimType: "invalidValue" | "uniqueness" | "mutability" | null,
    message: string,
  ) {
    super(message);
  }
}

const personSelect = {
  id: true,
  email: true,
  name: true,
  active: true,
  locale: true,
  timezone: true,
  scimExternalId: true,
  createdAt: true,
  updatedAt: true,
  scimManager: { select: { id: true, name: true } },
  department: { select: { key: true, name: true } },
} as const;

export async function findPeople(prisma: PrismaClient, where: { id?: number; email?: string; externalId?: string } = {}): Promise<ProvisionedPerson[]> {
  const rows = await prisma.employee.findMany({
    where: { id: where.id, email: where.email?.toLowerCase(), scimExternalId: where.externalId },
    select: personSelect,
    orderBy: { id: "asc" },
  });
  return rows.map(({ scimExternalId, scimManager, ...person }) => ({ ...person, externalId: scimExternalId, manager: scimManager }));
}

export async function findDepartments(prisma: PrismaClient, key?: string): Promise<ProvisionedDepartment[]> {
  const departments = await prisma.department.findMany({
    where: { key, active: true },
    select: { key: true, name: true, employees: { where: { active: true }, select: { id: true, name: true }, orderBy: { id: "asc" } } },
    orderBy: { key: "asc" },
  });
  return departments.map((d) => ({ key: d.key, name: d.name, members: d.employees }));
}

export interface PersonChange {
  email: string;
  /** The fields the identity provider sent; absent ones are left as they are. */
  values: { name?: string; department?: string; timezone?: string; locale?: Locale };
  active: boolean;
  /** The identity provider's id of the person; null clears it, absent leaves it. */
  externalId?: string | null;
  /** The employee id of the person's manager; null clears it, absent leaves it. */
  managerId?: number | null;
}

/** The organisation parsed from each process's last import read, so a request need not parse it again. */
const parsed = new WeakMap<PrismaClient, { id: number; organisation: Organisation }>();

async function importInForce(prisma: PrismaClient, tx: Tx): Promise<{ id: number; organisation: Organisation }> {
  const last = await tx.organisationImport.findFirst({ where: { document: { not: null } }, orderBy: { id: "desc" }, select: { id: true } });
  if (!last) throw new ProvisioningRefused(403, null, NO_ORGANISATION_YET);
  const cached = parsed.get(prisma);
  if (cached?.id === last.id) return cached;
  const { document, source } = await tx.organisationImport.findUniqueOrThrow({ where: { id: last.id }, select: { document: true, source: true } });
  // SCIM changes touch people only: the import's own document has every setting and department.
  const fresh = { id: last.id, organisation: parseOrganisation(document!, `${source} (as imported into the database)`) };
  parsed.set(prisma, fresh);
  return fresh;
}

function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const invalid = (message: string) => new ProvisioningRefused(400, "invalidValue", message);

/** Writes one person's change and says what it changed in the organisation's terms; null when nothing. */
async function writeChange(tx: Tx, organisation: Organisation, change: PersonChange): Promise<PeopleChangeEntry | null> {
  const email = change.email.toLowerCase();
  const where = `SCIM user ${email}`;
  const row = await tx.employee.findUnique({
    where: { email },
    select: { id: true, active: true, name: true, timezone: true, locale: true, scimExternalId: true, scimManagerId: true, department: { select: { key: true } } },
  });
  if (!change.active) {
    if (!row?.active) return null;
    // As an import leaves them: their chat identities free for whoever has them next.
    await tx.employee.update({ where: { id: row.id }, data: { active: false, deactivatedAt: new Date(), slackUserId: null, teamsUserId: null } });
    await tx.departmentManager.deleteMany({ where: { employeeId: row.id } });
    return { email, kind: "leave", values: {}, managerEmail: null, managerOf: null };
  }

  const departments = organisation.departments;
  const named = change.values.department;
  const sent = named === undefined ? undefined : departments.find((d) => [d.key, d.name].some((word) => word.trim().toLowerCase() === named.trim().toLowerCase()));
  if (named !== undefined && !sent) {
    throw invalid(`${where}: "${named}" is not a department of the organisation (known: ${departments.map((d) => d.key).join(", ")}); ${email} is left out`);
  }
  // Someone who left comes back as anyone new does: with a name and a department.
  const hire = !row?.active;
  const scim = organisation.sources.scim!;
  const departmentKey = sent?.key ?? (hire ? scim.defaultDepartment : row!.department?.key);
  if (!departmentKey) {
    throw invalid(`${email} is new and names no department: send the enterprise extension's department, add them to a group, or set sources.scim.default_department`);
  }
  const name = change.values.name ?? (hire ? undefined : row!.name);
  if (!name) throw invalid(`${where}: ${email} is not in the organisation and has no name here; left out`);
  const zone = change.values.timezone === undefined ? undefined : canonicalZone(change.values.timezone);
  if (change.values.timezone !== undefined && !zone) throw invalid(`${where}: timezone "${change.values.timezone}" is not an IANA time zone such as Asia/Jerusalem`);

  // Time zone and language only fill what the document leaves unsaid, and what applies anyway is not written.
  const company = organisation.company;
  const impliedZone = departments.find((d) => d.key === (hire ? departmentKey : (row!.department?.key ?? departmentKey)))?.timezone ?? company.timezone;
  const values: ChangeValues = {};
  if (hire || name !== row!.name) values.name = name;
  if (hire || departmentKey !== row!.department?.key) values.department = departmentKey;
  if (zone && zone !== impliedZone && (hire || row!.timezone === null || row!.timezone === company.timezone)) values.timezone = zone;
  const locale = change.values.locale;
  if (locale && locale !== company.locale && (hire || row!.locale === null)) values.locale = locale;

  if (change.externalId) {
    const other = await tx.employee.findFirst({ where: { scimExternalId: change.externalId, active: true, email: { not: email } }, select: { email: true } });
    if (other) throw new ProvisioningRefused(409, "uniqueness", `externalId "${change.externalId}" is already ${other.email}'s`);
  }
  const manager = change.managerId ? await tx.employee.findUnique({ where: { id: change.managerId }, select: { id: true, email: true, active: true } }) : null;
  if (change.managerId && (!manager?.active || manager.email === email)) {
    throw invalid(`${where}: the manager ${change.managerId} is ${manager?.email === email ? "the person themselves" : "not an employee"}`);
  }

  const department = await tx.department.findUniqueOrThrow({ where: { key: departmentKey }, select: { id: true } });
  const identity = {
    ...(change.externalId !== undefined ? { scimExternalId: change.externalId } : {}),
    ...(change.managerId !== undefined ? { scimManagerId: change.managerId } : {}),
  };
  const person = { name, departmentId: department.id, ...(values.timezone ? { timezone: values.timezone } : {}), ...(values.locale ? { locale: values.locale } : {}) };
  // A person added anew has what the document gives them: the rest of their row is as an import would write it.
  const anew = { ...person, timezone: values.timezone ?? company.timezone, locale: values.locale ?? null, fte: 1, startDate: null, isAdmin: false, active: true, deactivatedAt: null };
  if (!row) await tx.employee.create({ data: { email, ...anew, ...identity } });
  else await tx.employee.update({ where: { id: row.id }, data: hire ? { ...anew, slackUserId: null, teamsUserId: null, ...identity } : { ...person, ...identity } });

  // The manager they are given manages their department, as an HR export's manager column does.
  const managing = manager && (hire || manager.id !== row!.scimManagerId || values.department !== undefined);
  if (managing) {
    const already = await tx.departmentManager.findFirst({ where: { departmentId: department.id, employeeId: manager.id } });
    if (!already) await tx.departmentManager.create({ data: { departmentId: department.id, employeeId: manager.id } });
  }
  if (!hire && Object.keys(values).length === 0 && !managing) return null;
  return { email, kind: hire ? "hire" : "set", values, managerEmail: managing ? manager.email : null, managerOf: managing ? departmentKey : null };
}

/**
 * Writes the changes in one transaction, or none of them when any is refused (an unknown
 * department, a new person without one, an unknown manager): nothing is half-written. Requests
 * wait for one another and for imports, so each applies on top of the one before. Answers
 * how many changes are now on top of the import in force.
 */
export async function provisionPeople(prisma: PrismaClient, changes: readonly PersonChange[]): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`;
      const { id, organisation } = await importInForce(prisma, tx);
      if (!organisation.sources.scim) {
        throw new ProvisioningRefused(403, null, "The organisation does not take people over SCIM: add `sources.scim` to its file (docs/organisation.md) and import it.");
      }
      for (const change of changes) {
        const entry = await writeChange(tx, organisation, change);
        if (entry) await tx.peopleChange.create({ data: { importId: id, ...entry, values: { ...entry.values } } });
      }
      return tx.peopleChange.count({ where: { importId: id } });
    },
    // The embedded database has one connection: a request waits its turn behind an import.
    { timeout: 30_000, maxWait: 60_000 },
  );
}

/**
 * Past this many changes on one import, they are folded into an import of their own, so that
 * a replica starting, `org export` and the next merge do not apply an ever longer list.
 */
export const COMPACT_AFTER = 1_000;

/**
 * Imports the organisation in force, changes applied, as the next version; false when there
 * was nothing to fold or a change landed meanwhile (the next request tries again).
 */
export async function compactChanges(prisma: PrismaClient): Promise<boolean> {
  const stored = await storedOrganisation(prisma);
  if (!stored || stored.lastChange === null) return false;
  try {
    await importOrganisation(prisma, stored.organisation, { name: "SCIM provisioning", checksum: stored.checksum, text: stored.text, basedOnImport: stored.id, basedOnChange: stored.lastChange });
    return true;
  } catch (error) {
    if (error instanceof OrganisationChangedError) return false;
    throw error;
  }
}
