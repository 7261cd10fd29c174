import http from "node:http";
import { createExpressApp, listen, reservePort, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";

/** The bot's HTTP server on real ports: while starting, serving, refusing a port, closing. */

const logger = createLogger("silent");

function get(port: number, path: string, agent?: http.Agent): Promise<{ status?: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
      })
      .on("error", reject);
  });
}

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close(0).catch(() => undefined);
});

describe("reservePort", () => {
  it("while starting answers /healthz 200 and everything else 503 with a retry-after, then hands requests to the app", async () => {
    const server = await reservePort(0, logger, "127.0.0.1");
    servers.push(server);
    expect(server.port).toBeGreaterThan(0);

    const health = await get(server.port, "/healthz");
    expect([health.status, health.headers["content-type"], health.body]).toEqual([200, "application/json; charset=utf-8", '{"status":"ok"}']);
    expect(health.headers["retry-after"]).toBeUndefined();
    const waiting = await get(server.port, "/slack/events");
    expect([waiting.status, waiting.headers["retry-after"], waiting.body]).toEqual([503, "5", '{"error":"starting"}']);

    const app = createExpressApp();
    app.get("/slack/events", (_req, res) => {
      res.send("served");
    });
    server.serve(app);
    const served = await get(server.port, "/slack/events");
    expect([served.status, served.body]).toEqual([200, "served"]);
    expect(served.headers["x-powered-by"]).toBeUndefined();
  });

  it("says a port in use in terms of PORT", async () => {
    const first = await reservePort(0, logger, "127.0.0.1");
    servers.push(first);
    await expect(reservePort(first.port, logger, "127.0.0.1")).rejects.toMatchObject({
      name: "ConfigError",
      message: `PORT ${first.port} is already in use: set PORT to a free port`,
    });
  });

  it("passes on other listen errors as they are (an address this machine does not have)", async () => {
    // 192.0.2.0/24 is reserved for documentation: no interface has it.
    await expect(reservePort(0, logger, "192.0.2.1")).rejects.toMatchObject({ code: "EADDRNOTAVAIL", syscall: "listen" });
  });
});

describe("close", () => {
  it("waits for an idle server, closing kept-alive connections", async () => {
    const app = createExpressApp();
    app.get("/", (_req, res) => {
      res.send("hello");
    });
    const server = await listen(app, 0, logger, "127.0.0.1");
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await get(server.port, "/", agent)).body).toBe("hello");
      await server.close();
      await expect(get(server.port, "/")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    } finally {
      agent.destroy();
    }
  });

  it("drops a request still unanswered when the grace period ends", async () => {
    const app = createExpressApp();
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    app.get("/slow", () => arrived()); // never answers
    const server = await listen(app, 0, logger, "127.0.0.1");
    const request = get(server.port, "/slow");
    await inFlight;
    await server.close(10);
    await expect(request).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});
