import { z } from "zod";
import type { Organisation } from "../../../config/organisation";
import type { Employee } from "../../../generated/prisma/client";
import { t, type Locale } from "../../../i18n";
import type { Logger } from "../../../logger";
import { companyTimezone, localeOf, type ServiceDeps } from "../../../services/deps";
import type { Database } from "../../../store/database";
import type { Message } from "../../message";
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { renderBlockKit, slackActionIdPattern } from "../block-kit";

/** What every Slack listener may use. */
export interface SlackDeps {
  db: Database;
  logger: Logger;
  organisation: () => Organisation | undefined;
  services: ServiceDeps;
  /** The bot's public address, for links to its own pages (calendar feeds). */
  publicUrl?: string;
  /** COMPLAINTS_WEBHOOK_SECRET: keys the hash a customer reference is kept as; unset, references are dropped. */
  complaintsSecret?: string;
}

/**
 * The key of one Slack request, the same on its retries: Slack gives every command and
 * interaction a fresh trigger id, every event an event id, every view submission its view.
 */
export function requestKeyOf(body: unknown): string | undefined {
  const b = body as { type?: string; trigger_id?: string; event_id?: string; view?: { id?: string; hash?: string } };
  if (b.type === "view_submission" && b.view?.id) return `slack:view:${b.view.id}:${b.view.hash ?? ""}`;
  if (b.trigger_id) return `slack:trigger:${b.trigger_id}`;
  if (b.event_id) return `slack:event:${b.event_id}`;
  return undefined;
}

const EMPLOYEE_CACHE_MS = 30_000;
const NO_ORGANISATION = {};
// Per organisation import: a new import is a new object, so its changes apply at once.
const employeeCaches = new WeakMap<object, Map<string, { employee: Employee | null; at: number }>>();

/**
 * The active employee with this Slack id. Every command and click asks, so answers are
 * kept for a few seconds; an organisation import starts afresh.
 */
export async function employeeBySlackId(deps: SlackDeps, userId: string): Promise<Employee | null> {
  const scope = deps.organisation() ?? NO_ORGANISATION;
  let cache = employeeCaches.get(scope);
  if (!cache) employeeCaches.set(scope, (cache = new Map()));
  const hit = cache.get(userId);
  if (hit && Date.now() - hit.at < EMPLOYEE_CACHE_MS) return hit.employee;
  const employee = await deps.db.prisma.employee.findFirst({ where: { slackUserId: userId, active: true } });
  cache.set(userId, { employee, at: Date.now() });
  return employee;
}

export function localeFor(deps: SlackDeps, employee: Employee | null): Locale {
  return localeOf(deps.services, employee);
}

export function timeZoneOf(deps: SlackDeps): string {
  return companyTimezone(deps.services);
}

/** An ephemeral reply body for a command's ack or a response_url. */
export function ephemeral(message: Message, replaceOriginal = false) {
  return { response_type: "ephemeral" as const, replace_original: replaceOriginal, ...renderBlockKit(message) };
}

/** A modal with nothing to fill in: the outcome of a submission. */
export function noticeModal(locale: Locale, title: string, message: Message) {
  return {
    type: "modal" as const,
    title: { type: "plain_text" as const, text: title.slice(0, 24) },
    close: { type: "plain_text" as const, text: t(locale, "ideas.form.close").slice(0, 24) },
    blocks: renderBlockKit(message).blocks,
  };
}

export function unknownUserText(locale: Locale): string {
  return t(locale, "home.unknownUser");
}

const idValue = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);

/**
 * The parts of a button's value ("12", "12:draft-id", "mine:2"): values come back from the
 * client and are checked like any other input. Undefined when the value is not as we made it.
 */
export function buttonValue(value: string | undefined): { id?: number; parts: string[] } | undefined {
  if (typeof value !== "string" || value.length > 2000) return undefined;
  const parts = value.split(":");
  const id = idValue.safeParse(parts[0]);
  return { id: id.success ? id.data : undefined, parts };
}

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Listens to a button of the neutral model, including its repeats in one block (`x#2`). */
export function onButton(app: App, action: string, handler: (args: ButtonArgs) => Promise<void>): void {
  app.action<BlockButtonAction>({ type: "block_actions", action_id: slackActionIdPattern(action) }, handler);
}

/**
 * Acknowledges a click and finds who clicked and the id its button carries. Someone the
 * organisation file does not list is told so; a tampered value is dropped. Undefined then.
 */
export async function clickWithId(deps: SlackDeps, { ack, body, action, respond }: ButtonArgs) {
  await ack();
  const employee = await employeeBySlackId(deps, body.user.id);
  const locale = localeFor(deps, employee);
  if (!employee) {
    await respond(ephemeral({ summary: unknownUserText(locale), blocks: [{ type: "section", text: unknownUserText(locale) }] }));
    return undefined;
  }
  const id = buttonValue(action.value)?.id;
  return id ? { employee, locale, id } : undefined;
}
