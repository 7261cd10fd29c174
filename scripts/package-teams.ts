/**
 * Builds the Microsoft Teams app package, dist/teams-app.zip, for upload in the Teams admin
 * centre ("Manage apps" -> "Upload new app") or the Developer Portal. The zip holds, at its root:
 *   manifest.json   manifests/teams/manifest.json with the placeholders filled in
 *   color.png       manifests/teams/color.png   (192x192)
 *   outline.png     manifests/teams/outline.png (32x32)
 *
 * Placeholders:
 *   00000000-0000-0000-0000-000000000000  the app id, the bot id and the personal tab's single
 *                                         sign-on app (webApplicationInfo); replaced by
 *                                         TEAMS_APP_ID (the bot's Microsoft App ID) when set
 *   https://YOUR-HOST                     the bot's public base URL, PUBLIC_URL (the same
 *                                         variable the bot reads): the developer URLs become
 *                                         ${PUBLIC_URL}/, ${PUBLIC_URL}/privacy and
 *                                         ${PUBLIC_URL}/terms, pages the bot serves
 *                                         (src/http/legal-pages.ts)
 *   YOUR-HOST                             the bot's public host name (validDomains, and the
 *                                         URLs when PUBLIC_URL is not set); PUBLIC_URL's host,
 *                                         or --host <name>
 *
 * The filled-in manifest is checked against the JSON schema bundled with @microsoft/app-manifest
 * (offline) before anything is written.
 *
 *   TEAMS_APP_ID=... PUBLIC_URL=https://bot.example.com npx tsx scripts/package-teams.ts
 *   TEAMS_APP_ID=... npx tsx scripts/package-teams.ts --host bot.example.com
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";

export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";
export const HOST_PLACEHOLDER = "YOUR-HOST";
/** The start of every URL in the manifest: PUBLIC_URL goes in its place. */
const URL_PLACEHOLDER = `https://${HOST_PLACEHOLDER}`;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const HOST_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}(:\d{1,5})?$/;

const ROOT = join(__dirname, "..");
const TEAMS_DIR = join(ROOT, "manifests", "teams");
export const ICONS = ["color.png", "outline.png"] as const;

export interface PrepareOptions {
  /** The bot's Microsoft App ID (TEAMS_APP_ID); the zero GUID stays when absent. */
  appId?: string;
  /** The bot's public host name; the YOUR-HOST placeholder stays when absent (and no publicUrl). */
  host?: string;
  /** The bot's public base URL (PUBLIC_URL), possibly with a path; its host is the host. */
  publicUrl?: string;
}

/** Returns the manifest with placeholders replaced, and warnings about those left in place. */
export function prepareManifest(
  manifest: Record<string, unknown>,
  options: PrepareOptions,
): { manifest: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const appId = options.appId?.trim();
  if (appId !== undefined && appId !== "" && !GUID.test(appId)) {
    throw new Error(`TEAMS_APP_ID must be a GUID like 1b2c3d4e-..., got "${appId}"`);
  }
  let host = options.host?.trim();
  if (host !== undefined && !HOST_NAME.test(host)) {
    throw new Error(`--host must be a host name like bot.example.com (no scheme, no path), got "${host}"`);
  }
  const base = publicBase(options.publicUrl);
  if (base !== undefined) {
    const urlHost = new URL(base).host;
    if (host !== undefined && host.toLowerCase() !== urlHost) {
      throw new Error(`--host ${host} and PUBLIC_URL ${base} name different hosts; give one of them`);
    }
    host = urlHost;
  }

  const fill = (value: unknown): unknown => {
    if (typeof value === "string") {
      let out = value;
      // The ids, and the SSO resource (api://YOUR-HOST/<app id>) that holds one.
      if (appId) out = out.split(ZERO_GUID).join(appId.toLowerCase());
      if (base !== undefined && out.startsWith(URL_PLACEHOLDER)) out = base + out.slice(URL_PLACEHOLDER.length);
      if (host) out = out.split(HOST_PLACEHOLDER).join(host);
      return out;
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    }
    return value;
  };
  const filled = fill(manifest) as Record<string, unknown>;

  const text = JSON.stringify(filled);
  if (text.includes(ZERO_GUID)) {
    warnings.push("TEAMS_APP_ID is not set: the package keeps the zero GUID as app id and bot id, which Teams will not route to your bot.");
  }
  if (text.includes(HOST_PLACEHOLDER)) {
    warnings.push(`neither PUBLIC_URL nor --host was given: the package still contains the ${HOST_PLACEHOLDER} placeholder.`);
  }
  return { manifest: filled, warnings };
}

/** PUBLIC_URL without a trailing slash, or undefined when unset; throws unless an https URL without query or fragment. */
function publicBase(publicUrl: string | undefined): string | undefined {
  const text = publicUrl?.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`PUBLIC_URL must be the bot's public URL like https://bot.example.com, got "${text}"`);
  }
  if (url.protocol !== "https:" || url.search || url.hash || url.username) {
    throw new Error(`PUBLIC_URL must be an https URL without query or fragment (Teams needs https), got "${text}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Validates against the schema that @microsoft/app-manifest bundles for the manifest's version. */
export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const { AppManifestUtils } = await import("@microsoft/app-manifest");
  const version = String(manifest.manifestVersion);
  const schemaPath = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  // The schema files contain "\a" escapes that JSON.parse rejects; the package cleans them the same way.
  const schema = JSON.parse(readFileSync(schemaPath, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
  // Passing the schema explicitly keeps validation offline.
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema);
}

async function writeZip(outFile: string, entries: { name: string; data: Buffer }[]): Promise<void> {
  let yazl: typeof import("yazl");
  try {
    yazl = await import("yazl");
  } catch {
    throw new Error("the zip library yazl is not installed: npm install --save-dev yazl @types/yazl");
  }
  const { ZipFile } = yazl;
  const zip = new ZipFile();
  const done = new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.outputStream.on("error", reject);
    zip.outputStream.pipe(createWriteStream(outFile)).on("close", resolve).on("error", reject);
  });
  // A fixed timestamp makes the package byte-for-byte reproducible.
  const mtime = new Date(Date.UTC(2026, 0, 1));
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { mtime, mode: 0o100644 });
  zip.end();
  await done;
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const source = JSON.parse(readFileSync(join(TEAMS_DIR, "manifest.json"), "utf8")) as Record<string, unknown>;
  const { manifest, warnings } = prepareManifest(source, {
    appId: process.env.TEAMS_APP_ID,
    host: argValue(args, "--host"),
    publicUrl: process.env.PUBLIC_URL,
  });

  const errors = await validateTeamsManifest(manifest);
  if (errors.length > 0) {
    throw new Error(`the Teams manifest does not match its schema:\n  ${errors.join("\n  ")}`);
  }

  const entries = [{ name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2) + "\n") }];
  for (const icon of ICONS) {
    const path = join(TEAMS_DIR, icon);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) {
      throw new Error(`${path} is missing: run npx tsx scripts/make-teams-icons.ts`);
    }
    entries.push({ name: icon, data: readFileSync(path) });
  }

  const outFile = join(ROOT, "dist", "teams-app.zip");
  mkdirSync(dirname(outFile), { recursive: true });
  await writeZip(outFile, entries);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  console.log(`wrote ${outFile} (${entries.map((e) => e.name).join(", ")})`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`package-teams: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
