import { ConfigError, loadConfig } from "../../src/config/env";

/** OUTBOX_LEASE_MS, the platforms' call timeouts and pacing, as start-up reads and checks them. */
describe("delivery timing in the environment", () => {
  const defaults = { leaseMs: 60000, slackCallTimeoutMs: 20000, teamsCallTimeoutMs: 20000, slackPostIntervalMs: 1000, teamsPostIntervalMs: 143, maxInFlight: 50 };

  it("defaults to a 60 s lease, 20 s calls, a second between posts into one Slack channel, 7 a second into one Teams conversation, 50 posts at once", () => {
    expect(loadConfig({}).delivery).toEqual(defaults);
  });

  it("reads all six, spaces and all", () => {
    expect(
      loadConfig({
        OUTBOX_LEASE_MS: " 6000 ",
        SLACK_CALL_TIMEOUT_MS: "2000",
        TEAMS_CALL_TIMEOUT_MS: "1500",
        SLACK_POST_INTERVAL_MS: "0",
        TEAMS_POST_INTERVAL_MS: " 250",
        OUTBOX_MAX_IN_FLIGHT: "8",
      }).delivery,
    ).toEqual({ leaseMs: 6000, slackCallTimeoutMs: 2000, teamsCallTimeoutMs: 1500, slackPostIntervalMs: 0, teamsPostIntervalMs: 250, maxInFlight: 8 });
  });

  it("treats empty as the default", () => {
    expect(
      loadConfig({ OUTBOX_LEASE_MS: "", SLACK_CALL_TIMEOUT_MS: "", TEAMS_CALL_TIMEOUT_MS: "", SLACK_POST_INTERVAL_MS: "", TEAMS_POST_INTERVAL_MS: "", OUTBOX_MAX_IN_FLIGHT: "" }).delivery,
    ).toEqual(defaults);
  });

  it("accepts a timeout of exactly a third of the lease", () => {
    expect(loadConfig({ OUTBOX_LEASE_MS: "9000", SLACK_CALL_TIMEOUT_MS: "3000", TEAMS_CALL_TIMEOUT_MS: "3000" }).delivery.slackCallTimeoutMs).toBe(3000);
  });

  it("refuses a Slack timeout not well inside the lease, naming both variables", () => {
    const load = () => loadConfig({ OUTBOX_LEASE_MS: "9000", SLACK_CALL_TIMEOUT_MS: "3001" });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      "Invalid environment: SLACK_CALL_TIMEOUT_MS: 3001 ms is not well inside OUTBOX_LEASE_MS (9000 ms); it may be at most a third of it (3000 ms), " +
        "because one delivery may make 3 calls and another replica takes the message over when the lease ends",
    );
  });

  it("refuses the default timeouts with a lease shortened below three times them", () => {
    expect(() => loadConfig({ OUTBOX_LEASE_MS: "30000" })).toThrow(
      "Invalid environment: SLACK_CALL_TIMEOUT_MS: 20000 ms is not well inside OUTBOX_LEASE_MS (30000 ms); it may be at most a third of it (10000 ms), " +
        "because one delivery may make 3 calls and another replica takes the message over when the lease ends; " +
        "TEAMS_CALL_TIMEOUT_MS: 20000 ms is not well inside OUTBOX_LEASE_MS (30000 ms); it may be at most a third of it (10000 ms), " +
        "because one delivery may make 3 calls and another replica takes the message over when the lease ends",
    );
  });

  it("refuses a Teams timeout alone when only it is too long", () => {
    expect(() => loadConfig({ TEAMS_CALL_TIMEOUT_MS: "20001" })).toThrow(/^Invalid environment: TEAMS_CALL_TIMEOUT_MS: 20001 ms is not well inside OUTBOX_LEASE_MS \(60000 ms\)/);
  });

  it.each([
    ["OUTBOX_LEASE_MS", "60s", 'OUTBOX_LEASE_MS: expected a whole number of milliseconds from 1000 to 3600000, got "60s"'],
    ["OUTBOX_LEASE_MS", "999", 'OUTBOX_LEASE_MS: expected a whole number of milliseconds from 1000 to 3600000, got "999"'],
    ["SLACK_CALL_TIMEOUT_MS", "-5", 'SLACK_CALL_TIMEOUT_MS: expected a whole number of milliseconds from 100 to 1200000, got "-5"'],
    ["TEAMS_CALL_TIMEOUT_MS", "1.5", 'TEAMS_CALL_TIMEOUT_MS: expected a whole number of milliseconds from 100 to 1200000, got "1.5"'],
    ["SLACK_POST_INTERVAL_MS", "1s", 'SLACK_POST_INTERVAL_MS: expected a whole number of milliseconds from 0 to 60000, got "1s"'],
    ["OUTBOX_MAX_IN_FLIGHT", "0", 'OUTBOX_MAX_IN_FLIGHT: expected a whole number of posts from 1 to 500, got "0"'],
  ])("refuses %s=%s", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(`Invalid environment: ${message}`);
  });
});
