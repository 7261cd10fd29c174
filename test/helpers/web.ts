/**
 * The web surface from outside: the bot started as the demo runs (loopback, no chat
 * credentials), and a small browser-like client that keeps cookies, reads each page's CSRF
 * token and request id, and posts forms as a browser does (urlencoded, following 303s).
 */
import type { Config } from "../../src/config/env";
import { createLogger } from "../../src/logger";
import { startBot, type RunningBot } from "./bot";
import type { DatabaseKind } from "./databases";

/** The bot in demo mode: the web offers the choice of who to be. */
export function startWebDemo(kind: DatabaseKind, orgFile = "examples/org.yml", configure: (config: Config) => Config = (c) => c): Promise<RunningBot> {
  return startBot(kind, orgFile, {}, createLogger("silent"), {
    withoutSlack: true,
    configure: (config) => configure({ ...config, host: "127.0.0.1", demo: true }),
  });
}

export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

/** The value of the first hidden input of this name in a piece of HTML. */
export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

/** The HTML of the first `<form>` whose hidden `action` input (or `action` attribute) is this. */
export function formFor(html: string, action: string): string | undefined {
  const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
  return forms.find((f) => f.includes(`name="action" value="${action}"`) || f.includes(`action="${action}"`));
}

export class WebClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A request as the browser makes it, following redirects with the cookies it was given. */
  async request(path: string, init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}): Promise<Page> {
    let url = new URL(path, this.base).toString();
    let method = init.method ?? (init.form ? "POST" : "GET");
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) for (const v of [value].flat()) params.append(key, v);
      body = params.toString();
    }
    for (let hops = 0; hops < 5; hops++) {
      const response = await fetch(url, {
        method,
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), "accept-language": "en", ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...init.headers },
        body,
      });
      this.remember(response.headers);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).toString();
        method = "GET";
        body = undefined;
        continue;
      }
      return { status: response.status, url, html: await response.text(), headers: response.headers };
    }
    throw new Error(`Too many redirects from ${path}`);
  }

  /** Another browser holding a copy of this one's cookies as they are now (a stolen cookie, say). */
  clone(): WebClient {
    const copy = new WebClient(this.base);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  get(path: string, headers?: Record<string, string>): Promise<Page> {
    return this.request(path, { headers });
  }

  /**
   * Submits a form of `page` as a browser would: its hidden inputs (CSRF token, request id,
   * action, value, state) with the fields given.
   */
  async submit(page: Page, form: string, fields: Record<string, string | string[]> = {}): Promise<Page> {
    const target = /action="([^"]*)"/.exec(form)?.[1] ?? "/app";
    const hidden: Record<string, string> = {};
    for (const match of form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) hidden[match[1]!] = decodeEntities(match[2]!);
    return this.request(target, { form: { ...hidden, ...fields } });
  }

  /** Chooses who to be on the demo's "who are you?" page, by the name shown. */
  async beAs(name: string): Promise<Page> {
    const who = await this.get("/app/who");
    const form = (who.html.match(/<form[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes(`<bdi>${name}</bdi>`));
    if (!form) throw new Error(`Nobody called ${name} on the who page`);
    return this.submit(who, form);
  }
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
