/**
 * The complaints behind a figure of the console (the week's repeats, the quarter's legal
 * threats, a theme's mentions): when, how, about what and how it ended, never who. Neither
 * the customer's hash nor the helpdesk's ticket number is read, and the text is shown as the
 * digest quotes it: emails, phone numbers, id and card numbers removed, and shortened.
 */
import { redactPersonalData } from "../../domain/personal-data";
import { truncate } from "../../domain/text-safety";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { ContactChannel } from "../../generated/prisma/enums";
import type { ComplaintFigure, ComplaintScope, Range } from "./complaint-trends";

/** A list shows this many, the latest first. */
export const BEHIND_PAGE = 100;
const EXCERPT_LENGTH = 280;

export interface BehindComplaint {
  receivedAt: Date;
  channel: ContactChannel;
  category: string | null;
  /** Without personal data, shortened. */
  excerpt: string;
  repeat: boolean;
  returned: boolean;
  credit: { amount: string; currency: string } | null;
  legalThreat: boolean;
  churnThreat: boolean;
  retained: boolean;
  reopened: boolean;
}

const FIGURE_WHERE: Record<ComplaintFigure, Prisma.ComplaintWhereInput> = {
  complaints: {},
  repeats: { repeatOfId: { not: null } },
  returned: { returned: true },
  credits: { creditAmount: { gt: 0 }, creditCurrency: { not: null } },
  legalThreats: { legalThreat: true },
  churnThreats: { churnThreat: true },
  retained: { retained: true },
};

export async function complaintsBehind(
  prisma: PrismaClient,
  request: { scope: ComplaintScope; range: Range; figure: ComplaintFigure; theme?: string },
): Promise<{ total: number; complaints: BehindComplaint[] }> {
  const where: Prisma.ComplaintWhereInput = {
    ...(request.scope.kind === "department" ? { departmentId: request.scope.id } : {}),
    receivedAt: { gte: request.range.from, lt: request.range.to },
    ...FIGURE_WHERE[request.figure],
    ...(request.theme ? { themes: { has: request.theme } } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.complaint.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: BEHIND_PAGE,
      select: {
        receivedAt: true,
        channel: true,
        category: true,
        text: true,
        repeatOfId: true,
        returned: true,
        creditAmount: true,
        creditCurrency: true,
        legalThreat: true,
        churnThreat: true,
        retained: true,
        reopened: true,
      },
    }),
    prisma.complaint.count({ where }),
  ]);
  return {
    total,
    complaints: rows.map((r) => ({
      receivedAt: r.receivedAt,
      channel: r.channel,
      category: r.category,
      excerpt: truncate(redactPersonalData(r.text), EXCERPT_LENGTH),
      repeat: r.repeatOfId !== null,
      returned: r.returned,
      credit: r.creditAmount !== null && r.creditCurrency !== null && r.creditAmount.gt(0) ? { amount: r.creditAmount.toFixed(2), currency: r.creditCurrency } : null,
      legalThreat: r.legalThreat,
      churnThreat: r.churnThreat,
      retained: r.retained,
      reopened: r.reopened,
    })),
  };
}
