/**
 * Debian's Chromium (`apt-get install -y chromium`, installed by .ci/run), driven headless by
 * playwright-core. Nothing is downloaded: a missing browser is an error naming the package.
 * The flags keep Chromium from reaching for Google's hosts, which this network refuses, and
 * `--no-sandbox` lets it run as root in CI.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** `extraArgs`: flags a test needs beyond these, such as a feature turned off. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No browser at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--font-render-hinting=none", ...extraArgs],
    timeout: 60_000,
  });
}
