import { afterFailure, closedCircuit } from "../../src/domain/circuit-breaker";

describe("the circuit breaker", () => {
  it("opens on the third failure in a row, for 2 s, then twice as long each time it fails again, up to a minute", () => {
    let state = closedCircuit();
    const pauses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const next = afterFailure(state);
      pauses.push(next.openForMs);
      state = next.state;
    }
    expect(pauses).toEqual([0, 0, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it("starts counting again after a success", () => {
    const opened = afterFailure(afterFailure(afterFailure(closedCircuit()).state).state).state;
    expect(opened).toEqual({ failures: 2, opened: 1 });
    expect(afterFailure(closedCircuit()).openForMs).toBe(0);
  });
});
