/**
 * The text commands people type in Teams (in a personal chat or after an @mention in a
 * channel) and on the web: the same words as the Slack slash commands without the slash,
 * answered by the same services. Every answer is a neutral `Message` or form; the surface
 * renders it as a card or a page.
 */
import type { Employee } from "../../generated/prisma/client";
import { t, translator, type Locale } from "../../i18n";
import { digestPreviewFor } from "../../services/complaints/digest-preview";
import { reportPreviewFor } from "../../services/reports/report-preview";
import { unassignedQueue } from "../../services/complaints/complaint-moves";
import { companyTimezone, requestHandled } from "../../services/deps";
import { COMMANDS, helpMessage } from "../../services/help";
import { ideaForm } from "../../services/ideas/idea-forms";
import { ideaFromText } from "../../services/ideas/idea-input";
import { ideaListMessage, parseIdeaFilter } from "../../services/ideas/idea-list";
import { notice, similarHint, submittedReply } from "../../services/ideas/idea-messages";
import { submitIdea } from "../../services/ideas/submit-idea";
import { recordAbsence } from "../../services/rotation/absences";
import { calendarUrl, resetCalendarToken } from "../../services/rotation/calendar-feed";
import { fairnessReport, fairnessScope } from "../../services/rotation/fairness-report";
import { localDate } from "../../services/rotation/rotation-calendar";
import { parseRotationCommand } from "../../services/rotation/rotation-command";
import { myShiftsMessage, notice as rotationNotice, nowMessage } from "../../services/rotation/rotation-messages";
import { publishRotation } from "../../services/rotation/rotation-publish";
import { myShifts, onTheLine, setReminderStyle } from "../../services/rotation/shift-queries";
import { storyForm } from "../../services/stories/story-forms";
import { validateStoryForm } from "../../services/stories/story-input";
import { personalDataHold, storyNotice, submittedText } from "../../services/stories/story-messages";
import { storyTopMessage } from "../../services/stories/story-top";
import { submitStory } from "../../services/stories/submit-story";
import type { Message } from "../message";
import { activeDepartments, complaintFormFor } from "./form-handlers";
import type { Reply } from "./forms";
import type { ConversationRequest } from "./request";
import { assignCommand, swapCommand } from "./rotation-commands";

type Command = (typeof COMMANDS)[number];

const TOP = /^(top|מובילים)$/i;
const QUEUE = /^(queue|תור)$/i;

/**
 * The command word and the rest of a message's text. Teams may send a non-breaking space
 * (`&nbsp;`, or U+00A0) after a removed mention; both count as spaces.
 */
