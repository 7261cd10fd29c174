/**
 * Repeat complaints: a customer who complains again about the same thing within a month.
 * A repeat is linked to the first complaint of its chain, so that however many times a
 * customer comes back, the digest counts one problem that was not solved.
 */
import { DEFAULT_SIMILARITY_THRESHOLD, normalise, similarityScore } from "../similarity";

/** How far back an earlier complaint makes a new one a repeat. */
export const REPEAT_WINDOW_DAYS = 30;

const WINDOW_MS = REPEAT_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export interface RepeatCandidate {
  id: number;
  receivedAt: Date;
  /** The first complaint of its chain, when it is itself a repeat. */
  repeatOfId: number | null;
  /** Its search terms (similarity's searchTermsOf). */
  terms: readonly string[];
  category?: string | null;
}

/**
 * The id of the first complaint of the chain that `complaint` repeats, if any. `earlier`
 * are the same customer's other complaints; only those received in the 30 days before
 * `complaint` (its own instant included, as a batch may carry several) count. One is
 * alike when its terms score at least `threshold` with similarity's score, or when both
 * have the same category (case and spacing aside). Of several alike, the most similar one
 * decides, and on equal scores the latest: a customer's latest word on a matter is the
 * best guide to which matter it is.
 *
 * The window is 30 × 24 hours, not 30 calendar days: a clock change shifts it by an hour.
 */
export function findRepeatOf(
  complaint: { receivedAt: Date; terms: readonly string[]; category?: string | null },
  earlier: readonly RepeatCandidate[],
  threshold: number = DEFAULT_SIMILARITY_THRESHOLD,
): number | undefined {
  const at = complaint.receivedAt.getTime();
  const category = categoryKey(complaint.category);
  let best: { candidate: RepeatCandidate; score: number } | undefined;
  for (const candidate of earlier) {
    const age = at - candidate.receivedAt.getTime();
    if (!(age >= 0 && age <= WINDOW_MS)) continue;
    const score = similarityScore(complaint.terms, candidate.terms);
    const alike = (score > 0 && score >= threshold) || (category !== "" && category === categoryKey(candidate.category));
    if (!alike) continue;
    if (
      !best ||
      score > best.score ||
      (score === best.score && candidate.receivedAt.getTime() >= best.candidate.receivedAt.getTime())
    ) {
      best = { candidate, score };
    }
  }
  return best ? (best.candidate.repeatOfId ?? best.candidate.id) : undefined;
}

function categoryKey(category: string | null | undefined): string {
  return normalise(category ?? "").trim().replace(/\s+/g, " ");
}
