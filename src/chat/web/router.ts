/**
 * The web surface, under /app: the same commands, buttons and forms as in Teams (the
 * conversation layer), rendered as pages. Every page reads who is at the browser from the
 * session; every form and button posts back with a CSRF token and a request id, so that a
 * form submitted twice (a double click, a reload) does its work once. The services check
 * who may do what, as on every platform.
 */
import express, { Router, type ErrorRequestHandler, type Request, type Response } from "express";
import helmet from "helmet";
import type { Employee } from "../../generated/prisma/client";
import { resolveLocale, translator, type Locale } from "../../i18n";
import type { Logger } from "../../logger";
import { companyLocale, companyTimezone, type ServiceDeps } from "../../services/deps";
import { helpMessage } from "../../services/help";
import { homeIdeaBlocks, homePagingAfterMore, parseHomePaging, type HomePaging } from "../../services/ideas/idea-list";
import { IDEA_ACTIONS } from "../../services/ideas/idea-messages";
import { homeReportBlocks } from "../../services/reports/report-subscription";
import { homeShiftBlocks } from "../../services/rotation/rotation-home";
import { webPersonTarget } from "../../services/notify";
import { answerCardAction } from "../conversation/card-actions";
import { answerCommand } from "../conversation/commands";
import { isFormCard, replySummary, type Reply } from "../conversation/forms";
import type { ConversationRequest } from "../conversation/request";
import { channelName, LIVE_EVERY_SECONDS, postedChannels, postsHtml } from "./channels";
import { REACT_PATH, reactionReturn, toggleStoryReaction } from "./story-reactions-html";
import { whoHtml } from "./demo-identity";
import { formHtml } from "./form-html";
import { html, type Html } from "./html";
import { hiddenRequest, messageHtml, type RenderContext } from "./message-html";
import { consoleRoutes } from "./console/console-routes";
import type { ConsolePage } from "./console/console-nav";
import type { Viewer, WebPages } from "./web-pages";
import { ASSETS, NAV_PAGES, page, type NavPage } from "./page";
import { renewSessionId, sessionOf, webSession, type SessionSettings } from "./session";
import { SIGN_IN_PATH, SIGN_OUT_PATH, type SignIn } from "./sign-in";
import { STYLES } from "./styles";
import { TEAMS_FRAME_ANCESTORS, TEAMS_TAB_SCRIPT, teamsTabRoutes } from "./teams-tab";
import { activePeople, webPeople } from "./web-people";

export interface WebSurfaceDeps {
  services: ServiceDeps;
  logger: Logger;
  /** The demo's choice of who to be (see `demoRefusal`); without it nobody is signed in yet. */
  demo: boolean;
  session: SessionSettings;
  complaintsSecret?: string;
  /** Sign-in with Slack or Microsoft, when configured (never in the demo). */
  signIn?: SignIn;
}

/** The read-only pages of the navigation, as the command each one is. */
const PAGE_COMMANDS: Partial<Record<NavPage, string>> = {
  ideas: "ideas open",
  idea: "idea",
  stories: "story top",
  story: "story",
  rotation: "rotation mine",
  now: "rotation now",
  swap: "rotation swap",
  fairness: "rotation fairness",
  complaint: "complaint",
  queue: "complaint queue",
  digest: "digest preview",
};
const IDEA_FILTERS = new Set(["open", "mine", "top", "department"]);
const REQUEST_ID = /^[0-9a-f-]{36}$/;
const CHANNEL_ID = /^[\w:@.;=-]{1,200}$/;

