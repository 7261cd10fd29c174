import path from "node:path";
import { z } from "zod";

/** Raised when an environment variable has a value the bot cannot use. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

const postgresUrl = optionalText.refine(
  (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
  "expected a PostgreSQL URL such as postgresql://user:password@host:5432/database",
);

const httpUrl = optionalText.refine(
  (v) => v === undefined || /^https?:\/\//.test(v),
  "expected an http(s) URL",
);

const publicUrl = optionalText.pipe(
  z.url({ protocol: /^https?$/, error: "expected the bot's public http(s) URL, such as https://bot.acme.example" }).optional(),
);

/** A whole number of `unit` within [min, max]; empty means the default. */
function wholeNumber(fallback: number, min: number, max: number, unit: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max) return Number(v);
      ctx.addIssue({ code: "custom", message: `expected a whole number of ${unit} from ${min} to ${max}, got "${v}"` });
      return z.NEVER;
    });
}

const milliseconds = (fallback: number, min: number, max: number) => wholeNumber(fallback, min, max, "milliseconds");

/**
 * How long the outbox holds a claimed message, how long one platform call may take, how
 * often one conversation may be posted to, and how many posts one replica makes at once.
 */
export interface DeliveryTiming {
  leaseMs: number;
  slackCallTimeoutMs: number;
  teamsCallTimeoutMs: number;
  /** Slack accepts about one message per second per channel (chat.postMessage's special tier). */
  slackPostIntervalMs: number;
  /** The Bot Connector accepts 7 messages per second in one conversation. */
  teamsPostIntervalMs: number;
  maxInFlight: number;
}

export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  leaseMs: 60_000,
  slackCallTimeoutMs: 20_000,
  teamsCallTimeoutMs: 20_000,
  slackPostIntervalMs: 1000,
  teamsPostIntervalMs: 143,
  maxInFlight: 50,
};

/**
 * One delivery may make three calls one after another (open a direct-message channel, look
 * for an earlier attempt's post, post), and all of them must have ended or timed out before
 * the lease lets another replica take the message over.
 */
export const CALLS_PER_DELIVERY = 3;

const envSchema = z.object({
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.string().trim().min(1).default("./data"),
  PORT: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return 3000;
      if (/^\d{1,5}$/.test(v) && Number(v) <= 65535) return Number(v);
      ctx.addIssue({ code: "custom", message: `expected a port number from 0 to 65535, got "${v}"` });
      return z.NEVER;
    }),
  ORG_FILE: optionalText,
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: (issue) => `expected fatal, error, warn, info, debug, trace or silent, got "${String(issue.input)}"`,
    })
    .default("info"),
  LOG_FORMAT: z
    .enum(["json", "pretty"], { error: (issue) => `expected json or pretty, got "${String(issue.input)}"` })
    .optional(),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: httpUrl,
  SLACK_ADMIN_USER_TOKEN: optionalText,
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  GRAPH_API_URL: httpUrl,
  GRAPH_TOKEN_URL: httpUrl,
  TEAMS_ALLOW_UNAUTHENTICATED: flag,
  COMPLAINTS_WEBHOOK_SECRET: optionalText,
  SCIM_TOKEN: optionalText,
  HOST: optionalText,
  WEB_SESSION_SECRET: optionalText,
  SIGN_IN_SLACK_CLIENT_ID: optionalText,
  SIGN_IN_SLACK_CLIENT_SECRET: optionalText,
  SIGN_IN_SLACK_ISSUER: httpUrl,
  SIGN_IN_MICROSOFT_CLIENT_ID: optionalText,
  SIGN_IN_MICROSOFT_CLIENT_SECRET: optionalText,
  SIGN_IN_MICROSOFT_ISSUER: httpUrl,
  TEAMS_TAB_ISSUER: httpUrl,
  PUBLIC_URL: publicUrl,
  OUTBOX_LEASE_MS: milliseconds(DEFAULT_DELIVERY_TIMING.leaseMs, 1000, 3_600_000),
  SLACK_CALL_TIMEOUT_MS: milliseconds(DEFAULT_DELIVERY_TIMING.slackCallTimeoutMs, 100, 1_200_000),
  TEAMS_CALL_TIMEOUT_MS: milliseconds(DEFAULT_DELIVERY_TIMING.teamsCallTimeoutMs, 100, 1_200_000),
  SLACK_POST_INTERVAL_MS: milliseconds(DEFAULT_DELIVERY_TIMING.slackPostIntervalMs, 0, 60_000),
  TEAMS_POST_INTERVAL_MS: milliseconds(DEFAULT_DELIVERY_TIMING.teamsPostIntervalMs, 0, 60_000),
  OUTBOX_MAX_IN_FLIGHT: wholeNumber(DEFAULT_DELIVERY_TIMING.maxInFlight, 1, 500, "posts"),
});

