import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { storedOrganisation } from "../../src/services/organisation-import";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";

/**
 * SCIM 2.0 as identity providers speak it, over real HTTP to the running bot: the request
 * sequences of Okta's and Microsoft Entra ID's provisioning documentation, and the errors a
 * client must be able to act on.
 */
const TOKEN = "scim-test-token-4f1d";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

function organisationFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "scim-org-")), "org.yml");
  writeFileSync(file, `${readFileSync("examples/org.yml", "utf8")}\nsources:\n  scim:\n    default_department: support\n`);
  return file;
}

describe.each(databaseKinds)("SCIM provisioning on %s", (kind) => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot(kind, organisationFile(), { SCIM_TOKEN: TOKEN });
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  async function scim(method: string, resource: string, body?: unknown, token = TOKEN): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
    const response = await fetch(`${bot.base}/scim/v2${resource}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type") ?? "", body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  const employee = (email: string) => bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email }, include: { department: true } });

  it("refuses a missing or wrong bearer token with a SCIM error", async () => {
    expect(await scim("GET", "/Users", undefined, "wrong")).toEqual({
      status: 401,
      type: "application/scim+json; charset=utf-8",
      body: { schemas: [ERROR], status: "401", detail: "A valid bearer token (SCIM_TOKEN) is required" },
    });
    const anonymous = await fetch(`${bot.base}/scim/v2/Groups`);
    expect(anonymous.status).toBe(401);
  });

  it("describes itself: service provider configuration, resource types and schemas", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      authenticationSchemes: [{ type: "oauthbearertoken", name: "OAuth Bearer Token" }],
    });
    const types = await scim("GET", "/ResourceTypes");
    expect((types.body.Resources as { name: string; endpoint: string }[]).map((t) => [t.name, t.endpoint])).toEqual([
      ["User", "/Users"],
      ["Group", "/Groups"],
    ]);
    const schemas = await scim("GET", "/Schemas");
    expect((schemas.body.Resources as { id: string }[]).map((s) => s.id)).toEqual(expect.arrayContaining([USER, ENTERPRISE, "urn:ietf:params:scim:schemas:core:2.0:Group"]));
  });

  it("follows Okta: looks the user up, creates them, reads them, updates them with PUT and deactivates them with PATCH", async () => {
    const lookup = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "lior@acme.example"')}&startIndex=1&count=100`);
    expect(lookup).toMatchObject({ status: 200, body: { schemas: [LIST], totalResults: 0, Resources: [] } });

    const created = await scim("POST", "/Users", {
      schemas: [USER],
      userName: "lior@acme.example",
      name: { givenName: "Lior", familyName: "Ben David" },
      emails: [{ primary: true, value: "lior@acme.example", type: "work" }],
      displayName: "Lior Ben David",
      locale: "en-US",
      externalId: "00u1esetp4DKmZLqG0h8",
      groups: [],
      password: "not-kept-1!",
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      userName: "lior@acme.example",
      displayName: "Lior Ben David",
      active: true,
      emails: [{ value: "lior@acme.example", type: "work", primary: true }],
      groups: [{ value: "support", display: "שירות לקוחות" }],
      meta: { resourceType: "User", location: `/scim/v2/Users/${id}` },
    });
    expect(created.body).not.toHaveProperty("password");
    expect(await employee("lior@acme.example")).toMatchObject({ name: "Lior Ben David", active: true, department: { key: "support" } });

    expect(await scim("GET", `/Users/${id}`)).toMatchObject({ status: 200, body: { id, userName: "lior@acme.example", externalId: "00u1esetp4DKmZLqG0h8" } });
    // One change written on top of the import in force, not a new import of everyone.
    expect(await bot.app.db.prisma.peopleChange.findMany({ where: { email: "lior@acme.example" }, select: { kind: true, values: true } })).toEqual([
      { kind: "hire", values: { name: "Lior Ben David", department: "support" } },
    ]);
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "Lior@Acme.example"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id, userName: "lior@acme.example" }] });

    const replaced = await scim("PUT", `/Users/${id}`, {
      schemas: [USER, ENTERPRISE],
      id,
      userName: "lior@acme.example",
      name: { givenName: "Lior", familyName: "Ben-David" },
      displayName: "Lior Ben-David",
      preferredLanguage: "he-IL",
      active: true,
      [ENTERPRISE]: { department: "חשבונות" },
    });
    expect(replaced).toMatchObject({ status: 200, body: { displayName: "Lior Ben-David", groups: [{ value: "billing" }] } });
    // Hebrew is the company's language already, so nothing is written for it.
    expect(await employee("lior@acme.example")).toMatchObject({ name: "Lior Ben-David", locale: null, department: { key: "billing" } });

    const deactivated = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] });
    expect(deactivated).toMatchObject({ status: 200, body: { id, active: false } });
    expect(await employee("lior@acme.example")).toMatchObject({ active: false });
    // What the identity provider changed is in the organisation as `org export` prints it.
    expect((await storedOrganisation(bot.app.db.prisma))!.text).not.toContain("lior@acme.example");
  });

  it("follows Microsoft Entra ID: creates with the enterprise extension, patches with capitalised operations and string booleans, and moves members between groups", async () => {
    const created = await scim("POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Gal.Peretz@acme.example",
      active: true,
      emails: [{ primary: true, type: "work", value: "Gal.Peretz@acme.example" }],
      meta: { resourceType: "User" },
      name: { formatted: "Gal Peretz", familyName: "Peretz", givenName: "Gal" },
      roles: [],
      [ENTERPRISE]: { department: "marketing" },
    });
    expect(created).toMatchObject({ status: 201, body: { userName: "gal.peretz@acme.example", displayName: "Gal Peretz", groups: [{ value: "marketing" }] } });
    const id = created.body.id as string;

    const renamed = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "displayName", value: "גל פרץ" }],
    });
    expect(renamed).toMatchObject({ status: 200, body: { displayName: "גל פרץ" } });
    expect(await employee("gal.peretz@acme.example")).toMatchObject({ name: "גל פרץ", department: { key: "marketing" } });

    // Entra's manager: the enterprise extension's manager, given as the manager's id here.
    const dana = ((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "dana@acme.example"')}`)).body.Resources as { id: string }[])[0]!.id;
    const managed = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: dana }] });
    expect(managed).toMatchObject({ status: 200, body: { externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", [ENTERPRISE]: { department: "שיווק", manager: { value: dana, displayName: "דנה לוי" } } } });
    const byExternalId = await scim("GET", `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    expect(byExternalId.body).toMatchObject({ totalResults: 1, Resources: [{ id, userName: "gal.peretz@acme.example" }] });
    const marketing = await bot.app.db.prisma.departmentManager.findMany({ where: { department: { key: "marketing" } }, select: { employee: { select: { email: true } } }, orderBy: { employeeId: "asc" } });
    expect(marketing.map((m) => m.employee.email)).toEqual(["dana@acme.example", "yossi@acme.example", "noa@acme.example"]);
    expect(await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: `${ENTERPRISE}:manager`, value: { value: "999999" } }] })).toMatchObject({
      status: 400,
      body: { scimType: "invalidValue", detail: "SCIM user gal.peretz@acme.example: the manager 999999 is not an employee" },
    });

    const group = await scim("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "Stores", members: [] });
    expect(group).toMatchObject({ status: 201, body: { id: "stores", displayName: "חנויות" } });
    const members = (group.body.members as { value: string }[]).map((m) => m.value);
    expect(members).toHaveLength(3);

    const added = await scim("PATCH", "/Groups/stores", { schemas: [PATCH_OP], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] });
    expect(added.status).toBe(200);
    expect(await employee("gal.peretz@acme.example")).toMatchObject({ department: { key: "stores" } });
    const stores = await scim("GET", "/Groups/stores");
    expect((stores.body.members as { value: string }[]).map((m) => m.value)).toEqual([...members, id]);
    const byName = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "חנויות"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ id: "stores" }] });

    const removed = await scim("PATCH", "/Groups/stores", { schemas: [PATCH_OP], Operations: [{ op: "Remove", path: `members[value eq "${id}"]` }] });
    // Everyone works in a department: leaving a group does not leave them without one, so nothing changed.
    expect(removed).toEqual({ status: 204, type: "", body: {} });
    expect(await employee("gal.peretz@acme.example")).toMatchObject({ active: true, department: { key: "stores" } });

    const disabled = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(disabled).toMatchObject({ status: 200, body: { active: false } });
    expect(await employee("gal.peretz@acme.example")).toMatchObject({ active: false });

    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
  });

  it("takes requests sent at the same time, each answered for itself: one refused does not refuse the others", async () => {
    const user = (name: string, department: string) => ({ schemas: [USER, ENTERPRISE], userName: `${name}@acme.example`, displayName: name, [ENTERPRISE]: { department } });
    const answers = await Promise.all([
      scim("POST", "/Users", user("hila", "billing")),
      scim("POST", "/Users", user("yael", "marketing")),
      scim("POST", "/Users", user("oren", "Legal")),
      scim("POST", "/Users", user("maya", "stores")),
      scim("POST", "/Users", user("eli", "support")),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 400, 201, 201]);
    expect(answers[2]!.body.detail).toBe('SCIM user oren@acme.example: "Legal" is not a department of the organisation (known: billing, marketing, support, stores); oren@acme.example is left out');
    const created = await bot.app.db.prisma.employee.findMany({ where: { email: { in: ["hila", "yael", "oren", "maya", "eli"].map((n) => `${n}@acme.example`) } }, include: { department: true }, orderBy: { email: "asc" } });
    expect(created.map((e) => [e.email, e.department?.key, e.active])).toEqual([
      ["eli@acme.example", "support", true],
      ["hila@acme.example", "billing", true],
      ["maya@acme.example", "stores", true],
      ["yael@acme.example", "marketing", true],
    ]);
    const exported = (await storedOrganisation(bot.app.db.prisma))!.text;
    for (const name of ["hila", "yael", "maya", "eli"]) expect(exported).toContain(`email: ${name}@acme.example`);
  });

  it("answers bad requests with SCIM errors naming what is wrong, changing nothing", async () => {
    const before = await bot.app.db.prisma.organisationImport.count();
    const changes = await bot.app.db.prisma.peopleChange.count();
    const error = (status: number, scimType: string | undefined, detail: string) => ({ status, body: { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail } });

    expect(await scim("GET", `/Users?filter=${encodeURIComponent('userName zz "x"')}`)).toMatchObject(error(400, "invalidFilter", "Unexpected token 'zz \"x\"' in filter"));
    expect(await scim("GET", `/Users?filter=${encodeURIComponent('shoeSize eq "42"')}`)).toMatchObject(error(400, "invalidFilter", "Unknown attribute 'shoeSize' in filter"));
    expect(await scim("GET", `/Users?filter=${encodeURIComponent("userName eq")}`)).toMatchObject(error(400, "invalidFilter", "Missing value for attribute 'userName' in filter"));
    expect(await scim("GET", "/Users/999999")).toMatchObject(error(404, undefined, "Resource 999999 not found"));
    expect(await scim("POST", "/Users", "{ not json")).toMatchObject(error(400, "invalidSyntax", "The request body is not valid JSON"));
    expect(await scim("POST", "/Users", { schemas: [USER], userName: "dana@acme.example", displayName: "Dana" })).toMatchObject(error(409, "uniqueness", "dana@acme.example is already an employee"));
    expect(await scim("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Legal" })).toMatchObject(
      error(400, "invalidValue", 'No department is called "Legal" (known: billing, marketing, stores, support): groups are the organisation\'s departments, added in its file (docs/organisation.md)'),
    );
    expect(await scim("POST", "/Users", { schemas: [USER, ENTERPRISE], userName: "ido@acme.example", displayName: "Ido", [ENTERPRISE]: { department: "Legal" } })).toMatchObject(
      error(400, "invalidValue", 'SCIM user ido@acme.example: "Legal" is not a department of the organisation (known: billing, marketing, support, stores); ido@acme.example is left out'),
    );
    expect(await scim("POST", "/Users", { schemas: [USER], userName: "ido@acme.example", displayName: "Ido", timezone: "Mars/Olympus" })).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(await scim("DELETE", "/Groups/billing")).toMatchObject(
      error(400, "mutability", "The department billing cannot be deleted over SCIM: departments are removed in the organisation file, their history kept"),
    );
    expect(await scim("POST", "/Users", { schemas: [USER, ENTERPRISE], userName: "ido@acme.example", displayName: "Ido", [ENTERPRISE]: { manager: { value: "dana" } } })).toMatchObject(
      error(400, "invalidValue", 'The manager "dana" is not a user here: manager.value is the id this service gave the manager'),
    );
    const ahmad = ((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ahmad@acme.example"')}`)).body.Resources as { id: string }[])[0]!.id;
    expect(await scim("POST", "/Users", { schemas: [USER], userName: "ido@acme.example", displayName: "Ido", externalId: "ext-ahmad" })).toMatchObject({ status: 201 });
    const ido = ((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ido@acme.example"')}`)).body.Resources as { id: string }[])[0]!.id;
    expect(await scim("PATCH", `/Users/${ahmad}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "externalId", value: "ext-ahmad" }] })).toMatchObject(
      error(409, "uniqueness", 'externalId "ext-ahmad" is already ido@acme.example\'s'),
    );
    expect(await scim("DELETE", `/Users/${ido}`)).toMatchObject({ status: 204 });
    expect(await bot.app.db.prisma.organisationImport.count()).toBe(before);
    // Ido's creation and departure, nothing of the refused requests.
    expect(await bot.app.db.prisma.peopleChange.count()).toBe(changes + 2);
    expect(await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "ahmad@acme.example" } })).toMatchObject({ scimExternalId: null });
  });
});
