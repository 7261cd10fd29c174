/**
 * `npm run screenshots`: the documentation's pictures in docs/screenshots/, taken from the
 * demo (src/demo/main.ts's `startDemo`: a temporary database, the example organisation and
 * twelve weeks of sample data, on a free port of 127.0.0.1) in headless Chromium, in English
 * and in Hebrew: a person's home, the ideas backlog, a weekly complaint digest with its chart,
 * the support-line rotation and an idea review card in a department's channel.
 *
 * The sample data is relative to today, so the pictures change with the date; everything else
 * is fixed: the viewport, the browser's language and time zone, no animations, and each page
 * photographed once its network is idle, its fonts and images loaded. Each page is checked
 * first (its status, language and direction, no untranslated key, every image loaded), so a
 * broken page is an error, not a picture. The whole run is bounded in time and leaves nothing
 * behind: the browser closed, the server stopped, the demo's folder deleted.
 */
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Locator, Page, Response } from "playwright-core";
import { catalogues } from "../src/i18n";
import { createLogger } from "../src/logger";
import { startDemo, type RunningDemo } from "../src/demo/main";
import { launchChromium } from "./lib/chromium";

const OUT = path.join(__dirname, "..", "docs", "screenshots");
const VIEWPORT = { width: 1280, height: 800 };
/** About 1600 px: a page only a little longer (a digest with its chart) is kept whole. */
const MAX_HEIGHT = 1680;
const RUN_TIMEOUT_MS = 240_000;
const STEP_TIMEOUT_MS = 30_000;

interface Language {
  code: "en" | "he";
  /** The browser's language (its Accept-Language), which decides for people without their own. */
  browserLocale: string;
  dir: "ltr" | "rtl";
  /** Who the pictures of one's own pages show (examples/org.yml). */
  employee: string;
  /** A department's manager: the digest preview and the department's channel. */
  manager: string;
  /** The manager's department, as in examples/org.yml, and its channel on the web. */
  department: string;
  channel: string;
}

const LANGUAGES: Language[] = [
  // Daniel Green has English as his language. No manager in the example has, so the English
  // pictures of a manager's pages show Yossi (who has no language of his own) in an English
  // browser; what the bot posted in a channel stays in the company's language, Hebrew.
  { code: "en", browserLocale: "en-GB", dir: "ltr", employee: "Daniel Green", manager: "יוסי אברהם", department: "marketing", channel: "C0MARKETING" },
  { code: "he", browserLocale: "he-IL", dir: "rtl", employee: "דנה לוי", manager: "דנה לוי", department: "billing", channel: "C0BILLING" },
];

/** A message key shown instead of its translation, such as "web.nav.home": one of the catalogue's sections, a dot, a name. */
const UNTRANSLATED = new RegExp(`\\b(?:${Object.keys(catalogues.en).join("|")})(?:\\.[a-z][A-Za-z]*)+\\b`);

/**
 * The pages show emoji (👍 on votes, 🌟 on the story of the week); without a font that has them
 * Chromium draws empty boxes. Where fontconfig can tell, a missing one is an error.
 */
function checkEmojiFont(): void {
  let families: string;
  try {
    families = execFileSync("fc-list", [":charset=1f44d 1f31f", "family"], { encoding: "utf8", timeout: 10_000 });
  } catch {
    return; // No fontconfig to ask: the pictures will show whether it is there.
  }
  if (!families.trim()) throw new Error("No font with emoji (👍 🌟): install one, e.g. Debian's fonts-noto-color-emoji (apt-get install -y fonts-noto-color-emoji)");
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** What the page's checks read of the browser's document (the project compiles without the DOM's types). */
interface BrowserDocument {
  fonts: { ready: Promise<unknown> };
  documentElement: { lang: string; dir: string; scrollHeight: number };
  body: { innerText: string };
  images: ArrayLike<{ complete: boolean; naturalWidth: number; decode(): Promise<void>; getAttribute(name: string): string | null }>;
}

/** Checks that the page just opened is what a reader should see, once it is still: fonts and images loaded. */
async function settled(page: Page, language: Language, response: Response | null): Promise<void> {
  await page.waitForLoadState("networkidle");
  const url = page.url();
  if (!response) throw new Error(`${url}: no response`);
  if (response.status() !== 200) throw new Error(`${url}: HTTP ${response.status()}`);
  const state = await page.evaluate(async (): Promise<{ lang: string; dir: string; text: string; broken: (string | null)[] }> => {
    const document = (globalThis as unknown as { document: BrowserDocument }).document;
    await document.fonts.ready;
    const images = Array.from(document.images);
    await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      text: document.body.innerText,
      broken: images.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.getAttribute("src")),
    };
  });
  if (state.lang !== language.code || state.dir !== language.dir) throw new Error(`${url}: the page is lang="${state.lang}" dir="${state.dir}", not ${language.code} ${language.dir}`);
  const key = UNTRANSLATED.exec(state.text);
  if (key) throw new Error(`${url}: shows the untranslated key "${key[0]}"`);
  if (state.broken.length) throw new Error(`${url}: images did not load: ${state.broken.join(", ")}`);
}

const open = async (page: Page, url: string, language: Language) => settled(page, language, await page.goto(url));

/** Clicks a button that submits a form, and checks the page it leads to. */
async function submit(page: Page, button: Locator, language: Language): Promise<void> {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  await settled(page, language, response);
}

