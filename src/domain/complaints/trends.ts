/**
 * Week-over-week figures for the complaints digest: changes, spikes, and themes that were
 * rare until this week. Pure arithmetic; the weeks are counted elsewhere.
 */

/**
 * The change from `previous` to `current`. The percentage is rounded half away from zero
 * (so +12.5% and −12.5% read as 13 and −13) and undefined when there was nothing before:
 * "+∞%" helps nobody.
 */
export function change(current: number, previous: number): { delta: number; percent: number | undefined } {
  const delta = current - previous;
  if (previous === 0) return { delta, percent: undefined };
  const percent = (delta / previous) * 100;
  return { delta, percent: Math.sign(percent) * Math.round(Math.abs(percent)) || 0 };
}

/** The arithmetic mean; 0 for no values. */
export function average(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The population standard deviation: the history is all the weeks there are, not a sample. */
export function standardDeviation(values: readonly number[]): number {
  const mean = average(values);
  return Math.sqrt(average(values.map((value) => (value - mean) ** 2)));
}

export interface SpikeOptions {
  /** Fewer weeks of history say too little about what is normal. Default 4. */
  minWeeks?: number;
  /** A jump from 0 to 1 is not worth anyone's attention. Default 3. */
  minCount?: number;
}

/**
 * Whether `current` is well above what the history makes normal: more than two standard
 * deviations over its mean. A perfectly steady history (σ = 0) makes anything above it a
 * spike, provided `current` is worth mentioning at all.
 */
export function isSpike(current: number, history: readonly number[], options: SpikeOptions = {}): boolean {
  const { minWeeks = 4, minCount = 3 } = options;
  if (history.length < minWeeks || current < minCount) return false;
  return current > average(history) + 2 * standardDeviation(history);
}

export interface RisingThemeOptions {
  /** A theme is rare while counted fewer times than this per history week. Default 1. */
  rareBelow?: number;
  /** How often a rare theme must be counted this week to be reported. Default 3. */
  minCount?: number;
  /** How many to report. Default 3. */
  limit?: number;
}

/**
 * Themes that were rare in the history weeks and are not any more: the "something new is
 * happening" of a digest. A theme's weekly average is over all the history weeks (the
 * longest history given), a theme missing from `history`, or from some of its weeks,
 * counting 0 there. With no history at all nothing can be rising, so the result is empty.
 * The strongest rise (count minus weekly average) comes first, then the higher count,
 * then the theme alphabetically.
 */
export function risingRareThemes(
  current: ReadonlyMap<string, number>,
  history: ReadonlyMap<string, readonly number[]>,
  options: RisingThemeOptions = {},
): { theme: string; count: number; weeklyAverage: number }[] {
  const { rareBelow = 1, minCount = 3, limit = 3 } = options;
  let weeks = 0;
  for (const counts of history.values()) weeks = Math.max(weeks, counts.length);
  if (weeks === 0 || limit <= 0) return [];
  const rising: { theme: string; count: number; weeklyAverage: number }[] = [];
  for (const [theme, count] of current) {
    if (count < minCount) continue;
    const weeklyAverage = (history.get(theme) ?? []).reduce((sum, n) => sum + n, 0) / weeks;
    if (weeklyAverage < rareBelow) rising.push({ theme, count, weeklyAverage });
  }
  return rising
    .sort(
      (a, b) =>
        b.count - b.weeklyAverage - (a.count - a.weeklyAverage) ||
        b.count - a.count ||
        (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0),
    )
    .slice(0, limit);
}
