import type { Block, Message, Text } from "../../chat/message";
import { translator, type Locale, textDirection } from "../../i18n";
import type { ServiceDeps } from "../deps";
import { notifyPerson, type Addressable } from "../notify";
import type { ComplaintInput } from "./complaint-input";
import { recordComplaints } from "./record-complaints";

export interface LoggedComplaint {
  /** The complaint's number. */
  id: number;
  /** False when this submission had been stored already (a platform retry): nothing new was stored. */
  stored: boolean;
  /** A customer reference was given but not kept: no secret to hash it with. */
  customerDropped: boolean;
}

/** A short answer in the person's language. */
export function complaintNotice(locale: Locale, text: Text, more: Text[] = []): Message {
  const blocks: Block[] = [{ type: "section", text }, ...more.map((line): Block => ({ type: "context", text: line }))];
  return { direction: textDirection(locale), summary: text, blocks };
}

/** "Complaint #12 is logged", and why the customer reference was not kept when it was not. */
export function complaintLoggedMessage(locale: Locale, logged: Pick<LoggedComplaint, "id" | "customerDropped">): Message {
  const tr = translator(locale);
  return complaintNotice(locale, tr("complaintForm.logged", { number: logged.id }), logged.customerDropped ? [tr("complaintForm.customerDropped")] : []);
}

/**
 * Logs a complaint an employee heard from a customer, through the same recording as the
 * webhook and the CSV import: idempotent on `input.externalId`, so a platform retry of the
 * submission stores nothing twice and gets the same number back. The customer reference is
 * kept only as a keyed hash; without a hasher (COMPLAINTS_WEBHOOK_SECRET unset) it is dropped,
 * never stored as written. The person is told by direct message, once.
 */
export async function logComplaint(
  deps: ServiceDeps,
  reporter: Addressable & { id: number },
  input: ComplaintInput,
  hashCustomer: ((reference: string) => string) | undefined,
): Promise<LoggedComplaint> {
  const customerDropped = input.customer !== undefined && !hashCustomer;
  const complaint: ComplaintInput = customerDropped ? { ...input, customer: undefined } : input;
  const recorded = await recordComplaints(deps, [complaint], (reference) => {
    if (!hashCustomer) throw new Error("No customer hasher: the reference should have been dropped");
    return hashCustomer(reference);
  });
  const row = await deps.prisma.complaint.findUniqueOrThrow({ where: { externalId: input.externalId }, select: { id: true } });
  const logged: LoggedComplaint = { id: row.id, stored: recorded.stored === 1, customerDropped };
  // Enqueued on a retry too (the first attempt may have stopped before it); the key keeps it to one message.
  await notifyPerson(deps.prisma, deps, reporter, `complaint:${row.id}:logged`, (locale) => complaintLoggedMessage(locale, logged));
  deps.outboxKick();
  deps.logger.info({ complaint: row.id, by: reporter.id, stored: logged.stored, customerDropped }, "Complaint logged from a form");
  return logged;
}
