/**
 * `/scim/v2`: SCIM 2.0 (RFC 7643/7644) for identity providers such as Okta and Microsoft
 * Entra ID. Users are the organisation's employees (userName is the email), Groups its
 * departments (id is the department's key). The protocol (filters, patches, paging, the
 * discovery endpoints, error bodies) is scimmy's; this module maps its resources onto people.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import SCIMMYRouters, { SCIMMY } from "scimmy-routers";
import { OrganisationFileError } from "../config/organisation";
import type { PrismaClient } from "../generated/prisma/client";
import { toLocale } from "../i18n";
import type { Logger } from "../logger";
import {
  COMPACT_AFTER,
  compactChanges,
  findDepartments,
  findPeople,
  provisionPeople,
  ProvisioningRefused,
  type PersonChange,
  type ProvisionedDepartment,
  type ProvisionedPerson,
} from "../services/people/provision-people";

export const SCIM_PATH = "/scim/v2";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

interface ScimContext {
  prisma: PrismaClient;
  logger: Logger;
  /** Tells the server an import landed, so this replica takes it up at once. */
  imported: () => Promise<unknown>;
}

/** The attributes a filter may name: SCIM's User and Group, as far as people here have them. */
/** scimmy takes null for "no scimType", though its typings ask for a string. */
const scimFailure = (status: number, scimType: string | null, message: string) => new SCIMMY.Types.Error(status, scimType as string, message);

const FILTERABLE = new Set(
  ["id", "externalId", "userName", "name", "displayName", "emails", "active", "preferredLanguage", "timezone", "groups", "members", "meta", ENTERPRISE].map((a) => a.toLowerCase()),
);

/** scimmy accepts some filters it cannot mean ("userName eq", "shoeSize eq 1"); they are refused here, as RFC 7644 asks. */
function checkFilter(filter: readonly object[] | undefined): void {
  for (const expression of filter ?? []) {
    for (const [attribute, comparison] of Object.entries(expression)) {
      if (!FILTERABLE.has(attribute.split(".")[0]!.toLowerCase())) throw scimFailure(400, "invalidFilter", `Unknown attribute '${attribute}' in filter`);
      if (Array.isArray(comparison) && comparison.length < (comparison[0] === "pr" ? 1 : 2)) {
        throw scimFailure(400, "invalidFilter", `Missing value for attribute '${attribute}' in filter`);
      }
    }
  }
}

function scimUser(person: ProvisionedPerson) {
  return {
    id: String(person.id),
    userName: person.email,
    displayName: person.name,
    name: { formatted: person.name },
    emails: [{ value: person.email, type: "work", primary: true }],
    active: person.active,
    ...(person.locale ? { preferredLanguage: person.locale } : {}),
    ...(person.timezone ? { timezone: person.timezone } : {}),
    ...(person.externalId ? { externalId: person.externalId } : {}),
    groups: person.department && person.active ? [{ value: person.department.key, display: person.department.name }] : [],
    [ENTERPRISE]: {
      ...(person.department ? { department: person.department.name } : {}),
      ...(person.manager ? { manager: { value: String(person.manager.id), displayName: person.manager.name } } : {}),
    },
    meta: { created: person.createdAt, lastModified: person.updatedAt },
  };
}

function scimGroup(department: ProvisionedDepartment) {
  return { id: department.key, displayName: department.name, members: department.members.map((m) => ({ value: String(m.id), display: m.name, type: "User" })) };
}

/** The fields of an employee the identity provider sent; nothing for what it left out. */
function personValues(user: Record<string, unknown>): PersonChange["values"] {
  const name = user.name as { formatted?: string; givenName?: string; familyName?: string } | undefined;
  const fullName = (user.displayName as string | undefined) ?? name?.formatted ?? ([name?.givenName, name?.familyName].filter(Boolean).join(" ") || undefined);
  const language = toLocale(typeof user.preferredLanguage === "string" ? user.preferredLanguage : undefined);
  const department = (user[ENTERPRISE] as { department?: string } | undefined)?.department;
  return {
    ...(fullName?.trim() ? { name: fullName.trim() } : {}),
    ...(language ? { locale: language } : {}),
    ...(typeof user.timezone === "string" && user.timezone ? { timezone: user.timezone } : {}),
    ...(department?.trim() ? { department: department.trim() } : {}),
  };
}

