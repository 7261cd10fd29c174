/**
 * The personal tab as Teams shows it, in Chromium: a stand-in for the Teams web client at
 * https://teams.microsoft.com (served by the browser's request routing) frames the tab and
 * answers teams-js's messages as Teams does, handing it a token signed by the stand-in for
 * Entra ID. The tab's own script (Microsoft's teams-js, served by the bot) signs the person in
 * and opens the console inside the frame; a stranger's token shows why nobody was signed in.
 */
import type { Browser, Frame } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { createLogger } from "../../src/logger";
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS, startBot } from "../helpers/bot";
import { BROWSER_ACTION_TIMEOUT_MS, freePort, visibleText } from "../helpers/browser-page";
import { startOidcProvider } from "../helpers/oidc-provider";

const APP_ID = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const TEAMS = "https://teams.microsoft.com";

/** The Teams client's part of the conversation: answers `initialize` and `authentication.getAuthToken`. */
function teamsHost(tabUrl: string, token: string): string {
  const runtime = JSON.stringify({ apiVersion: 4, supports: { app: {}, appInstallDialog: {}, authentication: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {} } } });
  return `<!doctype html><html><body><iframe id="tab" src="${tabUrl}" width="900" height="700"></iframe><script>
    window.addEventListener("message", (event) => {
      const request = event.data;
      if (!request || typeof request.id !== "number") return;
      const answer = (args) => event.source.postMessage({ id: request.id, args }, event.origin);
      if (request.func === "initialize") answer(["content", "web", ${JSON.stringify(runtime)}, "2.58.0"]);
      else if (request.func === "authentication.getAuthToken") answer([true, ${JSON.stringify(token)}]);
    });
  </script></body></html>`;
}

describe("the Teams personal tab in a browser", () => {
  let bot: RunningBot;
  let entra: Awaited<ReturnType<typeof startOidcProvider>>;
  let browser: Browser;
  let resource: string;

  beforeAll(async () => {
    entra = await startOidcProvider();
    const port = await freePort();
    // https as in production, where a TLS proxy fronts the bot; the browser trusts loopback as secure.
    const publicUrl = `https://127.0.0.1:${port}`;
    resource = `api://127.0.0.1:${port}/${APP_ID}`;
    bot = await startBot("pglite", "examples/org.yml", { PORT: String(port), PUBLIC_URL: publicUrl, TEAMS_APP_ID: APP_ID, TEAMS_TAB_ISSUER: entra.issuer }, createLogger("silent"), {
      withoutSlack: true,
    });
    // The stand-in for Teams is a public site and the bot is on loopback here, which Chromium's
    // local network checks refuse to frame; in production the bot has a public address too.
    browser = await launchChromium(["--disable-features=LocalNetworkAccessChecks"]);
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await entra?.close();
  }, BOT_START_TIMEOUT_MS);

  async function openInTeams(email: string): Promise<Frame> {
    const context = await browser.newContext({ locale: "en-US" });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const token = await entra.teamsToken({ email, audience: resource });
    await context.route(`${TEAMS}/**`, (route) => route.fulfill({ contentType: "text/html", body: teamsHost(`${bot.base}/app/teams-tab`, token) }));
    // teams-js asks Microsoft's CDN for the Teams hosts it trusts; offline, it uses the list it ships with.
    await context.route("https://res.cdn.office.net/**", (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${TEAMS}/_#/apps/console`);
    const frame = page.frame({ url: (url) => url.origin === bot.base });
    if (!frame) throw new Error("the tab's frame did not load");
    return frame;
  }

  it("signs the employee in with Teams single sign-on and shows the console inside Teams", async () => {
    const tab = await openInTeams("dana@acme.example");
    await tab.waitForURL(`${bot.base}/app/console`);
    expect(await visibleText(tab.locator("h1"))).toBe("מסוף ניהול");
    expect(await tab.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await tab.locator(".console-nav a").count()).toBe(5);
  });

  it("tells someone who is not an employee why they were not signed in", async () => {
    const tab = await openInTeams("visitor@elsewhere.example");
    const refusal = tab.locator('[data-state="not-an-employee"]');
    await refusal.waitFor({ state: "visible" });
    expect(await visibleText(refusal)).toBe("That account is not one of the company's employees, so it cannot sign in here. Sign in with your work account.");
    expect(await tab.locator('[data-state="working"]').isVisible()).toBe(false);
  });
});
