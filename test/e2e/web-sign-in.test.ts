/**
 * Signing in on the web through a local OpenID Connect provider that signs real tokens, as
 * Slack's or Microsoft's would: an employee gets in, matched by email; anyone else, a forged
 * token or a forged return is refused; the session lives in the database, ends on signing
 * out and on expiry.
 */
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS, startBot } from "../helpers/bot";
import { freePort } from "../helpers/browser-page";
import { databaseKinds } from "../helpers/databases";
import { CLIENT, startOidcProvider } from "../helpers/oidc-provider";
import { WebClient } from "../helpers/web";
import { createLogger } from "../../src/logger";

describe.each(databaseKinds)("signing in on the web (%s)", (kind) => {
  let bot: RunningBot;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    provider = await startOidcProvider();
    const port = await freePort();
    bot = await startBot(
      kind,
      "examples/org.yml",
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SIGN_IN_SLACK_CLIENT_ID: CLIENT.id,
        SIGN_IN_SLACK_CLIENT_SECRET: CLIENT.secret,
        SIGN_IN_SLACK_ISSUER: provider.issuer,
      },
      createLogger("silent"),
      { withoutSlack: true },
    );
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
    await provider?.close();
  }, BOT_START_TIMEOUT_MS);

  const sessionsOf = (email: string) => bot.app.db.prisma.webSession.findMany({ where: { employee: { email } }, select: { provider: true, tokenHash: true, expiresAt: true } });

  /** The browser's way in: the sign-in page's Slack button, the provider, and back. */
  async function signIn(browser: WebClient) {
    const start = await browser.get("/app");
    expect(start.url).toBe(`${bot.base}/app/sign-in`);
    const href = /<a class="button button-primary" href="([^"]+)">Sign in with Slack<\/a>/.exec(start.html)?.[1];
    expect(href).toBe("/app/sign-in/slack");
    return browser.get(href!);
  }

  it("signs an employee in by email, whatever its case, and keeps only the token's hash", async () => {
    provider.signInAs({ email: "Daniel@ACME.example", name: "Daniel Green" });
    const browser = new WebClient(bot.base);
    const home = await signIn(browser);
    expect(home.url).toBe(`${bot.base}/app`);
    expect(home.html).toContain("Hi Daniel Green! Here is what you can ask me:");
    expect(home.html).toContain(">Sign out</button>");
    expect(home.html).not.toContain("Demo: you are");
    const [session, ...more] = await sessionsOf("daniel@acme.example");
    expect(more).toEqual([]);
    expect(session!.provider).toBe("slack");
    expect(session!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const hoursLeft = (session!.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(11);
    expect(hoursLeft).toBeLessThanOrEqual(12);
    // The demo's choice of who to be does not exist on a server with sign-in.
    expect((await browser.get("/app/who")).status).toBe(404);
  });

  it("refuses someone who is not an employee, and signs nobody in", async () => {
    provider.signInAs({ email: "visitor@elsewhere.example" });
    const browser = new WebClient(bot.base);
    const refused = await signIn(browser);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("That account is not one of the company&#39;s employees, so it cannot sign in here.");
    expect((await browser.get("/app")).url).toBe(`${bot.base}/app/sign-in`);
  });

  it("refuses an unverified address", async () => {
    provider.signInAs({ email: "omer@acme.example", emailVerified: false });
    const refused = await signIn(new WebClient(bot.base));
    expect(refused.status).toBe(403);
    expect(await sessionsOf("omer@acme.example")).toEqual([]);
  });

  it("refuses an ID token signed with a key the provider never published", async () => {
    provider.signInAs({ email: "dana@acme.example" });
    provider.forgeNext();
    const browser = new WebClient(bot.base);
    const refused = await signIn(browser);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("The sign-in did not complete, so nobody was signed in.");
    expect(refused.html).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await sessionsOf("dana@acme.example")).toEqual([]);
  });

  it("refuses a return from the provider that this browser did not start (a forged link)", async () => {
    // The victim's browser went to the provider and has not come back (nobody signed in there).
    provider.signInAs(undefined);
    const victim = new WebClient(bot.base);
    const atProvider = await victim.get("/app/sign-in/slack");
    expect(atProvider.url.startsWith(`${provider.issuer}/authorize?`)).toBe(true);
    const requestsBefore = provider.tokenRequests;
    // Then it follows a return link someone else made, with a code and a state of theirs.
    const forged = await victim.get("/app/sign-in/slack/callback?code=0123456789abcdef&state=not-this-browsers");
    expect(forged.status).toBe(400);
    expect(forged.html).toContain("The sign-in did not complete, so nobody was signed in.");
    expect(provider.tokenRequests).toBe(requestsBefore);
    expect((await victim.get("/app")).url).toBe(`${bot.base}/app/sign-in`);
  });

  it("ends the session on signing out, for a copy of the cookie too, and when it expires", async () => {
    provider.signInAs({ email: "noa@acme.example" });
    const browser = new WebClient(bot.base);
    const home = await signIn(browser);
    expect(home.html).toContain("נועה פרץ");
    const copy = browser.clone();
    const token = /name="_csrf" value="([^"]*)"/.exec(home.html)![1]!;
    const out = await browser.request("/app/sign-out", { form: { _csrf: token } });
    expect(out.url).toBe(`${bot.base}/app/sign-in`);
    expect(await sessionsOf("noa@acme.example")).toEqual([]);
    expect((await copy.get("/app")).url).toBe(`${bot.base}/app/sign-in`);

    await signIn(browser);
    await bot.app.db.prisma.webSession.updateMany({ where: { employee: { email: "noa@acme.example" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await browser.get("/app")).url).toBe(`${bot.base}/app/sign-in`);
  });
});