/**
 * The identity provider's id of the person and their manager (the enterprise extension's
 * manager.value, another user's id here; Entra may send the bare id). The instance is the
 * whole resource (a PATCH arrives applied), so what it lacks is cleared.
 */
function identityOf(user: Record<string, unknown>): { externalId: string | null; managerId: number | null } {
  const externalId = typeof user.externalId === "string" && user.externalId.trim() ? user.externalId.trim() : null;
  const manager = (user[ENTERPRISE] as { manager?: unknown } | undefined)?.manager;
  const value = typeof manager === "string" ? manager : (manager as { value?: unknown } | undefined)?.value;
  if (value === undefined || value === null || value === "") return { externalId, managerId: null };
  if (!/^\d{1,9}$/.test(String(value))) throw scimFailure(400, "invalidValue", `The manager "${String(value)}" is not a user here: manager.value is the id this service gave the manager`);
  return { externalId, managerId: Number(value) };
}

function emailOf(user: Record<string, unknown>): string {
  const emails = (user.emails as { value?: string; primary?: boolean }[] | undefined) ?? [];
  const userName = String(user.userName ?? "");
  const email = userName.includes("@") ? userName : (emails.find((e) => e.primary) ?? emails[0])?.value;
  if (!email) throw scimFailure(400, "invalidValue", `userName "${userName}" is not an email, and no email was sent: people are known here by their work email`);
  return email.trim().toLowerCase();
}

async function personById(ctx: ScimContext, id: string | undefined): Promise<ProvisionedPerson> {
  const person = /^\d{1,9}$/.test(id ?? "") ? (await findPeople(ctx.prisma, { id: Number(id) }))[0] : undefined;
  if (!person) throw scimFailure(404, null, `Resource ${id} not found`);
  return person;
}

/** Applies the changes and answers as SCIM does: refusals with their status, anything else logged and told without detail. */
async function provision(ctx: ScimContext, changes: PersonChange[]): Promise<void> {
  let pending: number;
  try {
    pending = await provisionPeople(ctx.prisma, changes);
  } catch (error) {
    if (error instanceof ProvisioningRefused) throw scimFailure(error.status, error.scimType, error.message);
    if (error instanceof OrganisationFileError) throw scimFailure(400, "invalidValue", error.problems.join("; "));
    ctx.logger.error({ err: { message: (error as Error).message } }, "SCIM provisioning failed");
    throw scimFailure(500, null, "The change could not be made; the server's log says why");
  }
  await ctx.imported();
  // After the answer's data is in place: folding the changes into an import takes a second or two at 10,000 people.
  if (pending >= COMPACT_AFTER) {
    void compactChanges(ctx.prisma)
      .then((folded) => folded && ctx.imported())
      .catch((error: unknown) => ctx.logger.error({ err: { message: (error as Error).message } }, "SCIM changes not folded into an import; the next request tries again"));
  }
}

type UserResource = InstanceType<typeof SCIMMY.Resources.User>;
type GroupResource = InstanceType<typeof SCIMMY.Resources.Group>;

