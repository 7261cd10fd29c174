import { Router } from "express";
import { z } from "zod";
import type { ServiceDeps } from "../services/deps";
import { CHART_PATH } from "../services/complaints/weekly-digest";

/** Tokens are 24 random bytes in base64url: anything else is not worth a query. */
const chartToken = z.string().regex(/^[A-Za-z0-9_-]{32}$/);

/**
 * `GET /digest-charts/<token>.png`: a digest's chart, fetched by Slack and Teams when they
 * show the post. The token is the credential, so a malformed and an unknown one both get a
 * plain 404; a chart never changes, so clients may keep it.
 */
export function digestChartsRouter(deps: Pick<ServiceDeps, "prisma" | "logger">): Router {
  const router = Router();
  router.get(`${CHART_PATH}/:file`, async (req, res) => {
    res.set({ "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff" });
    const token = chartToken.safeParse(/^(.*)\.png$/.exec(req.params.file)?.[1]);
    try {
      const chart = token.success ? await deps.prisma.digestChart.findUnique({ where: { token: token.data }, select: { png: true } }) : null;
      if (!chart) {
        res.status(404).type("text/plain").send("Not found");
        return;
      }
      res.type("image/png").set("Cache-Control", "private, max-age=31536000, immutable").send(Buffer.from(chart.png));
    } catch (error) {
      deps.logger.error({ err: error instanceof Error ? error.message.replaceAll(token.data ?? "\u0000", "[token]") : String(error) }, "Digest chart failed");
      res.status(500).type("text/plain").send("Chart unavailable, try again later");
    }
  });
  return router;
}
