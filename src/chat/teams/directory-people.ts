/**
 * The people of a Microsoft 365 tenant, as a source of the organisation (companies on
 * Teams): Microsoft Graph users with an app-only token (client credentials), paged by
 * `@odata.nextLink`, each keyed by `mail`; the department proposed by the groups the
 * organisation file maps to departments, else by the user's `department` attribute. Graph's
 * 429 and 503 are waited out as their Retry-After asks.
 */
import type { GraphSettings } from "../../config/env";
import type { Organisation } from "../../config/organisation";
import { toLocale } from "../../i18n";
import type { SourceReading } from "../../services/people/apply-people";

export type DirectoryPeopleOptions = NonNullable<Organisation["sources"]["microsoft365"]>;

interface GraphUser {
  id: string;
  mail?: string | null;
  displayName?: string | null;
  department?: string | null;
  preferredLanguage?: string | null;
  accountEnabled?: boolean | null;
}

const CALL_TIMEOUT_MS = 30_000;
const RETRIES = 5;

export class GraphError extends Error {
  override name = "GraphError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

async function withRetries(call: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await call();
    if ((response.status !== 429 && response.status !== 503) || attempt >= RETRIES) return response;
    const seconds = Number(response.headers.get("retry-after") ?? "") || 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 60) * 1000));
  }
}

async function accessToken(settings: GraphSettings): Promise<string> {
  const response = await withRetries(() =>
    fetch(settings.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: settings.clientId, client_secret: settings.clientSecret, scope: "https://graph.microsoft.com/.default", grant_type: "client_credentials" }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    }),
  );
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  // The description may quote the request; the error code says enough and holds no secret.
  if (!response.ok || !body.access_token) throw new GraphError(`Microsoft identity platform refused the app's credentials: ${body.error ?? `HTTP ${response.status}`}`);
  return body.access_token;
}

/** Every item of a Graph collection, following `@odata.nextLink`. */
async function* pages<T>(url: string, token: string): AsyncIterable<T> {
  for (let next: string | undefined = url; next; ) {
    const page = next;
    const response = await withRetries(() => fetch(page, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) }));
    const body = (await response.json().catch(() => ({}))) as { value?: T[]; "@odata.nextLink"?: string; error?: { code?: string } };
    if (!response.ok) throw new GraphError(`Microsoft Graph refused ${new URL(page).pathname}: ${body.error?.code ?? `HTTP ${response.status}`}`, response.status);
    yield* body.value ?? [];
    next = body["@odata.nextLink"];
  }
}

const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The members' object ids of a group the organisation file names by object id or display name; none when it does not exist. */
async function groupMembers(settings: GraphSettings, token: string, group: string): Promise<string[] | undefined> {
  let id: string | undefined = GROUP_ID.test(group) ? group : undefined;
  if (!id) {
    const filter = encodeURIComponent(`displayName eq '${group.replace(/'/g, "''")}'`);
    for await (const found of pages<{ id: string }>(`${settings.apiUrl}/groups?$filter=${filter}&$select=id`, token)) id ??= found.id;
  }
  if (!id) return undefined;
  const members: string[] = [];
  try {
    for await (const member of pages<{ id: string }>(`${settings.apiUrl}/groups/${encodeURIComponent(id)}/transitiveMembers?$select=id`, token)) members.push(member.id);
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return undefined;
    throw error;
  }
  return members;
}

export async function readDirectoryPeople(settings: GraphSettings, options: DirectoryPeopleOptions): Promise<SourceReading> {
  const token = await accessToken(settings);
  const result: SourceReading = { people: [], refused: [], departed: [] };
  const byMember = new Map<string, string>();
  for (const [group, department] of Object.entries(options.groups)) {
    const members = await groupMembers(settings, token, group);
    if (!members) result.refused.push(`Microsoft 365 group "${group}" (for ${department}) does not exist in the directory`);
    for (const member of members ?? []) if (!byMember.has(member)) byMember.set(member, department);
  }
  const select = "id,mail,displayName,department,preferredLanguage,accountEnabled";
  for await (const user of pages<GraphUser>(`${settings.apiUrl}/users?$select=${select}&$top=999`, token)) {
    const email = user.mail?.trim().toLowerCase();
    const name = (user.displayName ?? "").trim();
    if (user.accountEnabled === false) {
      if (email) result.departed.push(email);
      continue;
    }
    if (!email) {
      result.refused.push(`Microsoft 365 user ${user.id} (${name || "no name"}) has no mail; left out`);
      continue;
    }
    const department = byMember.get(user.id) ?? user.department?.trim();
    const language = toLocale(user.preferredLanguage);
    result.people.push({
      where: `Microsoft 365 user ${user.id}`,
      email,
      values: { teams_id: user.id, ...(name ? { name } : {}), ...(department ? { department } : {}), ...(language ? { locale: language } : {}) },
    });
  }
  return result;
}

/** How a process with these settings reads the tenant's people; none without them. */
export function directoryPeopleReader(settings: GraphSettings | undefined): ((options: DirectoryPeopleOptions) => Promise<SourceReading>) | undefined {
  if (!settings) return undefined;
  return (options) => readDirectoryPeople(settings, options);
}