export function webRouter(deps: WebSurfaceDeps): Router {
  const { services } = deps;
  const router = Router();
  const session = webSession(deps.session);
  const htmxPath = require.resolve("htmx.org/dist/htmx.min.js");

  router.use(
    "/app",
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          // teams-js asks Microsoft's CDN which Teams hosts it may talk to.
          connectSrc: deps.signIn?.teamsTab ? ["'self'", "https://res.cdn.office.net"] : ["'self'"],
          imgSrc: ["'self'", "data:"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          formAction: ["'self'"],
          // Only Teams may frame the pages, and only when the personal tab is set up.
          frameAncestors: deps.signIn?.teamsTab ? ["'self'", ...TEAMS_FRAME_ANCESTORS] : ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      // Over plain HTTP (the demo on 127.0.0.1) a promise of HTTPS would lock the browser out.
      strictTransportSecurity: deps.session.secure,
      // frame-ancestors says who may frame the pages; the older header could only say "nobody else".
      xFrameOptions: deps.signIn?.teamsTab ? false : undefined,
    }),
  );
  router.get(`${ASSETS}/app.css`, (_req, res) => {
    res.type("text/css").set("Cache-Control", "public, max-age=3600").send(STYLES);
  });
  router.get(`${ASSETS}/htmx.min.js`, (_req, res) => {
    res.type("text/javascript").set("Cache-Control", "public, max-age=3600").sendFile(htmxPath);
  });
  if (deps.signIn?.teamsTab) {
    const teamsJsPath = require.resolve("@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js");
    router.get(`${ASSETS}/teams-js.min.js`, (_req, res) => res.type("text/javascript").set("Cache-Control", "public, max-age=3600").sendFile(teamsJsPath));
    router.get(`${ASSETS}/teams-tab.js`, (_req, res) => res.type("text/javascript").set("Cache-Control", "public, max-age=3600").send(TEAMS_TAB_SCRIPT));
  }
  router.get("/", (_req, res) => res.redirect(303, "/app"));
  router.use("/app", ...session.middleware, express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 200 }), session.protect);

  const viewerOf = async (req: Request): Promise<Viewer> => {
    const id = deps.demo ? sessionOf(req).employeeId : await deps.signIn?.employeeOf(sessionOf(req).token);
    const employee = id ? await services.prisma.employee.findFirst({ where: { id, active: true } }) : null;
    const platform = req.acceptsLanguages("he", "iw", "en") || undefined;
    return { employee, locale: resolveLocale({ employee: employee?.locale, platform, company: companyLocale(services) }) };
  };
  const renderContext = (req: Request, res: Response): RenderContext => ({ csrf: session.token(req, res), actionPath: "/app/action" });
  const send = (res: Response, viewer: Viewer, title: string, content: Html, current?: NavPage | ConsolePage, head?: Html) => {
    const signOut = viewer.employee && deps.signIn ? session.token(res.req, res) : undefined;
    const frame = { locale: viewer.locale, title, current, demoAs: deps.demo ? viewer.employee?.name : undefined, navigation: Boolean(viewer.employee), head, signOut };
    res.type("html").set("Cache-Control", "no-store").send(page(frame, content));
  };
  /** Someone the server does not know: the demo asks who they are, a sign-in sends them to sign in; else there is no way in. */
  const stranger = (res: Response, viewer: Viewer) => {
    if (deps.demo) return res.redirect(303, "/app/who");
    if (deps.signIn) return res.redirect(303, SIGN_IN_PATH);
    const tr = translator(viewer.locale);
    res.status(401);
    return send(res, viewer, tr("web.signIn.title"), html`<h1>${tr("web.signIn.title")}</h1><p>${tr("web.signIn.text")}</p>`);
  };
  const replyHtml = async (req: Request, res: Response, reply: Reply): Promise<Html> => {
    const context = renderContext(req, res);
    if (!isFormCard(reply)) return messageHtml(reply, context);
    return formHtml(reply, { ...context, formPath: "/app/form", people: await activePeople(services) });
  };
  const request = (req: Request, viewer: Viewer & { employee: Employee }): ConversationRequest => {
    const id = (req.body as { request?: unknown } | undefined)?.request;
    return {
      services,
      employee: viewer.employee,
      locale: viewer.locale,
      people: webPeople(services),
      name: viewer.employee.name,
      complaintsSecret: deps.complaintsSecret,
      // The id the page gave this form or button: submitted twice, it is done once.
      requestKey: typeof id === "string" && REQUEST_ID.test(id) ? `web:${viewer.employee.id}:${id}` : undefined,
    };
  };
  const known = (viewer: Viewer): viewer is Viewer & { employee: Employee } => viewer.employee !== null;
  const answerPage = async (req: Request, res: Response, viewer: Viewer, reply: Reply | undefined, current?: NavPage) => {
    // Nothing to say: a retry of a request already done. The person's home shows where things stand.
    if (!reply) return res.redirect(303, "/app");
    return send(res, viewer, replySummary(reply), await replyHtml(req, res, reply), current);
  };

  const home = async (req: Request, res: Response, paging: HomePaging) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    const { employee, locale } = viewer;
    const tr = translator(locale);
    const zone = employee.timezone ?? companyTimezone(services);
    const message = helpMessage(locale, employee.name, "");
    message.blocks.push(
      ...(await homeShiftBlocks(services, employee.id, locale, zone)),
      ...(await homeIdeaBlocks(services, employee.id, locale, paging)),
      ...(await homeReportBlocks(services, employee.id, locale)),
    );
    const context = renderContext(req, res);
    const content = html`<h1 class="visually-hidden">${tr("web.nav.home")}</h1>${commandBox(locale, context)}${messageHtml(message, context)}<section aria-labelledby="inbox"><h2 id="inbox">${tr("web.inbox.title")}</h2>${await postsHtml(services, webPersonTarget(employee.id), employee.id, locale, zone, context)}</section>`;
    return send(res, viewer, tr("web.nav.home"), content, "home");
  };

  router.get("/app", async (req, res) => home(req, res, parseHomePaging([])));

  router.get("/app/who", async (req, res) => {
    const viewer = await viewerOf(req);
    const tr = translator(viewer.locale);
    if (!deps.demo) {
      res.status(404);
      return send(res, viewer, tr("web.errors.notFound"), html`<h1>${tr("web.errors.notFound")}</h1><p>${tr("web.errors.demoOnly")}</p>`);
    }
    return send(res, viewer, tr("web.who.title"), await whoHtml(services, viewer.locale, session.token(req, res)));
  });
  router.post("/app/who", async (req, res) => {
    const chosen = Number((req.body as { employee?: unknown }).employee);
    const employee = deps.demo && Number.isInteger(chosen) && chosen > 0 ? await services.prisma.employee.findFirst({ where: { id: chosen, active: true }, select: { id: true } }) : null;
    if (!employee) {
      const viewer = await viewerOf(req);
      const tr = translator(viewer.locale);
      res.status(deps.demo ? 400 : 404);
      return send(res, viewer, tr("web.errors.notFound"), html`<h1>${tr("web.errors.notFound")}</h1><p>${tr(deps.demo ? "errors.notAllowed" : "web.errors.demoOnly")}</p>`);
    }
    sessionOf(req).employeeId = employee.id;
    return res.redirect(303, "/app");
  });

  router.get("/app/channels", async (req, res) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    const tr = translator(viewer.locale);
    const channels = await postedChannels(services, viewer.locale);
    const list = channels.length
      ? html`<ul class="channel-list">${channels.map((c) => html`<li><a href="/app/channels/${encodeURIComponent(c.id)}"><bdi>${c.name}</bdi></a></li>`)}</ul>`
      : html`<p>${tr("web.channels.none")}</p>`;
    return send(res, viewer, tr("web.channels.title"), html`<h1>${tr("web.channels.title")}</h1><p>${tr("web.channels.intro")}</p>${list}`, "channels");
  });
  router.get("/app/channels/:id", async (req, res) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    const id = req.params.id;
    if (!CHANNEL_ID.test(id) || id.startsWith("employee:")) return notFoundPage(res, viewer);
    const zone = viewer.employee.timezone ?? companyTimezone(services);
    const name = await channelName(services, id, viewer.locale);
    const posts = await postsHtml(services, id, viewer.employee.id, viewer.locale, zone, renderContext(req, res));
    const live = html`<meta name="htmx-config" content='{"includeIndicatorStyles":false}'><script src="${ASSETS}/htmx.min.js" defer></script>`;
    const content = html`<h1><bdi>${name}</bdi></h1><p>${translator(viewer.locale)("web.channels.intro")}</p><div id="posts" hx-get="/app/channels/${encodeURIComponent(id)}/posts" hx-trigger="every ${LIVE_EVERY_SECONDS}s" aria-live="polite">${posts}</div>`;
    return send(res, viewer, name, content, "channels", live);
  });
  router.get("/app/channels/:id/posts", async (req, res) => {
    const viewer = await viewerOf(req);
    const id = req.params.id;
    if (!known(viewer) || !CHANNEL_ID.test(id) || id.startsWith("employee:")) return res.status(404).type("text/plain").send("");
    const zone = viewer.employee.timezone ?? companyTimezone(services);
    return res.type("html").set("Cache-Control", "no-store").send(String(await postsHtml(services, id, viewer.employee.id, viewer.locale, zone, renderContext(req, res))));
  });

  for (const name of NAV_PAGES) {
    const command = PAGE_COMMANDS[name];
    if (!command) continue;
    router.get(`/app/${name}`, async (req, res) => {
      const viewer = await viewerOf(req);
      if (!known(viewer)) return stranger(res, viewer);
      const filter = typeof req.query.filter === "string" && IDEA_FILTERS.has(req.query.filter) ? req.query.filter : undefined;
      const text = name === "ideas" && filter ? `ideas ${filter}` : command;
      return answerPage(req, res, viewer, await answerCommand(request(req, viewer), text), name);
    });
  }

  router.post("/app/command", async (req, res) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    const text = (req.body as { text?: unknown }).text;
    return answerPage(req, res, viewer, await answerCommand(request(req, viewer), typeof text === "string" ? text.slice(0, 4000) : ""));
  });

  router.post("/app/action", async (req, res) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    const { action, value } = req.body as { action?: unknown; value?: unknown };
    // "Show more" on the home page grows a section of it, as in Slack's App Home.
    if (action === IDEA_ACTIONS.homePage && typeof value === "string") return home(req, res, homePagingAfterMore(value.slice(0, 100).split(":")));
    const answer = await answerCardAction(request(req, viewer), { action, value });
    return answerPage(req, res, viewer, answer?.message);
  });

  router.post("/app/form", async (req, res) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    // The token and the request id are the page's, not the form's fields.
    const submitted = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter(([key]) => key !== "_csrf" && key !== "request"));
    const answer = await answerCardAction(request(req, viewer), submitted);
    return answerPage(req, res, viewer, answer?.message);
  });

  router.post(REACT_PATH, async (req, res) => {
    const viewer = await viewerOf(req);
    if (!known(viewer)) return stranger(res, viewer);
    const done = await toggleStoryReaction(services, viewer.employee.id, req.body, request(req, viewer).requestKey);
    if (!done) return notFoundPage(res, viewer);
    const back = reactionReturn(req.body) ?? (done.target.startsWith("employee:") ? "/app" : `/app/channels/${encodeURIComponent(done.target)}`);
    return res.redirect(303, back);
  });

  const pages: WebPages = {
    services,
    viewerOf,
    known,
    stranger,
    send,
    renderContext,
    request,
    notFound: (res, viewer) => notFoundPage(res, viewer),
    forbidden: (res, viewer) => {
      const tr = translator(viewer.locale);
      res.status(403);
      send(res, viewer, tr("errors.notAllowed"), html`<h1>${tr("errors.notAllowed")}</h1><p><a href="/app">${tr("web.nav.home")}</a></p>`);
    },
  };
  if (deps.signIn) signInRoutes(deps.signIn);
  router.post(SIGN_OUT_PATH, async (req, res) => {
    const current = sessionOf(req);
    await deps.signIn?.signOut(current.token);
    current.token = undefined;
    current.employeeId = undefined;
    renewSessionId(req);
    return res.redirect(303, deps.demo ? "/app/who" : "/app");
  });

  consoleRoutes(router, pages);

  router.use("/app", async (req, res) => notFoundPage(res, await viewerOf(req)));

  function signInRoutes(signIn: SignIn): void {
    if (signIn.teamsTab) teamsTabRoutes(router, pages, signIn);
    router.get(SIGN_IN_PATH, async (req, res) => {
      const viewer = await viewerOf(req);
      if (known(viewer)) return res.redirect(303, "/app");
      const tr = translator(viewer.locale);
      const choices = signIn.providers.map((p) => html`<li><a class="button button-primary" href="${SIGN_IN_PATH}/${p.key}">${tr("web.signIn.with", { provider: tr(`web.signIn.provider.${p.key}`) })}</a></li>`);
      return send(res, viewer, tr("web.signIn.choose"), html`<h1>${tr("web.signIn.choose")}</h1><p>${tr("web.signIn.intro")}</p><ul class="sign-in">${choices}</ul>`);
    });
    router.get(`${SIGN_IN_PATH}/:provider`, async (req, res) => {
      const started = await signIn.start(req.params.provider);
      if (!started) return notFoundPage(res, await viewerOf(req));
      sessionOf(req).pending = started.pending;
      return res.redirect(303, started.url);
    });
    router.get(`${SIGN_IN_PATH}/:provider/callback`, async (req, res) => {
      const current = sessionOf(req);
      const pending = current.pending;
      current.pending = undefined;
      const outcome = await signIn.finish(req.params.provider, req.originalUrl, pending);
      if (outcome.kind === "signed-in") {
        current.token = outcome.token;
        renewSessionId(req);
        return res.redirect(303, "/app");
      }
      const viewer = await viewerOf(req);
      const tr = translator(viewer.locale);
      const why = outcome.kind === "not-an-employee" ? "web.signIn.notAnEmployee" : "web.signIn.failed";
      res.status(outcome.kind === "not-an-employee" ? 403 : 400);
      return send(res, viewer, tr("web.signIn.choose"), html`<h1>${tr("web.signIn.choose")}</h1><p role="alert">${tr(why)}</p><p><a href="${SIGN_IN_PATH}">${tr("web.signIn.again")}</a></p>`);
    });
  }

  const notFoundPage = (res: Response, viewer: Viewer) => {
    const tr = translator(viewer.locale);
    res.status(404);
    return send(res, viewer, tr("web.errors.notFound"), html`<h1>${tr("web.errors.notFound")}</h1><p><a href="/app">${tr("web.nav.home")}</a></p>`);
  };

  const failed: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const locale = resolveLocale({ platform: req.acceptsLanguages("he", "iw", "en") || undefined, company: companyLocale(services) });
    const tr = translator(locale);
    const viewer: Viewer = { employee: null, locale };
    if (session.isCsrfError(error)) {
      res.status(403);
      return send(res, viewer, tr("web.errors.expired"), html`<h1>${tr("web.errors.expired")}</h1><p><a href="/app">${tr("web.nav.home")}</a></p>`);
    }
    const { status, type } = (error ?? {}) as { status?: number; type?: string };
    if (type && status && status >= 400 && status < 500) {
      res.status(status);
      return send(res, viewer, tr("web.errors.failed"), html`<h1>${tr("web.errors.failed")}</h1>`);
    }
    deps.logger.error({ err: { message: error instanceof Error ? error.message : String(error) }, method: req.method, path: req.path }, "Web request failed");
    res.status(500);
    return send(res, viewer, tr("web.errors.failed"), html`<h1>${tr("web.errors.failed")}</h1><p><a href="/app">${tr("web.nav.home")}</a></p>`);
  };
  router.use("/app", failed);
  return router;
}

/** The box where people type a command, as they would in chat. */
function commandBox(locale: Locale, context: RenderContext): Html {
  const tr = translator(locale);
  return html`<form method="post" action="/app/command" class="message">${hiddenRequest(context)}<label for="command">${tr("web.command.label")}</label><div class="command"><input type="text" id="command" name="text" maxlength="4000" dir="auto" aria-describedby="command-hint" autocomplete="off"><button type="submit" class="button button-primary">${tr("web.command.send")}</button></div><p class="hint" id="command-hint">${tr("web.command.hint")}</p></form>`;
}
