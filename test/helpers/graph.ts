/**
 * A local stand-in for Microsoft Graph and the Microsoft identity platform's token endpoint:
 * the bot reaches it through GRAPH_API_URL and GRAPH_TOKEN_URL with the same code it uses in
 * production. It serves the directory a test describes, in pages, and records every request.
 */
import express from "express";
import { listen } from "./teams";

export interface DirectoryUser {
  id: string;
  mail?: string | null;
  displayName?: string;
  department?: string | null;
  preferredLanguage?: string | null;
  accountEnabled?: boolean;
}

export interface Directory {
  users: DirectoryUser[];
  /** Groups by object id, with their display name and members' object ids. */
  groups: Record<string, { displayName: string; members: string[] }>;
}

export const GRAPH_CLIENT = { id: "11111111-2222-3333-4444-555555555555", secret: "graph-client-secret" };
const TOKEN = "graph-access-token";

export async function startGraphStandIn(directory: Directory, options: { pageSize: number }) {
  const requests: { method: string; path: string; query: Record<string, string> }[] = [];
  /** Answers the next requests whose path starts with the key with these statuses first. */
  const failures = new Map<string, { status: number; retryAfter?: string }[]>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((req, res, next) => {
    requests.push({ method: req.method, path: req.path, query: req.query as Record<string, string> });
    const key = [...failures.keys()].find((prefix) => req.path.startsWith(prefix));
    const failure = key ? failures.get(key)!.shift() : undefined;
    if (!failure) return next();
    res.status(failure.status).set(failure.retryAfter ? { "Retry-After": failure.retryAfter } : {}).json({ error: { code: "TooManyRequests", message: "throttled" } });
  });
  app.post("/token", (req, res) => {
    const body = req.body as Record<string, string>;
    if (body.grant_type !== "client_credentials" || body.client_id !== GRAPH_CLIENT.id || body.client_secret !== GRAPH_CLIENT.secret) {
      res.status(401).json({ error: "invalid_client", error_description: `AADSTS7000215: Invalid client secret provided for ${body.client_id}` });
      return;
    }
    res.json({ token_type: "Bearer", expires_in: 3599, access_token: TOKEN });
  });
  app.use("/v1.0", (req, res, next) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) res.status(401).json({ error: { code: "InvalidAuthenticationToken" } });
    else next();
  });
  /** One page of a collection, the next one linked by a skip token as Graph does. */
  const page = (req: express.Request, res: express.Response, items: object[]) => {
    const skip = Number(req.query.$skiptoken ?? 0);
    const next = skip + options.pageSize;
    const url = new URL(`${origin}${req.path}`);
    for (const [name, value] of Object.entries(req.query)) if (name !== "$skiptoken") url.searchParams.set(name, String(value));
    url.searchParams.set("$skiptoken", String(next));
    res.json({ value: items.slice(skip, next), ...(next < items.length ? { "@odata.nextLink": url.toString() } : {}) });
  };
  app.get("/v1.0/users", (req, res) => page(req, res, directory.users));
  app.get("/v1.0/groups", (req, res) => {
    const name = /^displayName eq '(.*)'$/.exec(String(req.query.$filter ?? ""))?.[1]?.replace(/''/g, "'");
    page(req, res, Object.entries(directory.groups).filter(([, group]) => group.displayName === name).map(([id]) => ({ id })));
  });
  app.get("/v1.0/groups/:id/transitiveMembers", (req, res) => {
    const group = directory.groups[req.params.id!];
    if (!group) res.status(404).json({ error: { code: "Request_ResourceNotFound" } });
    else page(req, res, group.members.map((id) => ({ "@odata.type": "#microsoft.graph.user", id })));
  });
  const running = await listen(app);
  const origin = running.url;
  return {
    ...running,
    env: { TEAMS_APP_ID: GRAPH_CLIENT.id, TEAMS_APP_PASSWORD: GRAPH_CLIENT.secret, GRAPH_API_URL: `${origin}/v1.0`, GRAPH_TOKEN_URL: `${origin}/token` },
    requests,
    fail(pathPrefix: string, ...replies: { status: number; retryAfter?: string }[]) {
      failures.set(pathPrefix, [...(failures.get(pathPrefix) ?? []), ...replies]);
    },
  };
}
