import { randomBytes } from "node:crypto";
import express from "express";
import type { Config } from "./config/env";
import { loadOrganisationFile } from "./config/organisation";
import { createSlackApp, type SlackHandle } from "./chat/slack/app";
import { slackDelivery } from "./chat/slack/delivery";
import { slackSupportPresence } from "./chat/slack/support-presence";
import { createTeamsEndpoint } from "./chat/teams/adapter";
import { teamsDelivery } from "./chat/teams/delivery";
import { demoRefusal } from "./chat/web/demo-identity";
import { webDelivery } from "./chat/web/delivery";
import { webRouter } from "./chat/web/router";
import { webSignIn } from "./chat/web/sign-in";
import { teamsTabToken } from "./chat/web/teams-tab-token";
import { adminSocketPath, startAdminSocket } from "./http/admin-socket";
import { calendarFeedRouter } from "./http/calendar-feed";
import { complaintsWebhookRouter } from "./http/complaints-webhook";
import { scimRouter } from "./http/scim";
import { createMetrics } from "./http/metrics";
import { registerReportMetrics } from "./http/report-metrics";
import { errorHandler, notFound } from "./http/errors";
import { createExpressApp, reservePort } from "./http/server";
import { startupSummary } from "./startup-summary";
import type { Logger } from "./logger";
import { companyTimezone, type ServiceDeps } from "./services/deps";
import { housekeepingJob } from "./services/housekeeping";
import { ideaLiveViews } from "./services/ideas/idea-live-view";
import { storyLiveViews } from "./services/stories/story-live-view";
import { peopleSourceReaders } from "./chat/people-sources";
import { LiveOrganisation } from "./services/organisation-live";
import { peopleSyncJob } from "./services/people/people-sync-job";
import { DIRECTORY_SOURCES } from "./services/people/sync-people";
import { OrganisationSync } from "./services/organisation-sync";
import { OutboxWorker, type ChatDelivery } from "./services/outbox-worker";
import { staleIdeasJob } from "./services/ideas/stale-ideas";
import { keepRotation, rotationJob } from "./services/rotation/rotation-job";
import { ShiftReminders } from "./services/rotation/shift-reminders";
import { Timers } from "./services/timers";
import { WeeklyDigests } from "./services/complaints/digest-task";
import { MonthlyReports } from "./services/reports/monthly-report-task";
import { Seismograph } from "./services/complaints/seismograph-task";
import { StoryOfTheWeek } from "./services/stories/story-of-week";
import { digestChartsRouter } from "./http/digest-charts";
import { legalPagesRouter } from "./http/legal-pages";
import { SupportPresence } from "./services/rotation/support-presence";
import { Scheduler } from "./services/scheduler";
import { openDatabase, type Database } from "./store/database";
import { lockDataDir } from "./store/data-dir-lock";
import { migrate } from "./store/migrate";

export interface RunningApp {
  port: number;
  db: Database;
  stop(): Promise<void>;
}

