/**
 * The platform manifests: the Teams manifest matches the schema bundled with
 * @microsoft/app-manifest (offline), its icons have the sizes Teams requires, and the Slack
 * manifest declares every command and shortcut the bot handles (and every one the README shows);
 * its Socket Mode twin declares the same app with no request URLs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import { HOST_PLACEHOLDER, ZERO_GUID, prepareManifest, validateTeamsManifest } from "../../scripts/package-teams";

// @microsoft/app-manifest requires strip-bom 5, which is ESM-only: plain Node 20.19+ loads it
// through require(esm), Jest's CommonJS runtime does not. Validation never calls it (it only
// strips a BOM when reading manifest files), so a CommonJS stand-in lets the package load here.
jest.mock("strip-bom", () => ({
  __esModule: true,
  default: (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
}));

const ROOT = join(__dirname, "..", "..");
const TEAMS_DIR = join(ROOT, "manifests", "teams");
const SLACK_MANIFEST = join(ROOT, "manifests", "slack", "manifest.yml");
const SLACK_SOCKET_MODE_MANIFEST = join(ROOT, "manifests", "slack", "manifest-socket-mode.yml");

const SLASH_COMMANDS = ["/idea", "/ideas", "/story", "/complaint", "/rotation", "/digest", "/report"];
const MESSAGE_SHORTCUTS: Record<string, string> = {
  idea_from_message: "Turn into an idea",
  story_from_message: "Share as a service story",
};
const TEAMS_COMMANDS = ["idea", "ideas", "story", "complaint", "rotation", "digest", "report", "help"];
/** Words a README may write with a leading slash that are not this app's commands: HTTP routes
 *  shown on their own, and Slack's built-in /invite (used to add the bot to a channel). */
const NOT_SLACK_COMMANDS = new Set(["/healthz", "/readyz", "/metrics", "/privacy", "/terms", "/invite", "/app"]);

/** The parts of the manifests these tests read. */
interface TeamsManifest extends Record<string, unknown> {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
}

