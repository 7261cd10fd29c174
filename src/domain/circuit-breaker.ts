/**
 * When a platform keeps failing, every further call only adds load to its trouble: after a
 * run of failures the circuit opens for a while, and after that while one batch tries again
 * (half-open). Each time it opens again without a success in between it stays open twice as
 * long, up to a minute; a success closes it.
 */
export const FAILURES_TO_OPEN = 3;
const FIRST_OPEN_MS = 2_000;
const LONGEST_OPEN_MS = 60_000;

export interface CircuitState {
  /** Failures since the last success. */
  failures: number;
  /** Times the circuit opened since the last success. */
  opened: number;
}

export const closedCircuit = (): CircuitState => ({ failures: 0, opened: 0 });

/** After a failure: the new state, and how long to stop calling (0 while the circuit stays closed). */
export function afterFailure(state: CircuitState): { state: CircuitState; openForMs: number } {
  const failures = state.failures + 1;
  if (failures < FAILURES_TO_OPEN) return { state: { ...state, failures }, openForMs: 0 };
  const openForMs = Math.min(LONGEST_OPEN_MS, FIRST_OPEN_MS * 2 ** state.opened);
  // Half-open next time: one more failure opens it again, for longer.
  return { state: { failures: FAILURES_TO_OPEN - 1, opened: state.opened + 1 }, openForMs };
}
