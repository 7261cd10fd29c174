import { createHmac, timingSafeEqual } from "node:crypto";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { ServiceDeps } from "../services/deps";
import { parseComplaints } from "../services/complaints/complaint-input";
import { customerHasher } from "../services/complaints/customer-hash";
import { recordComplaints } from "../services/complaints/record-complaints";

export const COMPLAINTS_PATH = "/api/complaints";
/** How far the sender's clock may be from ours, either way. */
const TOLERANCE_SECONDS = 5 * 60;
const SIGNATURE = /^v1=([0-9a-fA-F]{64})$/;

/** The signature the sender must send: `v1=` + hex HMAC-SHA256 of `v1:<timestamp>:<raw body>`. */
export function complaintsSignature(secret: string, timestamp: string, body: Buffer | string): string {
  const mac = createHmac("sha256", secret);
  mac.update(`v1:${timestamp}:`, "utf8");
  mac.update(body);
  return `v1=${mac.digest("hex")}`;
}

/** Why a signed request is refused, or undefined when it is genuine and fresh. */
function refusal(secret: string, req: Request, body: Buffer, nowSeconds: number): string | undefined {
  const timestamp = req.get("X-Complaints-Timestamp");
  const signature = req.get("X-Complaints-Signature");
  if (!timestamp || !signature) return "missing X-Complaints-Timestamp or X-Complaints-Signature header";
  if (!/^\d{1,12}$/.test(timestamp)) return "X-Complaints-Timestamp must be Unix seconds";
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return "timestamp more than five minutes off";
  const given = SIGNATURE.exec(signature.trim())?.[1];
  if (!given) return "bad signature";
  const expected = Buffer.from(complaintsSignature(secret, timestamp, body).slice(3), "hex");
  const actual = Buffer.from(given, "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? undefined : "bad signature";
}

/**
 * `POST /api/complaints`: complaints from a helpdesk, signed with COMPLAINTS_WEBHOOK_SECRET
 * over the raw bytes. Answers 503 when the secret is not configured, 401 for a missing,
 * wrong or stale signature, 400 for a body that is not valid (nothing stored), and 200 with
 * `{ stored, duplicates, warnings }` otherwise.
 */
export function complaintsWebhookRouter(deps: Pick<ServiceDeps, "prisma" | "logger">, secret: string | undefined, now: () => Date = () => new Date()): Router {
  const router = Router();
  const hashCustomer = secret ? customerHasher(secret) : undefined;
  const raw = express.raw({ type: "application/json", limit: "1mb" });

  const requireSecret = (_req: Request, res: Response, next: NextFunction) => {
    if (!secret) {
      res.status(503).json({ error: "The complaints webhook is not configured: set COMPLAINTS_WEBHOOK_SECRET" });
      return;
    }
    next();
  };
  // The raw parser's own failures (too large, bad encoding) answered as JSON too.
  const rawBody = (req: Request, res: Response, next: NextFunction) =>
    raw(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status ?? 400;
      res.status(status >= 400 && status < 500 ? status : 400).json({
        error: status === 413 ? "Body too large (at most 1 MB)" : "Could not read the request body",
      });
    });

  router.post(COMPLAINTS_PATH, requireSecret, rawBody, async (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!Buffer.isBuffer(req.body)) {
      res.status(415).json({ error: "Content-Type must be application/json" });
      return;
    }
    const body = req.body;
    const refused = refusal(secret!, req, body, Math.floor(now().getTime() / 1000));
    if (refused) {
      deps.logger.warn(`Complaints webhook: refused (${refused})`);
      res.status(401).json({ error: `Unauthorized: ${refused}` });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch {
      res.status(400).json({ error: "The body is not valid JSON; nothing stored", problems: ["body: not valid JSON"] });
      return;
    }
    const parsed = parseComplaints(json);
    if (!parsed.ok) {
      deps.logger.info({ problems: parsed.problems.length }, "Complaints webhook: invalid body, nothing stored");
      res.status(400).json({ error: "Invalid complaints; nothing stored", problems: parsed.problems });
      return;
    }
    try {
      res.json(await recordComplaints(deps, parsed.complaints, hashCustomer!, parsed.paths));
    } catch (error) {
      // The error's name and code only: Prisma's messages can quote the data.
      const code = (error as { code?: string }).code;
      deps.logger.error({ code, name: error instanceof Error ? error.name : typeof error }, "Complaints webhook: storing failed");
      res.status(500).json({ error: "Could not store the complaints, try again later; nothing stored" });
    }
  });
  return router;
}
