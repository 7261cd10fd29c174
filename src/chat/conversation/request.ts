/**
 * Who is asking, on a surface where people type commands, click card buttons and submit
 * forms: Teams and the web. The answers are the same on both; only how people are named
 * differs (Teams ids and @mentions, or employee numbers on the web), so each surface hands
 * in its `SurfacePeople`.
 */
import type { Employee } from "../../generated/prisma/client";
import type { Locale } from "../../i18n";
import type { ServiceDeps } from "../../services/deps";
import type { ColleaguePlatform } from "../../services/stories/story-input";

/** Someone a typed message names, found or not. */
export interface NamedColleague {
  /** Null when the organisation does not know them. */
  employee: Employee | null;
  /** The name as typed or tagged, for a refusal. */
  name: string;
}

export interface SurfacePeople {
  /** What the ids of this surface's people pickers are; stories keep their colleagues by them. */
  platform: ColleaguePlatform;
  /** The active employee a people picker submitted. */
  byId(id: string): Promise<Employee | null>;
  /** The id this surface's people picker shows for the employee. */
  idOf(employee: Employee): string | undefined;
  /**
   * A typed message as people read it, and the ids of the known colleagues it names; the
   * text is stored and escaped later like any user text.
   */
  readable(text: string, entities: readonly unknown[]): Promise<{ text: string; colleagueIds: string[] }>;
  /** The colleague a `rotation swap` or `assign` names, or undefined when it names nobody. */
  colleagueIn(text: string, entities: readonly unknown[]): Promise<NamedColleague | undefined>;
  /** The words of a command after its own, without the way this surface tags people. */
  argumentsOf(text: string): string[];
}

export interface ConversationRequest {
  services: ServiceDeps;
  /** Undefined for someone the organisation does not list. */
  employee: Employee | null;
  locale: Locale;
  people: SurfacePeople;
  /** The name the help card greets: the organisation's, else the platform's display name. */
  name?: string;
  /** The same on a retry of the same request, so that the work is done once. */
  requestKey?: string;
  /** COMPLAINTS_WEBHOOK_SECRET: keys the hash a customer reference is kept as. */
  complaintsSecret?: string;
}