const users = {
  async egress(resource: UserResource, ctx: ScimContext) {
    if (resource.id) return scimUser(await personById(ctx, resource.id));
    checkFilter(resource.filter);
    const [only] = resource.filter ?? [];
    const byUserName = resource.filter?.length === 1 && Object.keys(only!).length === 1 ? (only as { userName?: unknown[] }).userName : undefined;
    // Identity providers look each person up by userName before creating them: one row, not everyone.
    // userName is not case-exact (RFC 7643), as emails are compared here.
    if (byUserName?.[0] === "eq") return (await findPeople(ctx.prisma, { email: String(byUserName[1]) })).map(scimUser);
    // Entra may match people by externalId instead; it is case-exact (RFC 7643).
    const byExternalId = resource.filter?.length === 1 && Object.keys(only!).length === 1 ? (only as { externalId?: unknown[] }).externalId : undefined;
    if (byExternalId?.[0] === "eq") return (await findPeople(ctx.prisma, { externalId: String(byExternalId[1]) })).map(scimUser);
    const all = (await findPeople(ctx.prisma)).map(scimUser);
    return resource.filter ? resource.filter.match(all) : all;
  },
  async ingress(resource: UserResource, instance: Record<string, unknown>, ctx: ScimContext) {
    const email = emailOf(instance);
    if (resource.id) {
      const person = await personById(ctx, resource.id);
      if (person.email !== email) {
        throw scimFailure(400, "mutability", `userName cannot change from ${person.email} to ${email}: the email is the person's identity here; deactivate them and create the new address`);
      }
    } else if ((await findPeople(ctx.prisma, { email })).some((p) => p.active)) {
      throw scimFailure(409, "uniqueness", `${email} is already an employee`);
    }
    await provision(ctx, [{ email, values: personValues(instance), active: instance.active !== false, ...identityOf(instance) }]);
    return scimUser((await findPeople(ctx.prisma, { email }))[0]!);
  },
  // Deleting a person deactivates them: their ideas, shifts and history stay.
  async degress(resource: UserResource, ctx: ScimContext) {
    const person = await personById(ctx, resource.id);
    if (person.active) await provision(ctx, [{ email: person.email, values: {}, active: false }]);
  },
};

async function departmentOf(ctx: ScimContext, id: string | undefined): Promise<ProvisionedDepartment> {
  const [department] = id ? await findDepartments(ctx.prisma, id) : [];
  if (!department) throw scimFailure(404, null, `Resource ${id} not found`);
  return department;
}

const groups = {
  async egress(resource: GroupResource, ctx: ScimContext) {
    if (resource.id) return scimGroup(await departmentOf(ctx, resource.id));
    checkFilter(resource.filter);
    const all = (await findDepartments(ctx.prisma)).map(scimGroup);
    return resource.filter ? resource.filter.match(all) : all;
  },
  /**
   * A group is a department: creating one names a department the organisation file already
   * has, and members added to it move there. A member removed stays in their department
   * until a group takes them, since everyone works in one.
   */
  async ingress(resource: GroupResource, instance: Record<string, unknown>, ctx: ScimContext) {
    let department: ProvisionedDepartment;
    if (resource.id) department = await departmentOf(ctx, resource.id);
    else {
      const displayName = String(instance.displayName ?? "").trim();
      const all = await findDepartments(ctx.prisma);
      const found = all.find((d) => [d.key, d.name].some((word) => word.toLowerCase() === displayName.toLowerCase()));
      if (!found) {
        throw scimFailure(
          400,
          "invalidValue",
          `No department is called "${displayName}" (known: ${all.map((d) => d.key).join(", ")}): groups are the organisation's departments, added in its file (docs/organisation.md)`,
        );
      }
      department = found;
    }
    const members = ((instance.members as { value?: string }[] | undefined) ?? []).map((m) => String(m.value ?? ""));
    const current = new Set(department.members.map((m) => String(m.id)));
    const joining = await Promise.all(members.filter((id) => !current.has(id)).map((id) => personById(ctx, id)));
    if (joining.length) await provision(ctx, joining.map((p) => ({ email: p.email, values: { department: department.key }, active: true })));
    return scimGroup(await departmentOf(ctx, department.key));
  },
  async degress(resource: GroupResource, ctx: ScimContext) {
    const department = await departmentOf(ctx, resource.id);
    throw scimFailure(400, "mutability", `The department ${department.key} cannot be deleted over SCIM: departments are removed in the organisation file, their history kept`);
  },
};

interface ServerSettings {
  context: ScimContext;
  /** SHA-256 of SCIM_TOKEN. */
  expected: Buffer;
  publicUrl?: string;
}

/** The settings of the server a request reached, put on it before scimmy sees it. */
const settingsOf = (req: Request) => req.res!.locals.scim as ServerSettings;

