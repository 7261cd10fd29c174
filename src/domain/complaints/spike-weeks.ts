/**
 * Which weeks of a run were spikes, or far below usual, each judged as the weekly digest
 * judges its own week: against the eight weeks before it (isSpike, isDip). Pure arithmetic
 * on counts.
 */
import { isDip } from "./seismograph";
import { isSpike } from "./trends";

/** The weeks before a week that say what is normal for it, as in the digest. */
export const SPIKE_HISTORY_WEEKS = 8;

/**
 * For each of the last `shown` weeks of `counts` (oldest first), whether it was a spike.
 * The weeks before those shown are history only: give eight more than are shown, so that
 * the first week shown is judged like the last.
 */
export function spikeWeeks(counts: readonly number[], shown: number): boolean[] {
  const first = Math.max(0, counts.length - shown);
  return counts.slice(first).map((count, i) => isSpike(count, counts.slice(Math.max(0, first + i - SPIKE_HISTORY_WEEKS), first + i)));
}

/** As `spikeWeeks`, for weeks far below usual: a broken intake is a silent failure. */
export function dipWeeks(counts: readonly number[], shown: number): boolean[] {
  const first = Math.max(0, counts.length - shown);
  return counts.slice(first).map((count, i) => isDip(count, counts.slice(Math.max(0, first + i - SPIKE_HISTORY_WEEKS), first + i)));
}
