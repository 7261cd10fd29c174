/**
 * `rotation swap [#shift] [@colleague]` and `rotation assign #shift @colleague`, typed in
 * Teams or on the web. How the colleague is named is the surface's (`SurfacePeople`): a
 * Teams `<at>` tag with its mention entity, or an email on the web.
 */
import type { Employee } from "../../generated/prisma/client";
import { translator } from "../../i18n";
import { companyTimezone } from "../../services/deps";
import { swapForm } from "../../services/rotation/rotation-forms";
import { notice as rotationNotice } from "../../services/rotation/rotation-messages";
import { offerableShifts } from "../../services/rotation/shift-queries";
import { offerSwap, reassignShift, type SwapAnswer } from "../../services/rotation/swaps";
import type { Message } from "../message";
import type { ConversationRequest } from "./request";
import type { Reply } from "./forms";

const SHIFT = /^#?(\d{1,9})$/;

function answerOf(request: ConversationRequest, result: SwapAnswer): Message | undefined {
  return result.kind === "answer" ? rotationNotice(request.locale, result.text) : undefined;
}

/**
 * `rotation swap` alone: the swap form. `rotation swap #12`: offered to everyone who can take
 * it. `rotation swap #12 @colleague`: offered to them. Text after the shift that names
 * nobody the bot can find is refused rather than offered to all.
 */
export async function swapCommand(request: ConversationRequest, employee: Employee, text: string, entities: readonly unknown[]): Promise<Reply | undefined> {
  const { services, locale } = request;
  const tr = translator(locale);
  const [shiftWord, ...others] = request.people.argumentsOf(text);
  const shiftId = shiftWord === undefined ? undefined : Number(SHIFT.exec(shiftWord)?.[1] ?? NaN);
  if (shiftId === undefined) {
    const shifts = await offerableShifts(services, employee.id, new Date());
    if (shifts.length === 0) return rotationNotice(locale, tr("rotation.swap.noShifts"));
    return { form: swapForm(locale, shifts, employee.timezone ?? companyTimezone(services)) };
  }
  if (Number.isNaN(shiftId)) return rotationNotice(locale, tr("rotation.help"));
  const colleague = await request.people.colleagueIn(text, entities);
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
export async function assignCommand(request: ConversationRequest, employee: Employee, text: string, entities: readonly unknown[]): Promise<Message | undefined> {
  const { services, locale } = request;
  const [shiftWord] = request.people.argumentsOf(text);
  const shiftId = shiftWord === undefined ? undefined : SHIFT.exec(shiftWord)?.[1];
  const colleague = await request.people.colleagueIn(text, entities);
  if (shiftId === undefined || !colleague) return rotationNotice(locale, translator(locale)("rotation.assign.usage"));
  const result = await reassignShift(services, request.requestKey, {
    actorId: employee.id,
    shiftId: Number(shiftId),
    toEmployeeId: colleague.employee?.id,
    toName: colleague.name,
  });
  return answerOf(request, result);
}
