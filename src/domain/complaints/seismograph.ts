/**
 * The seismograph's judgements, pure arithmetic on counts: whether a department's share of
 * repeat complaints climbed this month, whether it rose far enough above its own history to
 * alert someone, and whether a week was so quiet that complaints may no longer reach us.
 */
import { average, standardDeviation } from "./trends";

/**
 * Shares are fractions in floating point: 0.1 six times averages to 0.09999…, which a month
 * at exactly 10% would otherwise "climb" above. Differences smaller than this are no change.
 */
const TOLERANCE = 1e-9;

/** One calendar month of a department's (or a category's) complaints. */
export interface MonthCount {
  complaints: number;
  repeats: number;
}

/** Repeats as a share of complaints; undefined for a month without complaints (not 0%: nothing was measured). */
export function repeatRate(month: MonthCount): number | undefined {
  return month.complaints > 0 ? month.repeats / month.complaints : undefined;
}

function roundOff(value: number): number {
  return Number(value.toFixed(9));
}

export interface RateOptions {
  /** Months with complaints needed before the history says what is normal. Default 6. */
  minHistory?: number;
  /** A month with fewer complaints says too little (1 repeat of 2 is no trend). Default 5. */
  minComplaints?: number;
  /** Fewer repeats than this never alert, whatever the share. Default 2. */
  minRepeats?: number;
}

export interface RateJudgement {
  /** This month's share, undefined without complaints. */
  rate: number | undefined;
  /** The mean share of the history months that had complaints, undefined without any. */
  mean: number | undefined;
  /** Above the mean of the months before. */
  climbed: boolean;
  /** More than two standard deviations above the months before. */
  alert: boolean;
}

/**
 * Judges the last of `months` (oldest first) against the ones before it. Months without
 * complaints are left out of the history rather than counted as 0%. Climbing needs half
 * the history an alert needs; a perfectly steady history (σ = 0) alerts on anything above it.
 */
export function judgeRepeatRate(months: readonly MonthCount[], options: RateOptions = {}): RateJudgement {
  const { minHistory = 6, minComplaints = 5, minRepeats = 2 } = options;
  const current = months.at(-1);
  const rate = current ? repeatRate(current) : undefined;
  const history = months.slice(0, -1).map(repeatRate).filter((r): r is number => r !== undefined);
  const mean = history.length > 0 ? roundOff(average(history)) : undefined;
  if (!current || rate === undefined || mean === undefined || current.complaints < minComplaints) {
    return { rate, mean, climbed: false, alert: false };
  }
  const climbed = history.length >= Math.ceil(minHistory / 2) && rate > mean + TOLERANCE;
  const alert = history.length >= minHistory && current.repeats >= minRepeats && rate > mean + 2 * standardDeviation(history) + TOLERANCE;
  return { rate, mean, climbed, alert };
}

export interface DipOptions {
  /** Fewer weeks of history say too little about what is normal. Default 4. */
  minWeeks?: number;
  /** A department that usually hears fewer complaints than this a week is quiet by nature. Default 4. */
  minAverage?: number;
}

/**
 * Whether `current` is far below what the history makes normal: more than two standard
 * deviations under its mean and under half of it, so that a steady history does not flag
 * an ordinary quiet week. A broken intake shows up as this, not as an error anywhere.
 */
export function isDip(current: number, history: readonly number[], options: DipOptions = {}): boolean {
  const { minWeeks = 4, minAverage = 4 } = options;
  if (history.length < minWeeks) return false;
  const mean = average(history);
  if (mean < minAverage) return false;
  return current < mean - 2 * standardDeviation(history) && current < mean / 2;
}
