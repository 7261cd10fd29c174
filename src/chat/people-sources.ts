/** The directories this process can read people from, with the credentials it was given. */
import type { Config } from "../config/env";
import type { Logger } from "../logger";
import type { PeopleSourceReaders } from "../services/people/sync-people";
import { slackPeopleReader } from "./slack/workspace-people";
import { directoryPeopleReader } from "./teams/directory-people";

export function peopleSourceReaders(config: Pick<Config, "slack" | "graph">, logger: Logger): PeopleSourceReaders {
  return { slack: slackPeopleReader(config.slack, logger), microsoft365: directoryPeopleReader(config.graph) };
}
