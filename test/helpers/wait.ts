/**
 * Retries `check` until it stops throwing (or returns truthy), or fails after `timeoutMs`.
 * The default is generous: on a loaded machine the bot is slow, never wrong, and a test that
 * waits for something that does come only takes as long as it takes.
 */
type Falsy = false | undefined | null;

export const EVENTUALLY_TIMEOUT_MS = 20_000;

export async function eventually<T>(check: () => Promise<T | Falsy> | T | Falsy, timeoutMs = EVENTUALLY_TIMEOUT_MS, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) return value as T;
      if (Date.now() > deadline) throw new Error(`condition still false after ${timeoutMs} ms: ${String(check).slice(0, 300)}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
