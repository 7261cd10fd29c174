/**
 * The web surface in a real browser: Debian's Chromium (scripts/lib/chromium.ts) driven by
 * playwright-core. A visitor is a browser context of its own (its own cookies, language and
 * screen) that has chosen who to be on the demo's "who are you?" page, and that notes every
 * dialog a page opens (none ever should).
 */
import { createServer } from "node:net";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** The messages of the dialogs (alert, confirm, prompt) pages opened, each dismissed. */
  dialogs: string[];
}

export interface VisitorOptions {
  /** The browser's language (Accept-Language); people without a language in the organisation file get it. */
  locale?: string;
  /** Device pixels per CSS pixel; 2 makes screenshots sharp enough to read back with OCR. */
  scale?: number;
  width?: number;
}

/**
 * Not a speed limit: how long one browser action (a click, a page load) may wait before it
 * fails with a message naming what it waited for, well inside Jest's test timeout.
 */
export const BROWSER_ACTION_TIMEOUT_MS = 120_000;

/** A fresh browser context at `base`, as `name` (the name shown on the who page). */
export async function visitAs(browser: Browser, base: string, name: string, options: VisitorOptions = {}): Promise<Visitor> {
  const context = await browser.newContext({
    baseURL: base,
    locale: options.locale ?? "en-US",
    viewport: { width: options.width ?? 1000, height: 900 },
    deviceScaleFactor: options.scale ?? 1,
  });
  context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(BROWSER_ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  await page.goto("/app/who");
  await personCard(page, name).getByRole("button").click();
  await page.waitForURL(`${base}/app`);
  return { context, page, dialogs };
}

/** The who page's card of the person named exactly `name`. */
function personCard(page: Page, name: string): Locator {
  return page.locator("ul.people > li").filter({ has: page.locator("strong > bdi").getByText(name, { exact: true }) });
}

// The isolates i18n puts around interpolated values (U+2066-U+2069) and direction marks: not seen on screen.
const INVISIBLE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text as a person reads it: invisible direction controls removed, each run of whitespace made one space. */
export function readable(text: string): string {
  return text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** What a person reads in an element: its rendered text, made `readable`. */
export async function visibleText(locator: Locator): Promise<string> {
  return readable(await locator.innerText());
}

/**
 * Reloads the page until `locator` is on it: for what the bot delivers through its outbox a
 * moment after the click (a person's inbox on the home page). Bounded by a number of tries.
 */
export async function reloadUntilVisible(page: Page, locator: Locator, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if ((await locator.count()) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await page.reload();
  }
  throw new Error(`Not on ${page.url()} after ${tries} reloads: ${String(locator)}`);
}

/** The little of the DOM `textBox` reads in the page (this project's TypeScript has no DOM types). */
interface DrawnElement {
  ownerDocument: {
    createRange(): { selectNodeContents(node: unknown): void; getBoundingClientRect(): { left: number; right: number } };
    documentElement: { clientWidth: number };
  };
}

/** Where the text inside an element is drawn, in CSS pixels (not the element's box, which spans its column). */
export function textBox(locator: Locator): Promise<{ left: number; right: number; viewportWidth: number }> {
  return locator.evaluate((element: DrawnElement) => {
    const range = element.ownerDocument.createRange();
    range.selectNodeContents(element);
    const { left, right } = range.getBoundingClientRect();
    return { left, right, viewportWidth: element.ownerDocument.documentElement.clientWidth };
  });
}

/** A TCP port nobody listens on now, for a server that must know its own address before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