export interface SlackSettings {
  botToken: string;
  /** Absent in Socket Mode, where Slack does not sign requests. */
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /**
   * A workspace admin's user token (xoxp-, users.profile:write): only an admin may set
   * another person's status. Without it the bot leaves statuses alone.
   */
  adminUserToken?: string;
}

export interface TeamsSettings {
  appId: string;
  appPassword: string;
  tenantId?: string;
  /** Local work only: no Bot Framework token is checked. */
  unauthenticated: boolean;
}


/** Microsoft Graph with the Teams app's own credentials (client credentials, app-only). */
export interface GraphSettings {
  clientId: string;
  clientSecret: string;
  /** https://graph.microsoft.com/v1.0 unless GRAPH_API_URL says otherwise (a local stand-in). */
  apiUrl: string;
  /** The tenant's token endpoint unless GRAPH_TOKEN_URL says otherwise. */
  tokenUrl: string;
}

/** A way to sign in on the web: an OpenID Connect provider and the app registered with it. */
export interface SignInProvider {
  key: "slack" | "microsoft";
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface TeamsTabSettings {
  /** The tenant's issuer, https://login.microsoftonline.com/<tenant>/v2.0 (TEAMS_TAB_ISSUER for a stand-in). */
  issuer: string;
  /** The audiences the app's tokens carry: its resource URI and its app id. */
  audiences: string[];
}

export interface Config {
  database: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  dataDir: string;
  port: number;
  /** The address to listen on (HOST); every interface when unset. */
  host?: string;
  /**
   * The demo (`npm run demo`): the web lets the visitor choose who to be. Never read from the
   * environment, and refused unless the server listens on loopback only without chat credentials.
   */
  demo?: boolean;
  /** Signs web sessions (WEB_SESSION_SECRET); a random one per start when unset, which ends sessions on restart. */
  webSessionSecret?: string;
  /** Sign-in on the web (SIGN_IN_*): none configured, nobody signs in outside the demo. */
  signIn: SignInProvider[];
  /** Teams single sign-on in the bot's personal tab: set with the Teams app, its tenant and PUBLIC_URL. */
  teamsTab?: TeamsTabSettings;
  orgFile?: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** Set when Slack can run; otherwise `slackMissing` names what is needed. */
  slack?: SlackSettings;
  slackMissing: string[];
  teams?: TeamsSettings;
  teamsMissing: string[];
  /** Present when the Teams app's credentials and tenant are set: the Microsoft 365 people source. */
  graph?: GraphSettings;
  complaintsWebhookSecret?: string;
  /** The bearer token identity providers send to /scim/v2; without it SCIM answers 503. */
  scimToken?: string;
  /** Where people reach the bot's HTTP server, for links it hands out (calendar feeds). */
  publicUrl?: string;
  delivery: DeliveryTiming;
}

/** One line, each problem led by the variable to change. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`).join("; ");
}

/** Each platform's timeout must leave every call of one delivery inside the lease. */
function timingProblems(e: z.infer<typeof envSchema>): string[] {
  const limits = [
    ["SLACK_CALL_TIMEOUT_MS", e.SLACK_CALL_TIMEOUT_MS],
    ["TEAMS_CALL_TIMEOUT_MS", e.TEAMS_CALL_TIMEOUT_MS],
  ] as const;
  return limits
    .filter(([, timeout]) => timeout * CALLS_PER_DELIVERY > e.OUTBOX_LEASE_MS)
    .map(
      ([name, timeout]) =>
        `${name}: ${timeout} ms is not well inside OUTBOX_LEASE_MS (${e.OUTBOX_LEASE_MS} ms); ` +
        `it may be at most a third of it (${Math.floor(e.OUTBOX_LEASE_MS / CALLS_PER_DELIVERY)} ms), because one delivery may make ` +
        `${CALLS_PER_DELIVERY} calls and another replica takes the message over when the lease ends`,
    );
}

/** Parses the process environment into one typed configuration, or throws a ConfigError. */
/**
 * The sign-ins whose client id and secret are both set. Each returns to PUBLIC_URL, so one
 * without it is refused; Microsoft's issuer is the tenant's, from TEAMS_TENANT_ID unless given.
 */
function signInProviders(e: z.infer<typeof envSchema>): SignInProvider[] {
  const providers: SignInProvider[] = [];
  const problems: string[] = [];
  const add = (key: SignInProvider["key"], id: string | undefined, secret: string | undefined, issuer: string | undefined) => {
    const prefix = `SIGN_IN_${key.toUpperCase()}`;
    if (!id && !secret) return;
    if (!id || !secret) return problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`);
    if (!issuer) return problems.push(`${prefix}_ISSUER or TEAMS_TENANT_ID is needed to sign in with Microsoft`);
    providers.push({ key, issuer, clientId: id, clientSecret: secret });
  };
  add("slack", e.SIGN_IN_SLACK_CLIENT_ID, e.SIGN_IN_SLACK_CLIENT_SECRET, e.SIGN_IN_SLACK_ISSUER ?? "https://slack.com");
  add(
    "microsoft",
    e.SIGN_IN_MICROSOFT_CLIENT_ID,
    e.SIGN_IN_MICROSOFT_CLIENT_SECRET,
    e.SIGN_IN_MICROSOFT_ISSUER ?? (e.TEAMS_TENANT_ID ? `https://login.microsoftonline.com/${e.TEAMS_TENANT_ID}/v2.0` : undefined),
  );
  if (providers.length > 0 && !e.PUBLIC_URL) problems.push("PUBLIC_URL is needed to sign in on the web: the sign-in returns there");
  if (problems.length > 0) throw new ConfigError(`Invalid environment: ${problems.join("; ")}`);
  return providers;
}

/**
 * The personal tab's sign-in: its tokens are for the app's resource on PUBLIC_URL's host (the
 * manifest's webApplicationInfo), issued by the tenant (or TEAMS_TAB_ISSUER, for a stand-in).
 */
function teamsTabSettings(e: z.infer<typeof envSchema>): TeamsTabSettings | undefined {
  const issuer = e.TEAMS_TAB_ISSUER ?? (e.TEAMS_TENANT_ID ? `https://login.microsoftonline.com/${e.TEAMS_TENANT_ID}/v2.0` : undefined);
  if (!e.TEAMS_APP_ID || !e.PUBLIC_URL || !issuer) return undefined;
  return { issuer, audiences: [`api://${new URL(e.PUBLIC_URL).host}/${e.TEAMS_APP_ID}`, e.TEAMS_APP_ID] };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid environment: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const timing = timingProblems(e);
  if (timing.length > 0) throw new ConfigError(`Invalid environment: ${timing.join("; ")}`);
  const dataDir = path.resolve(e.DATA_DIR);

  const slackMissing: string[] = [];
  if (!e.SLACK_BOT_TOKEN) slackMissing.push("SLACK_BOT_TOKEN");
  if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) slackMissing.push("SLACK_SIGNING_SECRET");
  const slack =
    slackMissing.length === 0 && e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          adminUserToken: e.SLACK_ADMIN_USER_TOKEN,
        }
      : undefined;

  const teamsMissing: string[] = [];
  if (!e.TEAMS_APP_ID) teamsMissing.push("TEAMS_APP_ID");
  if (!e.TEAMS_APP_PASSWORD) teamsMissing.push("TEAMS_APP_PASSWORD");
  let teams: TeamsSettings | undefined;
  if (teamsMissing.length === 0 && e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD) {
    teams = {
      appId: e.TEAMS_APP_ID,
      appPassword: e.TEAMS_APP_PASSWORD,
      tenantId: e.TEAMS_TENANT_ID,
      unauthenticated: false,
    };
  } else if (e.TEAMS_ALLOW_UNAUTHENTICATED) {
    teams = { appId: "", appPassword: "", unauthenticated: true };
  }

  return {
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    dataDir,
    port: e.PORT,
    host: e.HOST,
    webSessionSecret: e.WEB_SESSION_SECRET,
    signIn: signInProviders(e),
    teamsTab: teamsTabSettings(e),
    orgFile: e.ORG_FILE,
    logLevel: e.LOG_LEVEL,
    slack,
    slackMissing,
    teams,
    teamsMissing,
    graph:
      e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD && (e.TEAMS_TENANT_ID || e.GRAPH_TOKEN_URL)
        ? {
            clientId: e.TEAMS_APP_ID,
            clientSecret: e.TEAMS_APP_PASSWORD,
            apiUrl: (e.GRAPH_API_URL ?? "https://graph.microsoft.com/v1.0").replace(/\/$/, ""),
            tokenUrl: e.GRAPH_TOKEN_URL ?? `https://login.microsoftonline.com/${e.TEAMS_TENANT_ID}/oauth2/v2.0/token`,
          }
        : undefined,
    complaintsWebhookSecret: e.COMPLAINTS_WEBHOOK_SECRET,
    scimToken: e.SCIM_TOKEN,
    publicUrl: e.PUBLIC_URL,
    delivery: {
      leaseMs: e.OUTBOX_LEASE_MS,
      slackCallTimeoutMs: e.SLACK_CALL_TIMEOUT_MS,
      teamsCallTimeoutMs: e.TEAMS_CALL_TIMEOUT_MS,
      slackPostIntervalMs: e.SLACK_POST_INTERVAL_MS,
      teamsPostIntervalMs: e.TEAMS_POST_INTERVAL_MS,
      maxInFlight: e.OUTBOX_MAX_IN_FLIGHT,
    },
  };
}
