/**
 * How many posts one worker makes at once on a platform. It starts at one and widens by one
 * with each success, up to the limit (as TCP's slow start does): a healthy platform is soon
 * posted to in parallel, while a failing one sees a single call at a time, so the circuit
 * opens after its first failures instead of after a whole batch sent at once.
 */
export function widerWindow(width: number, limit: number): number {
  return Math.min(limit, width + 1);
}

/** Any failure narrows the window back to one call at a time. */
export const NARROWEST_WINDOW = 1;
