/** A scenario's number of rounds from the environment (a positive whole number), or its default. */
export function repeatsFromEnvironment(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`${name}: expected a positive whole number of rounds, got "${raw}"`);
  return Number(raw);
}
