import express from "express";
import { readFileSync } from "node:fs";
import { organisationChecksum, parseOrganisation } from "../../src/config/organisation";
import { scimRouter } from "../../src/http/scim";
import { createLogger } from "../../src/logger";
import { importOrganisation } from "../../src/services/organisation-import";
import { DATABASE_START_TIMEOUT_MS, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { listen, type Running } from "../helpers/teams";

/** What SCIM answers before it is set up: no token configured, or an organisation that does not take people over SCIM. */
describe("SCIM before it is set up", () => {
  let db: TestDatabase;
  let withToken: Running;
  let withoutToken: Running;
  beforeAll(async () => {
    db = await migratedDatabase("pglite");
    const text = readFileSync("examples/org.yml", "utf8");
    await importOrganisation(db.prisma, parseOrganisation(text, "org.yml"), { name: "org.yml", checksum: organisationChecksum(text), text });
    const serve = (token: string | undefined) => listen(express().use(scimRouter({ prisma: db.prisma, logger: createLogger("silent"), imported: async () => undefined, token })));
    withToken = await serve("t0ken");
    withoutToken = await serve(undefined);
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await withToken?.close();
    await withoutToken?.close();
    await db?.close();
  });

  it("answers 503 naming SCIM_TOKEN when no token is configured", async () => {
    const response = await fetch(`${withoutToken.url}/scim/v2/Users`, { headers: { Authorization: "Bearer anything" } });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "503", detail: "SCIM is not configured: set SCIM_TOKEN" });
  });

  it("reads people but refuses changes while the organisation does not take people over SCIM", async () => {
    const headers = { Authorization: "Bearer t0ken", "Content-Type": "application/scim+json" };
    const list = await fetch(`${withToken.url}/scim/v2/Users?filter=${encodeURIComponent('userName eq "dana@acme.example"')}`, { headers });
    expect(await list.json()).toMatchObject({ totalResults: 1, Resources: [{ userName: "dana@acme.example", displayName: "דנה לוי", groups: [{ value: "billing", display: "חשבונות" }] }] });
    const create = await fetch(`${withToken.url}/scim/v2/Users`, {
      method: "POST",
      headers,
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "new@acme.example", displayName: "New Person" }),
    });
    expect(create.status).toBe(403);
    expect(await create.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "403",
      detail: "The organisation does not take people over SCIM: add `sources.scim` to its file (docs/organisation.md) and import it.",
    });
    expect(await db.prisma.employee.count({ where: { email: "new@acme.example" } })).toBe(0);
  });
});
