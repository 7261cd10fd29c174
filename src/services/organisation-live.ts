import type { Organisation } from "../config/organisation";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { storedOrganisation } from "./organisation-import";
import { applyToOrganisation, changesOn, lastChangeOn } from "./people/people-changes";

/** How often a replica asks the database whether someone imported a new organisation. */
export const ORGANISATION_POLL_MS = 2000;

/**
 * The organisation a running server works from: always the one the database holds (the last
 * import that kept its file's text), never a copy of its own. Every import, whether from
 * ORG_FILE, the CLI on PostgreSQL, the admin socket or another replica, reaches every replica
 * because each one polls the imports' latest id; one cheap indexed query every two seconds is
 * simpler and sturdier than a LISTEN connection per replica, and works on the embedded
 * database too.
 */
export class LiveOrganisation {
  /**
   * The import in force: its id and its newest SCIM change (to tell a newer one), its
   * organisation and the file it came from.
   */
  private inForce?: { id: number; lastChange: number | null; organisation: Organisation; source: string };
  /** Set once the start-up load has run: later changes re-plan, the first one does not. */
  private primed = false;
  private readonly listeners: ((reason: string) => void)[] = [];
  private running: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  organisation(): Organisation | undefined {
    return this.inForce?.organisation;
  }

  /** The file name the organisation in force was imported from. */
  source(): string | undefined {
    return this.inForce?.source;
  }

  /** Called when a later import than the one loaded first took effect (the rotation re-plans). */
  onChanged(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Loads the latest stored organisation when it is not the one in force; true when it
   * changed. Never throws: a database hiccup or a document today's schema refuses is logged
   * and the organisation in force stays. Calls are serialised.
   */
  refresh(reason: string): Promise<boolean> {
    const next = this.running.then(() => this.load(reason));
    this.running = next;
    return next;
  }

  /** Polls for imports made elsewhere; returns the stop function. */
  watch(intervalMs = ORGANISATION_POLL_MS): () => void {
    const timer = setInterval(() => void this.refresh("imported elsewhere"), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async load(reason: string): Promise<boolean> {
    try {
      const latest = await this.prisma.organisationImport.findFirst({
        where: { document: { not: null } },
        orderBy: { id: "desc" },
        select: { id: true },
      });
      if (!latest) return false;
      const lastChange = await lastChangeOn(this.prisma, latest.id);
      const inForce = this.inForce;
      if (latest.id === inForce?.id && lastChange === inForce.lastChange) return false;
      let stored = inForce;
      if (latest.id === inForce?.id) {
        // Only SCIM changes since: applied to the organisation in force, the document not parsed again.
        const changes = await changesOn(this.prisma, latest.id, inForce.lastChange);
        stored = { ...inForce, lastChange: changes.at(-1)?.id ?? inForce.lastChange, organisation: applyToOrganisation(inForce.organisation, changes) };
      } else stored = await storedOrganisation(this.prisma);
      if (!stored) return false;
      this.inForce = stored;
      this.logger.info(
        `Organisation in force: ${stored.organisation.company.name} from ${stored.source}, ` +
          `${stored.organisation.departments.length} departments, ${stored.organisation.employees.length} employees (${reason})`,
      );
      if (this.primed) for (const listener of this.listeners) listener(reason);
      return true;
    } catch (error) {
      this.logger.error(`The stored organisation was not loaded (${reason}); the one in force stays: ${(error as Error).message}`);
      return false;
    } finally {
      this.primed = true;
    }
  }
}
