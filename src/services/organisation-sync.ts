import { watchFile, unwatchFile } from "node:fs";
import { loadOrganisationFile, type Organisation } from "../config/organisation";
import type { Logger } from "../logger";
import type { PrismaClient } from "../generated/prisma/client";
import { importOrganisation, type ImportSummary } from "./organisation-import";
import type { LiveOrganisation } from "./organisation-live";

/**
 * Keeps the database in step with ORG_FILE (configuration as code): imported at start-up,
 * and again when the file changes or the process receives SIGHUP. A broken edit is reported
 * and ignored; the last good organisation stays in force. What is in force is what the
 * database holds afterwards, so `live` loads it from there.
 */
export class OrganisationSync {
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly file: string,
    private readonly logger: Logger,
    private readonly live: LiveOrganisation,
  ) {}

  /** Imports the file already validated at start-up. */
  async importValidated(organisation: Organisation, checksum: string, text: string, reason = "start-up"): Promise<ImportSummary> {
    const summary = await importOrganisation(this.prisma, organisation, { name: this.file, checksum, text });
    this.logger.info({ summary }, `Organisation imported from ${this.file} (${reason})`);
    await this.live.refresh(reason);
    return summary;
  }

  /** Re-reads and re-imports the file; never throws. Calls are serialised. */
  reload(reason: string): Promise<void> {
    const next = this.running.then(async () => {
      try {
        const { organisation, checksum, text } = await loadOrganisationFile(this.file);
        await this.importValidated(organisation, checksum, text, reason);
      } catch (error) {
        this.logger.error(`Organisation file not re-imported (${reason}); the previous one stays in force: ${(error as Error).message}`);
      }
    });
    this.running = next;
    return next;
  }

  /** Watches the file (by polling, which also works on network and container mounts). */
  watch(intervalMs = 2000): () => void {
    const onChange = (now: { mtimeMs: number }, before: { mtimeMs: number }) => {
      if (now.mtimeMs !== before.mtimeMs) void this.reload("file changed");
    };
    watchFile(this.file, { interval: intervalMs, persistent: false }, onChange);
    const onHangup = () => void this.reload("SIGHUP");
    process.on("SIGHUP", onHangup);
    return () => {
      unwatchFile(this.file, onChange);
      process.off("SIGHUP", onHangup);
    };
  }
}
