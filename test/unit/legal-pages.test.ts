/**
 * The privacy and terms pages the Teams manifest links to, served by a bare express app on a
 * free port and read with plain fetch; and the manifest really points at them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { legalPagesRouter, PRIVACY_PATH, TERMS_PATH } from "../../src/http/legal-pages";

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(legalPagesRouter());
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe.each([
  [PRIVACY_PATH, "Service Culture: privacy", "Service Culture: פרטיות", /keyed hash/],
  [TERMS_PATH, "Service Culture: terms of use", "Service Culture: תנאי שימוש", /MIT licence/],
])("GET %s", (path, english, hebrew, content) => {
  it("answers a static HTML page in English and Hebrew, each with its lang and dir", async () => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(html).toContain(`<title>${english}</title>`);
    expect(html).toMatch(new RegExp(`<section lang="en" dir="ltr">\\n<h1>${english}</h1>`));
    expect(html).toMatch(new RegExp(`<section lang="he" dir="rtl">\\n<h1>${hebrew}</h1>`));
    expect(html).toMatch(content);
    expect(html).not.toMatch(/<script/i);
  });

  it("answers HEAD too", async () => {
    const response = await fetch(`${base}${path}`, { method: "HEAD" });
    expect(response.status).toBe(200);
  });
});

it("serves nothing else", async () => {
  expect((await fetch(`${base}/privacy.html`)).status).toBe(404);
  expect((await fetch(`${base}/`)).status).toBe(404);
});

it("is what the Teams manifest links to", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, "../../manifests/teams/manifest.json"), "utf8")) as {
    developer: { privacyUrl: string; termsOfUseUrl: string };
  };
  expect(manifest.developer.privacyUrl).toBe(`https://YOUR-HOST${PRIVACY_PATH}`);
  expect(manifest.developer.termsOfUseUrl).toBe(`https://YOUR-HOST${TERMS_PATH}`);
});