/** The page from its top, as wide as the viewport and at most MAX_HEIGHT high, or the given part of it. */
async function shoot(page: Page, name: string, clip?: { y: number; height: number }): Promise<string> {
  const pageHeight = await page.evaluate(() => (globalThis as unknown as { document: BrowserDocument }).document.documentElement.scrollHeight);
  const region = clip ?? { y: 0, height: Math.min(pageHeight, MAX_HEIGHT) };
  const png = await page.screenshot({
    fullPage: true,
    clip: { x: 0, y: region.y, width: VIEWPORT.width, height: Math.min(region.height, MAX_HEIGHT) },
    animations: "disabled",
    caret: "hide",
    scale: "css",
  });
  const file = path.join(OUT, `${name}.png`);
  await writeFile(file, png);
  return file;
}

/** The demo's "who are you?": the button of the person with this name. */
async function beAs(page: Page, base: string, name: string, language: Language): Promise<void> {
  await open(page, `${base}/who`, language);
  const person = page.locator("ul.people li").filter({ has: page.locator("strong bdi", { hasText: new RegExp(`^${name}$`) }) });
  await submit(page, person.getByRole("button"), language);
  const banner = await page.locator(".demo-banner").innerText();
  if (!banner.includes(name)) throw new Error(`Chose ${name}, but the page says "${banner}"`);
}

/** The console's views, photographed for the manager's department. */
const CONSOLE_VIEWS = [
  { name: "rotation", path: "rotation?view=month" },
  { name: "ideas", path: "ideas" },
  { name: "complaints", path: "complaints" },
  { name: "stories", path: "stories" },
  { name: "quarterly", path: "quarterly" },
];

async function picturesIn(browser: Browser, base: string, language: Language): Promise<string[]> {
  const files: string[] = [];
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: language.browserLocale,
    timezoneId: "Asia/Jerusalem",
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  // The channel view reloads its posts every few seconds; a picture wants the page as loaded.
  await context.route("**/app/channels/*/posts", (route) => route.abort());
  try {
    const page = await context.newPage();
    await beAs(page, base, language.employee, language);
    await open(page, base, language);
    files.push(await shoot(page, `${language.code}-home`));
    await open(page, `${base}/ideas`, language);
    files.push(await shoot(page, `${language.code}-ideas`));
    await open(page, `${base}/rotation`, language);
    files.push(await shoot(page, `${language.code}-rotation`));

    if (language.manager !== language.employee) await beAs(page, base, language.manager, language);
    // The digest as the manager previews it, typed in the home page's command box.
    await open(page, base, language);
    await page.locator("#command").fill(`digest preview ${language.department}`);
    await submit(page, page.locator("form:has(#command) button[type=submit]"), language);
    if ((await page.locator("img.chart").count()) === 0) throw new Error(`The ${language.department} digest preview has no chart`);
    files.push(await shoot(page, `${language.code}-digest`));

    // The managers' console, each view as the manager sees it.
    for (const view of CONSOLE_VIEWS) {
      await open(page, `${base}/console/${view.path}${view.path.includes("?") ? "&" : "?"}department=${language.department}`, language);
      files.push(await shoot(page, `${language.code}-console-${view.name}`));
    }

    // The newest idea review card still waiting for a decision in the department's channel.
    await open(page, `${base}/channels/${language.channel}`, language);
    const card = page.locator(".post", { has: page.locator('input[name="action"][value="idea.approve"]') }).first();
    const box = await card.boundingBox();
    if (!box) throw new Error(`No idea review card waiting in ${language.channel}`);
    const scrollY = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    const top = box.y + scrollY;
    const bottom = Math.ceil(top + box.height + 24);
    // With the page's header (who the demo visitor is) when the card is near the top; else the card as scrolled to.
    const clip = bottom <= MAX_HEIGHT ? { y: 0, height: Math.max(VIEWPORT.height, bottom) } : { y: Math.floor(top - 12), height: Math.max(VIEWPORT.height, Math.ceil(box.height) + 36) };
    files.push(await shoot(page, `${language.code}-review`, clip));
  } finally {
    await context.close();
  }
  return files;
}

async function main(): Promise<void> {
  const started = Date.now();
  const logger = createLogger("error");
  let browser: Promise<Browser> | undefined;
  let demo: Promise<RunningDemo> | undefined;
  // Not process.exitCode: the embedded database sets it to 0 as it closes.
  let failed = false;
  try {
    await withTimeout(
      (async () => {
        // The browser first: without one there is no point in seeding the demo.
        checkEmojiFont();
        browser = launchChromium();
        const chromium = await browser;
        demo = startDemo(logger, "0");
        const { address } = await demo;
        await mkdir(OUT, { recursive: true });
        for (const language of LANGUAGES) {
          for (const file of await picturesIn(chromium, address, language)) process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
        }
      })(),
      RUN_TIMEOUT_MS,
      "Taking the screenshots",
    );
    process.stdout.write(`Done in ${Math.round((Date.now() - started) / 1000)} s\n`);
  } catch (error) {
    process.stderr.write(`screenshots: ${(error as Error).message}\n`);
    failed = true;
  } finally {
    // Also after a timeout: what was still starting is stopped once it has started.
    const closing = (browser as Promise<Browser> | undefined)?.then((b) => b.close());
    const stopping = (demo as Promise<RunningDemo> | undefined)?.then((d) => d.stop());
    await withTimeout(Promise.allSettled([closing, stopping]), STEP_TIMEOUT_MS, "Stopping the browser and the demo").catch((error: Error) => {
      process.stderr.write(`screenshots: ${error.message}\n`);
      failed = true;
    });
  }
  // Anything the server left running (a timer, a socket) must not keep the script alive.
  process.exit(failed ? 1 : 0);
}

void main();
