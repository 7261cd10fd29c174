import { Router } from "express";
import type { Logger } from "../logger";
import type { ServiceDeps } from "../services/deps";
import { calendarFeed, calendarTokenSchema } from "../services/rotation/calendar-feed";

/**
 * `GET /calendar/<token>.ics`: a person's support-line shifts for their calendar app.
 * A malformed token and an unknown one get the same 404, and nothing is cached anywhere
 * on the way, because the URL is the credential.
 */
export function calendarFeedRouter(deps: Pick<ServiceDeps, "prisma" | "organisation"> & { logger: Logger }): Router {
  const router = Router();
  router.get("/calendar/:file", async (req, res) => {
    res.set({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff" });
    const token = calendarTokenSchema.safeParse(/^(.*)\.ics$/.exec(req.params.file)?.[1]);
    const hideToken = (text: string) => (token.success ? text.replaceAll(token.data, "[token]") : text);
    try {
      const feed = token.success ? await calendarFeed(deps, token.data, new Date()) : undefined;
      if (feed === undefined) {
        res.status(404).type("text/plain").send("Not found");
        return;
      }
      res.type("text/calendar; charset=utf-8").set("Content-Disposition", 'inline; filename="support-line.ics"').send(feed);
    } catch (error) {
      // Neither the URL nor an error quoting the query: both can hold the token.
      deps.logger.error(`Calendar feed failed: ${hideToken(error instanceof Error ? error.message : String(error))}`);
      res.status(500).type("text/plain").send("Calendar unavailable, try again later");
    }
  });
  return router;
}
