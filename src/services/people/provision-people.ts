/**
 * People provisioned by an identity provider (Okta, Microsoft Entra ID) over SCIM: each
 * change is merged into the organisation document in force, as the other sources' are, and
 * imported as its next version, so the file, `org export` and the server keep one
 * description of the organisation.
 */
import { organisationChecksum, parseOrganisation } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";
import { importOrganisation, OrganisationChangedError, storedOrganisation } from "../organisation-import";
import { NO_ORGANISATION_YET } from "./apply-people";
import { mergePeople, type PersonField } from "./merge-people";
import { SOURCE_TRUST } from "./trust";

/** An employee as the identity provider sees them. */
export interface ProvisionedPerson {
  id: number;
  email: string;
  name: string;
  active: boolean;
  locale: string | null;
  timezone: string | null;
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
  createdAt: true,
  updatedAt: true,
  department: { select: { key: true, name: true } },
} as const;

export async function findPeople(prisma: PrismaClient, where: { id?: number; email?: string } = {}): Promise<ProvisionedPerson[]> {
  return prisma.employee.findMany({ where: { id: where.id, email: where.email?.toLowerCase() }, select: personSelect, orderBy: { id: "asc" } });
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
  values: Partial<Record<PersonField, string>>;
  active: boolean;
}

/** How often a change is merged again when another import landed between reading and writing. */
const ATTEMPTS = 5;

type Stored = NonNullable<Awaited<ReturnType<typeof storedOrganisation>>>;
/** The organisation this process last provisioned into, so the next change need not parse it again. */
const lastWritten = new WeakMap<PrismaClient, Stored>();

async function organisationInForce(prisma: PrismaClient): Promise<Stored | undefined> {
  const last = await prisma.organisationImport.findFirst({ where: { document: { not: null } }, orderBy: { id: "desc" }, select: { id: true, checksum: true } });
  const cached = lastWritten.get(prisma);
  if (last && cached?.checksum === last.checksum) return { ...cached, id: last.id };
  return storedOrganisation(prisma);
}

/** Merges the changes and imports them as one new version. */
async function provisionTogether(prisma: PrismaClient, changes: readonly PersonChange[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await organisationInForce(prisma);
    if (!stored) throw new ProvisioningRefused(403, null, NO_ORGANISATION_YET);
    const settings = stored.organisation.sources.scim;
    if (!settings) throw new ProvisioningRefused(403, null, "The organisation does not take people over SCIM: add `sources.scim` to its file (docs/organisation.md) and import it.");
    const known = new Set(stored.organisation.employees.map((e) => e.email.toLowerCase()));
    const people = changes
      .filter((change) => change.active)
      .map((change) => {
        const email = change.email.toLowerCase();
        const department = change.values.department ?? (known.has(email) ? undefined : settings.defaultDepartment);
        if (!department) {
          throw new ProvisioningRefused(400, "invalidValue", `${email} is new and names no department: send the enterprise extension's department, add them to a group, or set sources.scim.default_department`);
        }
        return { where: `SCIM user ${email}`, email, values: { ...change.values, department } };
      });
    const departed = changes.filter((change) => !change.active).map((change) => change.email.toLowerCase());
    const merged = mergePeople(stored.text, people, { trust: SOURCE_TRUST.scim, removeMissing: false, departed, refusedRecords: 0 });
    if (merged.problems.length) throw new ProvisioningRefused(400, "invalidValue", merged.problems.join("; "));
    if (merged.changes.length === 0) return;
    const source = `SCIM changes merged into ${stored.source}`;
    const organisation = parseOrganisation(merged.text, source);
    const checksum = organisationChecksum(merged.text);
    try {
      await importOrganisation(prisma, organisation, { name: "SCIM provisioning", checksum, text: merged.text, basedOnImport: stored.id });
      lastWritten.set(prisma, { id: stored.id, organisation, checksum, text: merged.text, source: "SCIM provisioning" });
      return;
    } catch (error) {
      if (!(error instanceof OrganisationChangedError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

interface Waiting {
  changes: readonly PersonChange[];
  done: (error?: unknown) => void;
}
/** Changes that arrived while an import was under way, per database: they go in together next. */
const queues = new WeakMap<PrismaClient, { waiting: Waiting[]; running: boolean }>();

async function drain(prisma: PrismaClient, queue: { waiting: Waiting[]; running: boolean }): Promise<void> {
  queue.running = true;
  try {
    while (queue.waiting.length) {
      // Requests a moment behind this one (their own reads done) join its import.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.waiting.splice(0);
      try {
        await provisionTogether(prisma, batch.flatMap((w) => w.changes));
        batch.forEach((w) => w.done());
      } catch (error) {
        if (batch.length === 1) batch[0]!.done(error);
        // One request's refusal must not refuse the others: each is tried on its own.
        else for (const w of batch) await provisionTogether(prisma, w.changes).then(() => w.done(), w.done);
      }
    }
  } finally {
    queue.running = false;
  }
}

/**
 * Merges the changes into the organisation in force and imports the result. Each import
 * rewrites the whole organisation, so requests that arrive while one is under way (an
 * identity provider pushing in parallel) are merged into the next import together. Refused
 * as a whole when any person cannot be taken (an unknown department, a new person without
 * one): nothing is half-written.
 */
export function provisionPeople(prisma: PrismaClient, changes: readonly PersonChange[]): Promise<void> {
  let queue = queues.get(prisma);
  if (!queue) queues.set(prisma, (queue = { waiting: [], running: false }));
  const done = new Promise<void>((resolve, reject) => queue.waiting.push({ changes, done: (error) => (error === undefined ? resolve() : reject(error)) }));
  if (!queue.running) void drain(prisma, queue);
  return done;
}
