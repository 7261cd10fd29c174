import type { Organisation } from "../../src/config/organisation";
import type { PrismaClient } from "../../src/generated/prisma/client";
import { createLogger } from "../../src/logger";
import type { ServiceDeps } from "../../src/services/deps";
import { openDatabase, type Database } from "../../src/store/database";
import type { DatabaseKind, TestDatabase } from "./databases";

/** The services as the app wires them, on a test's database and organisation: Slack only, nothing to wake. */
export function testServiceDeps(prisma: PrismaClient, organisation: Organisation | undefined, overrides: Partial<ServiceDeps> = {}): ServiceDeps {
  return {
    prisma,
    logger: createLogger("silent"),
    organisation: () => organisation,
    platforms: ["SLACK"],
    outboxKick: () => undefined,
    shiftsChanged: () => undefined,
    ...overrides,
  };
}

/**
 * What another replica would use: on PostgreSQL its own connection pool (kept in `opened` for
 * the test to close), on PGlite the same client, as PGlite has one connection.
 */
export async function replicaPrisma(kind: DatabaseKind, db: TestDatabase, opened: Database[]): Promise<PrismaClient> {
  if (kind !== "postgres") return db.prisma;
  const own = await openDatabase({ kind: "postgres", url: db.url! });
  opened.push(own);
  return own.prisma;
}