/**
 * Starts the bot: validates the organisation file and takes the port before touching the
 * database, opens and migrates the database, imports the organisation, then serves HTTP and
 * connects the chat platforms. Anything that fails before serving throws, and nothing is
 * left running.
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const validated = config.orgFile ? await loadOrganisationFile(config.orgFile) : undefined;
    const refusal = config.demo ? demoRefusal(config) : undefined;
    if (refusal) logger.warn(`Demo mode refused: ${refusal}; nobody can choose who to be`);
    const demo = config.demo === true && !refusal;
    // Until the application is handed over below, it answers 503 (and /healthz 200).
    const server = await reservePort(config.port, logger, config.host);
    // The demo's charts and links point at the address it listens on.
    const publicUrl = config.publicUrl ?? (demo ? `http://${config.host}:${server.port}` : undefined);
    let serverClosed = false;
    const closeServer = async () => {
      if (serverClosed) return;
      serverClosed = true;
      await server.close();
    };
    cleanups.push(closeServer);

    let adminSocket: string | undefined;
    if (config.database.kind === "pglite") {
      adminSocket = adminSocketPath(config.dataDir);
      cleanups.push(lockDataDir(config.dataDir, adminSocket));
    }
    const db = await openDatabase(config.database);
    cleanups.push(() => db.close());
    logger.info(`Database: ${db.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)"}`);

    const applied = await migrate(db.raw);
    logger.info(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date");

    const live = new LiveOrganisation(db.prisma, logger);
    const organisation = () => live.organisation();
    let sync: OrganisationSync | undefined;
    if (config.orgFile && validated) {
      sync = new OrganisationSync(db.prisma, config.orgFile, logger, live);
      await sync.importValidated(validated.organisation, validated.checksum, validated.text);
      cleanups.push(sync.watch());
    } else if (!(await live.refresh("start-up"))) {
      logger.warn(
        "No organisation yet: the bot knows nobody. Run `npm run cli -- org import <file>` " +
          "(it takes effect without a restart) or set ORG_FILE to a YAML file (see examples/org.yml).",
      );
    }
    cleanups.push(live.watch());

    const peopleSources = peopleSourceReaders(config, logger);
    if (adminSocket) {
      cleanups.push(
        await startAdminSocket(adminSocket, db, logger, {
          organisation,
          organisationImported: () => live.refresh("imported through the admin socket"),
          complaintsSecret: config.complaintsWebhookSecret,
          peopleSources,
        }),
      );
    }

    const http = createExpressApp();
    const metrics = createMetrics();
    registerReportMetrics(metrics.registry, db.prisma);
    let ready = false;
    http.use(metrics.middleware);
    http.get("/healthz", (_req, res) => {
      res.json({ status: "ok" });
    });
    // Ready means able to do the work: started, the database answering, and someone to plan for.
    http.get("/readyz", async (_req, res) => {
      const databaseUp = await db.raw.query("SELECT 1").then(
        () => true,
        () => false,
      );
      const organisationLoaded = organisation() !== undefined;
      const isReady = ready && databaseUp && organisationLoaded;
      res.status(isReady ? 200 : 503).json({ ready: isReady, database: databaseUp, organisation: organisationLoaded });
    });
    http.get("/metrics", metrics.handler);

    const companyLocale = () => organisation()?.company.locale ?? "en";
    // The outbox needs the Teams adapter and the bot needs the services: the bot reads them when a turn comes.
    const teams = createTeamsEndpoint({ settings: config.teams, missing: config.teamsMissing, db, logger, companyLocale, services: () => services, complaintsSecret: config.complaintsWebhookSecret });
    const { leaseMs, slackCallTimeoutMs, teamsCallTimeoutMs, slackPostIntervalMs, teamsPostIntervalMs, maxInFlight } = config.delivery;
    const deliveries: ChatDelivery[] = config.slack ? [slackDelivery({ ...config.slack, callTimeoutMs: slackCallTimeoutMs, postIntervalMs: slackPostIntervalMs }, logger)] : [];
    if (teams.adapter) {
      deliveries.push(teamsDelivery({ prisma: db.prisma, adapter: teams.adapter, appId: teams.appId ?? "", logger, callTimeoutMs: teamsCallTimeoutMs, postIntervalMs: teamsPostIntervalMs }));
    }
    // The web is a surface where people read what was posted only when someone can be at the browser: in the demo, for now.
    if (demo) deliveries.push(webDelivery(db.prisma));
    const outbox = new OutboxWorker({ prisma: db.prisma, deliveries, liveViews: { idea: ideaLiveViews({ prisma: db.prisma, organisation }), story: storyLiveViews({ prisma: db.prisma, organisation }) }, logger, leaseMs, batchSize: maxInFlight });
    // Reminders and who is on the line follow the published shifts (tasks added below).
    const timers = new Timers({ logger });
    const services: ServiceDeps = {
      prisma: db.prisma,
      logger,
      organisation,
      platforms: deliveries.map((d) => d.platform),
      outboxKick: () => outbox.kick(),
      shiftsChanged: () => void timers.refresh(),
      publicUrl,
    };
    http.use(calendarFeedRouter(services));
    http.use(complaintsWebhookRouter(services, config.complaintsWebhookSecret));
    http.use(scimRouter({ prisma: db.prisma, logger, imported: () => live.refresh("provisioned over SCIM"), token: config.scimToken, publicUrl: config.publicUrl }));
    http.use(digestChartsRouter(services));
    // The Teams package links these as its privacy statement and terms of use.
    http.use(legalPagesRouter());
    http.use(
      webRouter({
        services,
        logger,
        demo,
        session: {
          secret: config.webSessionSecret ?? randomBytes(32).toString("base64url"),
          secure: publicUrl?.startsWith("https:") ?? false,
          embedded: !demo && config.teamsTab !== undefined,
        },
        complaintsSecret: config.complaintsWebhookSecret,
        // The demo signs people in by choice; otherwise the configured providers do.
        signIn:
          !demo && (config.signIn.length > 0 || config.teamsTab) && publicUrl
            ? webSignIn({ prisma: db.prisma, providers: config.signIn, publicUrl, logger, teamsTab: config.teamsTab && teamsTabToken(config.teamsTab) })
            : undefined,
      }),
    );

    let slack: SlackHandle | undefined;
    if (config.slack) {
      slack = createSlackApp(config.slack, http, { db, logger, organisation, services, publicUrl: config.publicUrl, complaintsSecret: config.complaintsWebhookSecret });
    }

    http.post("/api/messages", express.json({ limit: "1mb" }), teams.handler);

    outbox.start();
    cleanups.push(() => outbox.stop());
    const scheduler = new Scheduler({ prisma: db.prisma, logger })
      .add(staleIdeasJob(services))
      .add(housekeepingJob(db.prisma, logger, companyTimezone(services)))
      .add(rotationJob(services));
    for (const source of DIRECTORY_SOURCES) {
      if (peopleSources[source]) scheduler.add(peopleSyncJob(source, { ...services, readers: peopleSources }, companyTimezone(services)));
    }
    await scheduler.start();
    await keepRotation(services, "start-up");
    live.onChanged((reason) => void keepRotation(services, `organisation ${reason}`));
    cleanups.push(() => scheduler.stop());
    // Their job_runs claims carry this replica's id, like the scheduler's.
    timers.add(new ShiftReminders(services, scheduler.instanceId));
    if (config.slack) timers.add(new SupportPresence(services, slackSupportPresence(config.slack, logger), scheduler.instanceId));
    timers.add(new WeeklyDigests(services, scheduler.instanceId));
    timers.add(new StoryOfTheWeek(services, scheduler.instanceId));
    timers.add(new MonthlyReports(services, scheduler.instanceId));
    timers.add(new Seismograph(services, scheduler.instanceId));
    cleanups.push(() => timers.stop());
    await timers.start();
    http.use(notFound);
    http.use(errorHandler(logger));
    server.serve(http);
    // Pushed again so that, once serving, requests stop before anything behind them does.
    cleanups.push(closeServer);
    if (slack) {
      await slack.start();
      cleanups.push(() => slack.stop());
    }
    ready = true;
    for (const line of startupSummary({ config, port: server.port, slackMode: slack?.mode, organisation: organisation(), organisationSource: live.source(), databaseKind: db.kind })) logger.info(line);
    return {
      port: server.port,
      db,
      stop: async () => {
        ready = false;
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
