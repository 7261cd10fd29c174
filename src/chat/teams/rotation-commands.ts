/**
 * `rotation swap [#shift] [@colleague]` and `rotation assign #shift @colleague` in Teams.
 * Slack names the colleague with a `<@U…>` mention in the text; Teams with an `<at>Name</at>`
 * tag and a mention entity carrying their Teams id. The same services answer both.
 */
import { z } from "zod";
import type { Employee } from "../../generated/prisma/client";
import { translator } from "../../i18n";
import { companyTimezone } from "../../services/deps";
import { swapForm } from "../../services/rotation/rotation-forms";
import { notice as rotationNotice } from "../../services/rotation/rotation-messages";
import { offerableShifts } from "../../services/rotation/shift-queries";
import { offerSwap, reassignShift, type SwapAnswer } from "../../services/rotation/swaps";
import type { Message } from "../message";
import type { TeamsRequest } from "./commands";
import type { TeamsReply } from "./forms";
import { teamsMentionsIn } from "./mentions";

const AT_TAG = /<at>[\s\S]*?<\/at>/g;
const SHIFT = /^#?(\d{1,9})$/;

/** A mention entity's optional Entra object id, which Teams may send next to the `29:` id. */
const aadSchema = z.object({ mentioned: z.object({ id: z.string().max(200), aadObjectId: z.string().min(1).max(200) }) });

interface Colleague {
  /** Undefined when no one is named. */
  employee: Employee | null;
  /** The name as typed or tagged, for a refusal. */
  name: string;
}

/**
 * The colleague named in the text: the first person @mentioned whose tag is still in it (the
 * bot's own mention has been removed from the text already, and bots' ids start with "28:").
 * Tried by the mention's id and, when the entity carries it, by the Entra object id.
 */
async function colleagueIn(request: TeamsRequest, text: string, entities: readonly unknown[]): Promise<Colleague | undefined> {
  const mention = teamsMentionsIn(entities).find((m) => text.includes(m.text) && !m.id.startsWith("28:"));
  if (!mention) return undefined;
  const ids = [mention.id];
  for (const entity of entities) {
    const parsed = aadSchema.safeParse(entity);
    if (parsed.success && parsed.data.mentioned.id === mention.id) ids.push(parsed.data.mentioned.aadObjectId);
  }
  const employee = await request.services.prisma.employee.findFirst({ where: { teamsUserId: { in: ids }, active: true } });
  const shown = mention.text.replace(/<\/?at>/g, "").trim();
  return { employee, name: shown || mention.id };
}

/** The words after the command's own (`swap`, `assign`) with the mention tags taken out. */
function argumentsOf(text: string): string[] {
  return text.replace(AT_TAG, " ").trim().split(/\s+/).filter(Boolean).slice(1);
}

function answerOf(request: TeamsRequest, result: SwapAnswer): Message | undefined {
  return result.kind === "answer" ? rotationNotice(request.locale, result.text) : undefined;
}

/**
 * `rotation swap` alone: the swap form. `rotation swap #12`: offered to everyone who can take
 * it. `rotation swap #12 @colleague`: offered to them. Text after the shift that is not a
 * Teams mention names nobody the bot can find, and is refused rather than offered to all.
 */
export async function swapCommand(request: TeamsRequest, employee: Employee, text: string, entities: readonly unknown[]): Promise<TeamsReply | undefined> {
  const { services, locale } = request;
  const tr = translator(locale);
  const [shiftWord, ...others] = argumentsOf(text);
  const shiftId = shiftWord === undefined ? undefined : Number(SHIFT.exec(shiftWord)?.[1] ?? NaN);
  if (shiftId === undefined) {
    const shifts = await offerableShifts(services, employee.id, new Date());
    if (shifts.length === 0) return rotationNotice(locale, tr("rotation.swap.noShifts"));
    return { form: swapForm(locale, shifts, employee.timezone ?? companyTimezone(services)) };
  }
  if (Number.isNaN(shiftId)) return rotationNotice(locale, tr("rotation.help"));
  const colleague = await colleagueIn(request, text, entities);
  if (!colleague && others.length > 0) return rotationNotice(locale, tr("rotation.swap.unknownPerson", { name: others.join(" ") }));
  const result = await offerSwap(services, request.requestKey, {
    employeeId: employee.id,
    shiftId,
    // Someone the organisation file does not list is refused by the service, by the name shown.
    toEmployeeId: colleague ? (colleague.employee?.id ?? -1) : undefined,
    toName: colleague?.employee?.name ?? colleague?.name,
  });
  return answerOf(request, result);
}

/** `rotation assign #12 @colleague`: a manager or an administrator gives the shift to them. */
export async function assignCommand(request: TeamsRequest, employee: Employee, text: string, entities: readonly unknown[]): Promise<Message | undefined> {
  const { services, locale } = request;
  const [shiftWord] = argumentsOf(text);
  const shiftId = shiftWord === undefined ? undefined : SHIFT.exec(shiftWord)?.[1];
  const colleague = await colleagueIn(request, text, entities);
  if (shiftId === undefined || !colleague) return rotationNotice(locale, translator(locale)("rotation.assign.usage"));
  const result = await reassignShift(services, request.requestKey, {
    actorId: employee.id,
    shiftId: Number(shiftId),
    toEmployeeId: colleague.employee?.id,
    toName: colleague.name,
  });
  return answerOf(request, result);
}