export function splitCommand(text: string | undefined): { word: string; rest: string } {
  const clean = (text ?? "").replace(/&nbsp;/gi, " ").replace(/\u00a0/g, " ").trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(clean);
  if (!match) return { word: "", rest: "" };
  // A leading slash is what Slack people type out of habit.
  return { word: match[1]!.replace(/^\//, "").toLowerCase(), rest: match[2]!.trim() };
}

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

/** The refusal the Slack side gives someone the organisation file does not list. */
export function unknownUserMessage(locale: Locale): Message {
  return notice(locale, t(locale, "home.unknownUser"));
}

/**
 * The answer to a typed message, or undefined when there is nothing to say (a retry of a
 * request already handled). `help`, an empty message and anything unknown get the help card.
 * `entities` are the activity's: the people @mentioned in it.
 */
export async function answerCommand(request: ConversationRequest, text: string | undefined, entities: readonly unknown[] = []): Promise<Reply | undefined> {
  const { word, rest } = splitCommand(text);
  const { employee, locale } = request;
  if (!isCommand(word)) return helpMessage(locale, request.name, "");
  if (!employee) return unknownUserMessage(locale);
  switch (word) {
    case "idea":
      return ideaCommand(request, employee, rest);
    case "ideas": {
      const filter = parseIdeaFilter(rest);
      if (!filter) return notice(locale, t(locale, "ideas.list.usage"));
      return ideaListMessage(request.services, employee.id, filter, 0, locale);
    }
    case "rotation":
      return rotationCommand(request, employee, rest, entities);
    case "story":
      if (TOP.test(rest)) return storyTopMessage(request.services, locale);
      if (!rest) return { form: storyForm(locale, await activeDepartments(request.services)) };
      return storyCommand(request, employee, rest, entities);
    case "complaint":
      if (QUEUE.test(rest)) return unassignedQueue(request.services, employee.id, locale);
      return { form: (await complaintFormFor(request)).form };
    case "digest":
      return digestPreviewFor(request.services, employee.id, rest, locale);
    case "report": {
      const named = await request.people.colleagueIn(rest, entities);
      const person = named ? (named.employee ? { id: named.employee.id } : { unknown: named.name }) : undefined;
      // argumentsOf leaves out the first word (preview) with the way the surface tags people.
      const words = [rest.trim().split(/\s+/)[0] ?? "", ...request.people.argumentsOf(rest)];
      return reportPreviewFor(request.services, employee.id, { words, person }, locale);
    }
  }
}

/** `idea <text>`: recorded at once and answered with its number, or with similar open ideas; `idea` alone: the form. */
async function ideaCommand(request: ConversationRequest, employee: Employee, text: string): Promise<Reply | undefined> {
  const { locale } = request;
  if (!text) {
    const departments = await activeDepartments(request.services);
    const own = departments.find((d) => d.id === employee.departmentId)?.key;
    return { form: ideaForm(locale, departments, { departmentKey: own }) };
  }
  // A retry must not find its own idea among the similar ones and offer a second draft.
  if (request.requestKey && (await requestHandled(request.services.prisma, request.requestKey))) return undefined;
  const parsed = ideaFromText(text, locale);
  if (!parsed.ok) return notice(locale, Object.values(parsed.errors).join(" "));
  const result = await submitIdea(request.services, employee, parsed.value, {
    requestKey: request.requestKey,
    checkSimilar: true,
    confirmByMessage: false,
  });
  switch (result.kind) {
    case "saved":
      return submittedReply(locale, result.idea, result.departmentName);
    case "similar":
      return similarHint(locale, result.similar, result.draftId);
    case "invalid":
      return notice(locale, Object.values(result.errors).join(" "));
    case "draft-gone":
      return notice(locale, t(locale, "ideas.draftGone"));
    case "duplicate":
      return undefined;
  }
}

/**
 * `story <text>`: recorded at once and answered with what happened to it: published, sent to
 * the curators, or held back with *Post anyway* when it seems to hold a customer's personal
 * data. Colleagues @mentioned, when the organisation file knows them, are the colleagues involved.
 */
async function storyCommand(request: ConversationRequest, employee: Employee, text: string, entities: readonly unknown[]): Promise<Message | undefined> {
  const { services, locale } = request;
  const readable = await request.people.readable(text, entities);
  const validated = validateStoryForm({ text: readable.text, colleagues: readable.colleagueIds }, locale, [], request.people.platform);
  if (!validated.ok) return storyNotice(locale, Object.values(validated.errors).join(" "));
  const result = await submitStory(services, employee, validated.value, { requestKey: request.requestKey, holdPersonalData: true });
  switch (result.kind) {
    case "published":
    case "awaiting":
      return storyNotice(locale, submittedText(locale, { ...result, curators: result.kind === "awaiting" ? result.curators : [] }));
    case "held":
      return personalDataHold(locale, result.storyId, result.findings);
    case "invalid":
      return storyNotice(locale, Object.values(result.errors).join(" "));
    case "duplicate":
      return undefined;
  }
}

/**
 * `rotation mine | now | away | swap | assign | remind | calendar | fairness | publish | help`.
 * Swapping and assigning name the colleague as the surface does (see `./rotation-commands`).
 */
async function rotationCommand(request: ConversationRequest, employee: Employee, text: string, entities: readonly unknown[]): Promise<Reply | undefined> {
  const { services, locale } = request;
  const tr = translator(locale);
  if (!services.organisation()) return rotationNotice(locale, tr("rotation.noOrganisation"));
  const now = new Date();
  const zone = employee.timezone ?? companyTimezone(services);
  const command = parseRotationCommand(text, localDate(now, zone));
  const calendarLink = (token: string) => (services.publicUrl ? calendarUrl(services.publicUrl, token) : undefined);
  const answer = (result: { kind: "answer"; text: string } | { kind: "duplicate" }) =>
    result.kind === "answer" ? rotationNotice(locale, result.text) : undefined;
  switch (command.kind) {
    case "mine":
      return myShiftsMessage(await myShifts(services, employee.id, now), locale, zone, calendarLink(employee.calendarToken));
    case "now": {
      const line = await onTheLine(services, now);
      return nowMessage(line.current, line.next, locale, zone);
    }
    case "remind": {
      if (!command.style) return rotationNotice(locale, tr("rotation.remind.usage"));
      await setReminderStyle(services, employee.id, command.style);
      const hour = services.organisation()?.supportLine.eveningReminderHour ?? 18;
      return rotationNotice(locale, tr(command.style === "EVENING" ? "rotation.remind.evening" : "rotation.remind.standard", { hour }));
    }
    case "calendar": {
      const token = command.reset ? await resetCalendarToken(services, employee.id) : employee.calendarToken;
      const url = calendarLink(token);
      const line = url ? tr("rotation.calendar.link", { url }) : tr("rotation.calendar.linkNoUrl", { token });
      return rotationNotice(locale, command.reset ? `${tr("rotation.calendar.reset")} ${line}` : line);
    }
    case "away":
      if (command.problem || !command.from || !command.to) return rotationNotice(locale, tr("rotation.away.badDates"));
      return answer(await recordAbsence(services, request.requestKey, { employeeId: employee.id, from: command.from, to: command.to }));
    case "publish": {
      if (!employee.isAdmin) return rotationNotice(locale, tr("rotation.publishNotAllowed"));
      const result = await publishRotation(services, { until: "horizon", eventKey: request.requestKey });
      return rotationNotice(
        locale,
        result.count > 0 ? tr("rotation.published.answer", { count: result.count, until: result.until }) : tr("rotation.published.nothing"),
      );
    }
    case "fairness": {
      const scope = await fairnessScope(services, employee);
      if (!scope) return rotationNotice(locale, tr("rotation.fairnessNotAllowed"));
      return fairnessReport(services, scope, locale, now);
    }
    case "swap":
      return swapCommand(request, employee, text, entities);
    case "assign":
      return assignCommand(request, employee, text, entities);
    case "help":
      return rotationNotice(locale, tr("rotation.help"));
  }
}