let shared: SCIMMYRouters | undefined;
/**
 * scimmy keeps its resource types and service provider configuration process-wide, so one
 * router serves every server of the process and reads each request's own settings.
 */
function sharedScimRouters(): SCIMMYRouters {
  if (shared) return shared;
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false) as unknown as typeof SCIMMY.Resources.User)
    .ingress((resource, instance, ctx) => users.ingress(resource, instance as unknown as Record<string, unknown>, ctx as ScimContext))
    .egress((resource, ctx) => users.egress(resource, ctx as ScimContext))
    .degress((resource, ctx) => users.degress(resource, ctx as ScimContext));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance, ctx) => groups.ingress(resource, instance as unknown as Record<string, unknown>, ctx as ScimContext))
    .egress((resource, ctx) => groups.egress(resource, ctx as ScimContext))
    .degress((resource, ctx) => groups.degress(resource, ctx as ScimContext));
  shared = new SCIMMYRouters({
    type: "bearer",
    handler: (req) => {
      const [scheme, given] = (req.get("Authorization") ?? "").split(" ");
      // Digests of equal length, so the comparison takes as long whatever was sent.
      if (scheme?.toLowerCase() !== "bearer" || !given || !timingSafeEqual(digest(given), settingsOf(req).expected)) {
        throw new Error("A valid bearer token (SCIM_TOKEN) is required");
      }
      return "identity-provider";
    },
    context: (req): ScimContext => settingsOf(req).context,
    baseUri: (req) => settingsOf(req).publicUrl ?? "",
  });
  return shared;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Microsoft Entra ID sends booleans as "True" and "False" in patches, and the enterprise
 * manager as the manager's bare id where the schema has a complex value.
 */
function entraPatches(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== "PATCH") return next();
  const operations = (req.body as { Operations?: { path?: string; value?: unknown }[] } | undefined)?.Operations;
  const asBoolean = (value: unknown) => (typeof value === "string" && /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : value);
  for (const op of Array.isArray(operations) ? operations : []) {
    const path = op.path?.toLowerCase();
    if (path === "active") op.value = asBoolean(op.value);
    else if (path === `${ENTERPRISE}:manager`.toLowerCase() && typeof op.value === "string") op.value = { value: op.value };
    else if (op.value && typeof op.value === "object" && "active" in op.value) (op.value as { active: unknown }).active = asBoolean((op.value as { active: unknown }).active);
  }
  next();
}

const json = express.json({ type: ["application/scim+json", "application/json"], limit: "1mb" });

function scimError(res: Response, status: number, scimType: string | null, detail: string): void {
  res
    .status(status)
    .type("application/scim+json")
    .json({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), ...(scimType ? { scimType } : {}), detail });
}

export function scimRouter(deps: ScimContext & { token: string | undefined; publicUrl?: string }): Router {
  const router = Router();
  const { token } = deps;
  if (!token) {
    router.use(SCIM_PATH, (_req, res) => scimError(res, 503, null, "SCIM is not configured: set SCIM_TOKEN"));
    return router;
  }
  const settings: ServerSettings = { context: { prisma: deps.prisma, logger: deps.logger, imported: deps.imported }, expected: digest(token), publicUrl: deps.publicUrl };
  router.use(
    SCIM_PATH,
    // Express 5 parses req.query afresh on each read, so scimmy's paging numbers would not stick.
    (req: Request, res: Response, next: NextFunction) => {
      Object.defineProperty(req, "query", { value: { ...req.query }, writable: true, configurable: true });
      res.locals.scim = settings;
      next();
    },
    (req: Request, res: Response, next: NextFunction) =>
      json(req, res, (error?: unknown) => {
        if (error) scimError(res, 400, "invalidSyntax", "The request body is not valid JSON");
        else entraPatches(req, res, next);
      }),
    sharedScimRouters(),
    // scimmy has answered a failure already and hands it on; only the log is left to do.
    (error: unknown, req: Request, res: Response, next: NextFunction) => {
      deps.logger.error({ err: { message: (error as Error).message }, method: req.method, path: req.path }, "SCIM request failed");
      if (!res.headersSent) next(error);
    },
  );
  return router;
}
