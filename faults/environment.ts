import { createScratchDatabase, type ScratchDatabase } from "./database";
import { killAllReplicasAndWait, startReplica, type Replica } from "./replicas";
import { startSlackStandIn, type SlackStandIn } from "./stand-in";

/**
 * One scenario's world: a fresh Slack stand-in, a fresh scratch database and the replicas
 * started on them. Torn down whatever happens, so the next scenario starts clean.
 */
export interface Environment {
  slack: SlackStandIn;
  db: ScratchDatabase;
  /** Where the bot's respond() calls land: the stand-in records them as method "response". */
  responseUrl: string;
  replicas: Replica[];
  start(name: string, port?: number, extraEnv?: Record<string, string>): Promise<Replica>;
}

export async function withEnvironment<T>(f: (env: Environment) => Promise<T>): Promise<T> {
  const slack = await startSlackStandIn();
  let db: ScratchDatabase | undefined;
  try {
    db = await createScratchDatabase();
    const env: Environment = {
      slack,
      db,
      responseUrl: slack.url.replace(/api\/$/, "response"),
      replicas: [],
      async start(name, port, extraEnv) {
        const replica = await startReplica({ name, databaseUrl: db!.url, slackApiUrl: slack.urlFor(name), port, env: extraEnv });
        env.replicas.push(replica);
        return replica;
      },
    };
    return await f(env);
  } finally {
    await killAllReplicasAndWait();
    await db?.drop().catch(() => undefined);
    await slack.close();
  }
}

/** How long a replica may take to print Ready (three starting at once on 2 cores are slow). */
export const READY_TIMEOUT_MS = 90_000;
