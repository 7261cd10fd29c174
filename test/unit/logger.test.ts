import { createLogger, logFormat, oneLine } from "../../src/logger";

/** Which log format people get, at which level, and problems said on one line. */

describe("logFormat", () => {
  it("follows LOG_FORMAT when it is json or pretty, whatever stdout is", () => {
    expect(logFormat({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "pretty" }, false)).toBe("pretty");
  });

  it("otherwise pretty on a terminal and JSON into a pipe", () => {
    expect(logFormat({}, true)).toBe("pretty");
    expect(logFormat({}, false)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "xml" }, false)).toBe("json");
  });

  it("reads the process's environment and stdout by default", () => {
    const saved = process.env.LOG_FORMAT;
    try {
      process.env.LOG_FORMAT = "pretty";
      expect(logFormat()).toBe("pretty");
    } finally {
      if (saved === undefined) delete process.env.LOG_FORMAT;
      else process.env.LOG_FORMAT = saved;
    }
  });
});

describe("createLogger", () => {
  it("logs at the level asked for, in either format", () => {
    expect(createLogger("warn", "json").level).toBe("warn");
    expect(createLogger("silent", "pretty").level).toBe("silent");
    expect(createLogger("debug", "pretty").level).toBe("debug");
    expect(createLogger("trace", "pretty").isLevelEnabled("trace")).toBe(true);
  });

  it("takes LOG_LEVEL, else info, when no level is given", () => {
    const saved = { level: process.env.LOG_LEVEL, format: process.env.LOG_FORMAT };
    try {
      process.env.LOG_FORMAT = "json";
      process.env.LOG_LEVEL = "error";
      expect(createLogger().level).toBe("error");
      delete process.env.LOG_LEVEL;
      expect(createLogger().level).toBe("info");
    } finally {
      for (const [key, value] of [
        ["LOG_LEVEL", saved.level],
        ["LOG_FORMAT", saved.format],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe("oneLine", () => {
  it("leaves a one-line message as it is, trimmed", () => {
    expect(oneLine("  PORT 3000 is already in use  ")).toBe("PORT 3000 is already in use");
    expect(oneLine("")).toBe("");
  });

  it("joins the lines with semicolons, after a colon with a space, leaving out blank ones", () => {
    expect(oneLine("Invalid organisation file org.yml:\n  employees[0].email: expected an email\n\n  departments: required\n")).toBe(
      "Invalid organisation file org.yml: employees[0].email: expected an email; departments: required",
    );
    expect(oneLine("Cannot start\nthe port is taken")).toBe("Cannot start; the port is taken");
  });
});
