import type { Tally } from "../tally";

/** What a scenario gets from the runner: its deadline and a way to say what it is doing. */
export interface ScenarioContext {
  /** Epoch ms after which the runner reports the scenario as failed and tears it down. */
  deadline: number;
  log(message: string): void;
}

export interface Scenario {
  name: string;
  /** The most this scenario may take; the runner enforces it. */
  timeoutMs: number;
  run(ctx: ScenarioContext): Promise<Tally>;
}
