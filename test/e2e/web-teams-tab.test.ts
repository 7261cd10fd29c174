/**
 * The console as the bot's personal tab in Teams: the tab page loads Microsoft's teams-js from
 * this server and may be framed by Teams only; the token Teams single sign-on gives it (here
 * signed by a local stand-in for Entra ID) signs an employee in, and a token for another app,
 * an expired one, a forged one or a stranger's signs nobody in.
 */
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS, startBot } from "../helpers/bot";
import { startOidcProvider } from "../helpers/oidc-provider";
import { hiddenValue, WebClient, type Page } from "../helpers/web";
import { createLogger } from "../../src/logger";

const APP_ID = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const RESOURCE = `api://bot.acme.example/${APP_ID}`;

describe("the Teams personal tab", () => {
  let bot: RunningBot;
  let entra: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    entra = await startOidcProvider();
    bot = await startBot("pglite", "examples/org.yml", { PUBLIC_URL: "https://bot.acme.example", TEAMS_APP_ID: APP_ID, TEAMS_TAB_ISSUER: entra.issuer }, createLogger("silent"), {
      withoutSlack: true,
    });
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
    await entra?.close();
  }, BOT_START_TIMEOUT_MS);

  const csrfOf = (tab: Page) => /data-csrf="([^"]+)"/.exec(tab.html)?.[1];
  async function openTab() {
    const browser = new WebClient(bot.base);
    const tab = await browser.get("/app/teams-tab");
    expect(tab.status).toBe(200);
    return { browser, tab };
  }
  const exchange = (browser: WebClient, tab: Page, token: string) => browser.request("/app/sign-in/teams", { form: { _csrf: csrfOf(tab)!, token } });

  it("serves a page that Teams may frame, with teams-js from this server and cookies that travel in the frame", async () => {
    const { tab } = await openTab();
    const csp = tab.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com");
    expect(tab.headers.get("x-frame-options")).toBeNull();
    expect(tab.html).toContain('<script src="/app/assets/teams-js.min.js" defer></script><script src="/app/assets/teams-tab.js" defer></script>');
    expect(tab.html).toContain("Signing you in with your Teams account…");
    const cookies = tab.headers.getSetCookie().join("\n");
    expect(cookies).toMatch(/sc\.session=[^\n]*samesite=none/i);
    expect(cookies).toMatch(/sc\.session=[^\n]*secure/i);
    expect(cookies).toMatch(/sc\.session=[^\n]*partitioned/i);
    const sdk = await new WebClient(bot.base).get("/app/assets/teams-js.min.js");
    expect(sdk.status).toBe(200);
    expect(sdk.html).toContain("microsoftTeams");
  });

  it("signs an employee in with the token Teams gave the tab, and the console opens for them", async () => {
    const { browser, tab } = await openTab();
    const answer = await exchange(browser, tab, await entra.teamsToken({ email: "Dana@acme.example", audience: RESOURCE }));
    expect(answer.status).toBe(204);
    const console = await browser.get("/app/console/complaints");
    expect(console.status).toBe(200);
    expect(console.html).toContain('<html lang="he" dir="rtl">');
    expect(await bot.app.db.prisma.webSession.count({ where: { provider: "teams", employee: { email: "dana@acme.example" } } })).toBe(1);
    // Opening the tab again goes straight to the console.
    expect((await browser.get("/app/teams-tab")).url).toBe(`${bot.base}/app/console`);
  });

  it("signs nobody in with a token for another app, an expired or forged token, or a stranger's", async () => {
    const refusals: [string, number][] = [];
    for (const token of [
      await entra.teamsToken({ email: "dana@acme.example", audience: "api://elsewhere.example/another-app" }),
      await entra.teamsToken({ email: "dana@acme.example", audience: RESOURCE, expired: true }),
      await entra.teamsToken({ email: "dana@acme.example", audience: RESOURCE, forged: true }),
      "not-a-token",
      await entra.teamsToken({ email: "visitor@elsewhere.example", audience: RESOURCE }),
    ]) {
      const { browser, tab } = await openTab();
      const answer = await exchange(browser, tab, token);
      refusals.push([answer.html, answer.status]);
      expect((await browser.get("/app/console")).url).toBe(`${bot.base}/app/sign-in`);
    }
    expect(refusals).toEqual([["", 401], ["", 401], ["", 401], ["", 401], ["", 403]]);
  });

  it("refuses a token posted without the tab page's CSRF token", async () => {
    const browser = new WebClient(bot.base);
    await browser.get("/app/teams-tab");
    const answer = await browser.request("/app/sign-in/teams", { form: { token: await entra.teamsToken({ email: "dana@acme.example", audience: RESOURCE }) } });
    expect(answer.status).toBe(403);
    expect(hiddenValue(answer.html, "_csrf")).toBeUndefined();
    expect((await browser.get("/app/console")).url).toBe(`${bot.base}/app/sign-in`);
  });
});
