/** Drops the run's PostgreSQL template; the embedded one stays in the temporary folder for the next run. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { dropPostgresTemplate?: () => Promise<void> }).dropPostgresTemplate?.();
}
