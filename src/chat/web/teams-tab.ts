/**
 * The console as the bot's personal tab in Teams (the manifest's staticTabs), the
 * counterpart of Slack's App Home. The tab's page asks Teams for the signed-in person's
 * token (Teams single sign-on, through Microsoft's teams-js served from this server), posts
 * it here, and is then signed in as everywhere else on the web: a session in the database.
 */
import type { Router } from "express";
import { translator } from "../../i18n";
import { consolePath } from "./console/console-nav";
import { html } from "./html";
import { ASSETS } from "./page";
import { renewSessionId, sessionOf } from "./session";
import type { SignIn } from "./sign-in";
import type { WebPages } from "./web-pages";

export const TEAMS_TAB_PATH = "/app/teams-tab";
export const TEAMS_SIGN_IN_PATH = "/app/sign-in/teams";

/** The Teams clients (web, desktop, Outlook and Microsoft 365 hosts) that may frame the tab. */
export const TEAMS_FRAME_ANCESTORS = ["https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.teams.microsoft.us", "https://*.cloud.microsoft", "https://*.office.com", "https://*.office365.com", "https://outlook.office.com"];

/**
 * The tab page's script: teams-js's token, posted with the page's CSRF token; then the
 * console, or the reason shown. Outside Teams, initialize() never answers, hence the timer.
 */
export const TEAMS_TAB_SCRIPT = `(() => {
  const box = document.getElementById("teams-sign-in");
  const show = (state) => { for (const p of box.querySelectorAll("[data-state]")) p.hidden = p.dataset.state !== state; };
  const outside = setTimeout(() => show("outside"), 15000);
  (async () => {
    try {
      await microsoftTeams.app.initialize();
      const token = await microsoftTeams.authentication.getAuthToken();
      clearTimeout(outside);
      const answer = await fetch(box.dataset.signIn, { method: "POST", credentials: "same-origin", body: new URLSearchParams({ _csrf: box.dataset.csrf, token }) });
      if (answer.ok) return location.replace(box.dataset.next);
      show(answer.status === 403 ? "not-an-employee" : "failed");
    } catch {
      clearTimeout(outside);
      show("failed");
    }
  })();
})();
`;

export function teamsTabRoutes(router: Router, pages: WebPages, signIn: SignIn): void {
  router.get(TEAMS_TAB_PATH, async (req, res) => {
    const viewer = await pages.viewerOf(req);
    if (pages.known(viewer)) return res.redirect(303, consolePath());
    const tr = translator(viewer.locale);
    const { csrf } = pages.renderContext(req, res);
    const head = html`<script src="${ASSETS}/teams-js.min.js" defer></script><script src="${ASSETS}/teams-tab.js" defer></script>`;
    const content = html`<h1>${tr("web.teamsTab.title")}</h1><div id="teams-sign-in" data-csrf="${csrf}" data-sign-in="${TEAMS_SIGN_IN_PATH}" data-next="${consolePath()}" aria-live="polite"><p data-state="working">${tr("web.teamsTab.working")}</p><p data-state="not-an-employee" role="alert" hidden>${tr("web.signIn.notAnEmployee")}</p><p data-state="failed" role="alert" hidden>${tr("web.signIn.failed")}</p><p data-state="outside" hidden>${tr("web.teamsTab.outside")}</p></div><noscript><p>${tr("web.teamsTab.noScript")}</p></noscript>`;
    return pages.send(res, viewer, tr("web.teamsTab.title"), content, undefined, head);
  });
  router.post(TEAMS_SIGN_IN_PATH, async (req, res) => {
    const token = (req.body as { token?: unknown }).token;
    const outcome = typeof token === "string" && token.length < 20_000 ? await signIn.finishTeamsTab(token) : ({ kind: "failed" } as const);
    if (outcome.kind !== "signed-in") return res.status(outcome.kind === "not-an-employee" ? 403 : 401).type("text/plain").send("");
    const current = sessionOf(req);
    current.token = outcome.token;
    renewSessionId(req);
    return res.status(204).end();
  });
}