interface SlackManifest {
  display_information: { name: string };
  features: {
    bot_user: { display_name: string };
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    slash_commands: { command: string; description: string; usage_hint?: string; url: string }[];
    shortcuts: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

// ---------------------------------------------------------------------------------------------
// A minimal PNG reader: IHDR, and the pixels of 8-bit RGBA non-interlaced images.

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  rgba?: Uint8Array;
}

function readPng(path: string): Png {
  const file = readFileSync(path);
  expect(file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(file.toString("ascii", 12, 16)).toBe("IHDR"); // IHDR must come first
  const png: Png = {
    width: file.readUInt32BE(16),
    height: file.readUInt32BE(20),
    bitDepth: file[24]!,
    colorType: file[25]!,
    interlace: file[28]!,
  };
  if (png.bitDepth !== 8 || png.colorType !== 6 || png.interlace !== 0) return png;

  const idat: Buffer[] = [];
  for (let offset = 8; offset < file.length; ) {
    const length = file.readUInt32BE(offset);
    if (file.toString("ascii", offset + 4, offset + 8) === "IDAT") idat.push(file.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = png.width * 4;
  const out = new Uint8Array(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? out[y * stride + x - 4]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { ...png, rgba: out };
}

// ---------------------------------------------------------------------------------------------

describe("Teams manifest", () => {
  const manifest = JSON.parse(readFileSync(join(TEAMS_DIR, "manifest.json"), "utf8")) as TeamsManifest;

  it("validates against the schema bundled with @microsoft/app-manifest for its version", async () => {
    const schemaFile = join(
      ROOT,
      "node_modules/@microsoft/app-manifest/build/json-schemas/teams",
      `v${manifest.manifestVersion}`,
      "MicrosoftTeams.schema.json",
    );
    expect(existsSync(schemaFile)).toBe(true);
    expect(manifest.$schema).toContain(`/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(await validateTeamsManifest(manifest)).toEqual([]);
  });

  it("the validation really checks: a broken manifest is reported", async () => {
    const broken = { ...manifest, accentColor: "teal", bots: [{ ...manifest.bots[0]!, botId: "${{TEAMS_APP_ID}}" }] };
    const errors = await validateTeamsManifest(broken);
    expect(errors.join("\n")).toMatch(/accentColor/);
    expect(errors.join("\n")).toMatch(/botId/);
  });

  it("still validates once TEAMS_APP_ID and the host are filled in, with both ids replaced", async () => {
    const appId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    const { manifest: filled, warnings } = prepareManifest(manifest, { appId, host: "bot.acme.example" });
    expect(warnings).toEqual([]);
    expect(filled.id).toBe(appId);
    expect((filled.bots as { botId: string }[])[0]!.botId).toBe(appId);
    expect(JSON.stringify(filled)).not.toContain(ZERO_GUID);
    expect(JSON.stringify(filled)).not.toContain(HOST_PLACEHOLDER);
    expect(await validateTeamsManifest(filled)).toEqual([]);
  });

  it("with PUBLIC_URL, links ${PUBLIC_URL}/, /privacy and /terms (the pages the bot serves) and trusts its host", async () => {
    const appId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    for (const [publicUrl, base] of <[string, string][]>[
      ["https://bot.acme.example", "https://bot.acme.example"],
      ["https://acme.example/service-culture/", "https://acme.example/service-culture"],
    ]) {
      const { manifest: filled, warnings } = prepareManifest(manifest, { appId, publicUrl });
      expect(warnings).toEqual([]);
      expect(filled.developer).toMatchObject({
        websiteUrl: `${base}/`,
        privacyUrl: `${base}/privacy`,
        termsOfUseUrl: `${base}/terms`,
      });
      expect(filled.validDomains).toEqual(["token.botframework.com", new URL(publicUrl).host]);
      expect(JSON.stringify(filled)).not.toContain(HOST_PLACEHOLDER);
      expect(await validateTeamsManifest(filled)).toEqual([]);
    }
    expect(() => prepareManifest(manifest, { publicUrl: "http://bot.acme.example" })).toThrow(/https/);
    expect(() => prepareManifest(manifest, { publicUrl: "bot.acme.example" })).toThrow(/PUBLIC_URL/);
    expect(() => prepareManifest(manifest, { publicUrl: "https://bot.acme.example", host: "other.example" })).toThrow(/different hosts/);
    expect(prepareManifest(manifest, { publicUrl: "https://bot.acme.example", host: "bot.acme.example" }).warnings).toHaveLength(1);
  });

  it("offers the console as the personal tab, signed in with Teams single sign-on for the app's resource on PUBLIC_URL's host", async () => {
    const appId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    const { manifest: filled } = prepareManifest(manifest, { appId, publicUrl: "https://bot.acme.example" });
    expect(filled.staticTabs).toEqual([
      { entityId: "console", name: "Console", contentUrl: "https://bot.acme.example/app/teams-tab", websiteUrl: "https://bot.acme.example/app/console", scopes: ["personal"] },
    ]);
    expect(filled.webApplicationInfo).toEqual({ id: appId, resource: `api://bot.acme.example/${appId}` });
    expect(await validateTeamsManifest(filled)).toEqual([]);
  });

  it("warns about placeholders left in place and refuses an app id that is not a GUID", () => {
    expect(prepareManifest(manifest, {}).warnings).toHaveLength(2);
    expect(() => prepareManifest(manifest, { appId: "${{TEAMS_APP_ID}}" })).toThrow(/GUID/);
    expect(() => prepareManifest(manifest, { host: "https://bot.acme.example/" })).toThrow(/host name/);
  });

  it("uses the zero GUID as the placeholder for the app id and the bot id", () => {
    expect(manifest.id).toBe(ZERO_GUID);
    expect(manifest.bots[0]!.botId).toBe(ZERO_GUID);
  });

  it("offers the bot in personal, team and group chats with every command in each list", () => {
    const bot = manifest.bots[0]!;
    expect([...bot.scopes].sort()).toEqual(["groupChat", "personal", "team"]);
    const lists = bot.commandLists;
    const scopes = lists.flatMap((list) => list.scopes);
    expect(scopes).toEqual(expect.arrayContaining(["personal", "team"]));
    expect(new Set(scopes).size).toBe(scopes.length); // one list per scope
    for (const list of lists) {
      expect(list.commands.map((c) => c.title).sort()).toEqual([...TEAMS_COMMANDS].sort());
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeGreaterThan(0);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
  });
});

describe("Teams icons", () => {
  it("color.png is a 192x192 PNG", () => {
    const png = readPng(join(TEAMS_DIR, "color.png"));
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  it("outline.png is a 32x32 PNG with only white or transparent pixels", () => {
    const png = readPng(join(TEAMS_DIR, "outline.png"));
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(png.colorType).toBe(6); // RGBA: a transparent background needs an alpha channel
    const pixels = png.rgba!;
    expect(pixels).toBeDefined();
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const alpha = pixels[i + 3]!;
      if (alpha === 0) transparent++;
      else expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
      if (alpha === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(0);
    expect(opaque).toBeGreaterThan(0);
  });

  it("the manifest points at the two icons", () => {
    const manifest = JSON.parse(readFileSync(join(TEAMS_DIR, "manifest.json"), "utf8")) as TeamsManifest;
    expect(manifest.icons).toEqual({ color: "color.png", outline: "outline.png" });
  });
});

describe("Slack manifest", () => {
  const manifest = parseYaml(readFileSync(SLACK_MANIFEST, "utf8")) as SlackManifest;
  const commands = manifest.features.slash_commands ?? [];

  it("parses as YAML and names the app", () => {
    expect(manifest.display_information.name).toBe("Service Culture");
    expect(manifest.features.bot_user.display_name).toBe("Service Culture");
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  it("declares every slash command, each with a description and a usage hint", () => {
    expect(commands.map((c) => c.command).sort()).toEqual([...SLASH_COMMANDS].sort());
    for (const command of commands) expect(command.command.length).toBeLessThanOrEqual(32);
    // What people read in Slack's command menu.
    expect(Object.fromEntries(commands.map((c) => [c.command, [c.description, c.usage_hint]]))).toEqual({
      "/idea": ["Propose an improvement idea", "[what should we improve?]"],
      "/ideas": ["Browse the idea backlog and its statuses", "[mine | department | top | submitted | approved | in-progress | done | rejected]"],
      "/story": ["Share a story of outstanding customer service", "[what happened, and who made it happen | top]"],
      "/complaint": ["Record a customer complaint and the department it concerns", "[what the customer complained about]"],
      "/rotation": ["See your support-line shifts, swap a shift or report an absence", "[mine | now | away <from> <to> | swap [#shift] [@colleague] | remind | calendar | fairness]"],
      "/digest": ["Preview your department's weekly complaint digest", "preview [department | company] [YYYY-Www]"],
      "/report": ["Preview a monthly service report (yours, or your people's)", "preview [@person] [YYYY-MM]"],
    });
  });

  it("declares the message shortcuts", () => {
    const shortcuts = manifest.features.shortcuts;
    expect(Object.fromEntries(shortcuts.map((s) => [s.callback_id, s.name]))).toEqual(MESSAGE_SHORTCUTS);
    for (const shortcut of shortcuts) {
      expect(shortcut.type).toBe("message");
      expect(shortcut.name.length).toBeLessThanOrEqual(24); // Slack's limit
      expect(shortcut.description.length).toBeLessThanOrEqual(150);
    }
  });

  it("sends every request to POST /slack/events over HTTP (no Socket Mode)", () => {
    const urls = [
      ...commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(url).toBe("https://YOUR-HOST/slack/events");
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });

  it("subscribes to the events and asks for the scopes the bot uses", () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      ["app_home_opened", "member_joined_channel", "reaction_added", "reaction_removed"].sort(),
    );
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        "app_mentions:read",
        "channels:read",
        "chat:write",
        "chat:write.public",
        "commands",
        "files:write",
        "groups:read",
        "im:write",
        "reactions:read",
        "usergroups:read",
        "usergroups:write",
        "users:read",
        "users:read.email",
      ]),
    );
    expect(manifest.oauth_config.scopes.user).toEqual(["users.profile:write"]);
  });

  it("asks for exactly the scopes the README lists", () => {
    const text = readFileSync(join(ROOT, "README.md"), "utf8");
    const start = text.indexOf("### Slack scopes");
    expect(start).toBeGreaterThan(-1);
    const section = text.slice(start, text.indexOf("\n#", start + 1));
    const listed = new Set([...section.matchAll(/^\| `([a-z_.:]+)` \|/gm)].map((m) => m[1]));
    expect([...listed].sort()).toEqual([...manifest.oauth_config.scopes.bot, ...manifest.oauth_config.scopes.user].sort());
  });

  const readme = join(ROOT, "README.md");
  (existsSync(readme) ? it : it.skip)("declares every /command that README.md mentions", () => {
    const text = readFileSync(readme, "utf8");
    // A slash command at the start of a word, e.g. `/idea`, "/rotation swap" or "... /story.";
    // not paths such as /slack/events, manifests/slack/..., ./data, /calendar/<token>.ics or <id>/posts.
    const mentioned = new Set<string>();
    for (const match of text.matchAll(/(?<![\w/.:>-])\/([a-z][a-z0-9_-]*)(?![\w/-]|\.\w)/g)) mentioned.add(`/${match[1]}`);
    const known = new Set(commands.map((c) => c.command));
    const unknown = [...mentioned].filter((command) => !known.has(command) && !NOT_SLACK_COMMANDS.has(command));
    expect(unknown).toEqual([]);
  });
});

describe("Slack manifest for Socket Mode", () => {
  const http = parseYaml(readFileSync(SLACK_MANIFEST, "utf8")) as SlackManifest;
  const socket = parseYaml(readFileSync(SLACK_SOCKET_MODE_MANIFEST, "utf8")) as SlackManifest;

  /** The manifest without its request URLs and its transport: what both must agree on. */
  function withoutTransport(manifest: SlackManifest): unknown {
    const copy = structuredClone(manifest) as unknown as Record<string, Record<string, unknown>>;
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value !== null && typeof value === "object") {
        return Object.fromEntries(
          Object.entries(value)
            .filter(([key]) => key !== "url" && key !== "request_url" && key !== "socket_mode_enabled")
            .map(([key, v]) => [key, strip(v)]),
        );
      }
      return value;
    };
    return strip(copy);
  }

  it("enables Socket Mode and has no request URL and no host placeholder", () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.interactivity.is_enabled).toBe(true);
    expect(socket.settings.token_rotation_enabled).toBe(false);
    const text = readFileSync(SLACK_SOCKET_MODE_MANIFEST, "utf8");
    expect(text).not.toContain("YOUR-HOST");
    expect(text).not.toMatch(/^\s*(request_)?url:/m);
  });

  it("declares the same scopes, commands, shortcuts and events as the HTTP manifest", () => {
    expect(socket.oauth_config.scopes).toEqual(http.oauth_config.scopes);
    expect(socket.features.slash_commands.map((c) => c.command)).toEqual(http.features.slash_commands.map((c) => c.command));
    expect(socket.features.shortcuts).toEqual(http.features.shortcuts);
    expect(socket.settings.event_subscriptions.bot_events).toEqual(http.settings.event_subscriptions.bot_events);
    // And everything else too: only the transport differs.
    expect(withoutTransport(socket)).toEqual(withoutTransport(http));
  });
});
