/** Retries `check` until it stops throwing (or returns truthy), or fails after `timeoutMs`. */
type Falsy = false | undefined | null;

export async function eventually<T>(check: () => Promise<T | Falsy> | T | Falsy, timeoutMs = 5000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) return value as T;
      if (Date.now() > deadline) throw new Error("condition still false");
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
