import { attribute, compileAttribution, type AttributionRule, type CompiledAttribution } from "../../domain/complaints/attribution";
import { findRepeatOf, REPEAT_WINDOW_DAYS } from "../../domain/complaints/repeats";
import { themesOf } from "../../domain/complaints/themes";
import { searchTermsOf } from "../../domain/similarity";
import type { Prisma } from "../../generated/prisma/client";
import type { ServiceDeps } from "../deps";
import type { ComplaintInput } from "./complaint-input";

export interface ComplaintWarning {
  id: string;
  path: string;
  message: string;
}

export interface RecordedComplaints {
  stored: number;
  /** Sender ids already stored (or repeated within the batch): nothing was changed for them. */
  duplicates: string[];
  warnings: ComplaintWarning[];
}

/**
 * Stores complaints in one transaction, idempotent on the sender's id: an id already stored,
 * or repeated in the same batch, is skipped and reported as a duplicate (the first one
 * wins; an existing complaint is never overwritten). A department key the organisation does
 * not know (or no longer has) is not an error: the complaint is attributed by the rules
 * instead, and a warning says so. Without a department from the sender, the departments'
 * rules decide; a complaint no rule claims waits in the unassigned queue. A complaint from
 * a customer who complained of something similar within 30 days is linked to the first one.
 */
export async function recordComplaints(
  deps: Pick<ServiceDeps, "prisma" | "logger">,
  complaints: readonly ComplaintInput[],
  hashCustomer: (reference: string) => string,
  /** Where each complaint sits in the request, for warnings ("complaints[3]"). */
  paths: readonly string[] = [],
): Promise<RecordedComplaints> {
  const seen = new Set<string>();
  const unique: { complaint: ComplaintInput; path: string }[] = [];
  const duplicates: string[] = [];
  complaints.forEach((complaint, i) => {
    if (seen.has(complaint.externalId)) duplicates.push(complaint.externalId);
    else {
      seen.add(complaint.externalId);
      unique.push({ complaint, path: paths[i] ?? "" });
    }
  });

  const { inserted, departments } = await deps.prisma.$transaction(async (tx) => {
    const { departments, rules } = await attributionOf(tx);
    const rows = await tx.complaint.createManyAndReturn({
      data: unique.map(({ complaint: c }) => {
        const sent = c.departmentKey ? departments.get(c.departmentKey) : undefined;
        const ruled = sent === undefined ? attribute(rules, c.text, c.category) : undefined;
        const departmentId = sent ?? (ruled ? departments.get(ruled.departmentKey) : undefined);
        return {
          externalId: c.externalId,
          receivedAt: c.receivedAt,
          channel: c.channel,
          category: c.category ?? null,
          departmentId: departmentId ?? null,
          attributedBy: sent !== undefined ? ("SENDER" as const) : departmentId !== undefined ? ("RULE" as const) : ("NONE" as const),
          text: c.text,
          terms: searchTermsOf(c.category ? `${c.category} ${c.text}` : c.text),
          themes: themesOf(c.text),
          customerHash: c.customer ? hashCustomer(c.customer) : null,
          returned: c.returned,
          creditAmount: c.credit?.amount ?? null,
          creditCurrency: c.credit?.currency ?? null,
          legalThreat: c.legalThreat,
          churnThreat: c.churnThreat,
          retained: c.retained,
          reopened: c.reopened,
        };
      }),
      skipDuplicates: true,
      select: { id: true, externalId: true, customerHash: true, receivedAt: true },
    });
    await linkRepeats(tx, rows.flatMap((r) => (r.customerHash ? [{ ...r, customerHash: r.customerHash }] : [])));
    return { inserted: new Set(rows.map((r) => r.externalId)), departments };
  });

  const warnings: ComplaintWarning[] = [];
  for (const { complaint, path } of unique) {
    if (!inserted.has(complaint.externalId)) {
      duplicates.push(complaint.externalId);
      continue;
    }
    if (complaint.departmentKey && !departments.has(complaint.departmentKey)) {
      warnings.push({
        id: complaint.externalId,
        path: path ? `${path}.department` : "department",
        message: `unknown department "${complaint.departmentKey}"; attributed by the departments' rules instead`,
      });
    }
  }
  const result = { stored: inserted.size, duplicates, warnings };
  // Counts only: never the texts, the customer references or the secret.
  deps.logger.info(
    { received: complaints.length, stored: result.stored, duplicates: duplicates.length, warnings: warnings.length },
    "Complaints received",
  );
  return result;
}

let compiledCache: { signature: string; compiled: CompiledAttribution } | undefined;

/** Active departments by key, and their rules compiled (once while they stay the same). */
async function attributionOf(tx: Prisma.TransactionClient): Promise<{ departments: Map<string, number>; rules: CompiledAttribution }> {
  const found = await tx.department.findMany({
    where: { active: true },
    select: { id: true, key: true, complaintKeywords: true, complaintPatterns: true },
    orderBy: { id: "asc" },
  });
  const rules: AttributionRule[] = found.map((d) => ({ departmentKey: d.key, keywords: d.complaintKeywords, patterns: d.complaintPatterns }));
  const signature = JSON.stringify(rules);
  if (compiledCache?.signature !== signature) compiledCache = { signature, compiled: compileAttribution(rules) };
  return { departments: new Map(found.map((d) => [d.key, d.id])), rules: compiledCache.compiled };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Links each new complaint to the first of a similar one's chain from the same customer in
 * the 30 days before it, the batch's own earlier complaints included. Complaints stored
 * earlier are never re-linked, even when one arrives late that precedes them.
 */
async function linkRepeats(
  tx: Prisma.TransactionClient,
  inserted: readonly { id: number; customerHash: string; receivedAt: Date }[],
): Promise<void> {
  if (inserted.length === 0) return;
  const hashes = [...new Set(inserted.map((c) => c.customerHash))];
  const newIds = new Set(inserted.map((c) => c.id));
  const times = inserted.map((c) => c.receivedAt.getTime());
  const window = await tx.complaint.findMany({
    where: {
      customerHash: { in: hashes },
      receivedAt: { gte: new Date(Math.min(...times) - REPEAT_WINDOW_DAYS * DAY_MS), lte: new Date(Math.max(...times)) },
    },
    select: { id: true, customerHash: true, receivedAt: true, repeatOfId: true, terms: true, category: true },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
  });
  const byCustomer = new Map<string | null, typeof window>();
  for (const complaint of window) {
    const history = byCustomer.get(complaint.customerHash);
    if (history) history.push(complaint);
    else byCustomer.set(complaint.customerHash, [complaint]);
  }
  const links: { id: number; repeatOfId: number }[] = [];
  for (const history of byCustomer.values()) {
    const earlier: (typeof history)[number][] = [];
    for (const complaint of history) {
      if (newIds.has(complaint.id)) {
        const since = complaint.receivedAt.getTime() - REPEAT_WINDOW_DAYS * DAY_MS;
        const repeatOfId = findRepeatOf(complaint, earlier.filter((e) => e.receivedAt.getTime() >= since));
        if (repeatOfId !== undefined) {
          complaint.repeatOfId = repeatOfId;
          links.push({ id: complaint.id, repeatOfId });
        }
      }
      earlier.push(complaint);
    }
  }
  if (links.length === 0) return;
  await tx.$executeRaw`
    UPDATE complaints SET repeat_of_id = l.repeat_of_id
    FROM jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ id: l.id, repeat_of_id: l.repeatOfId })))}::jsonb)
      AS l(id int, repeat_of_id int)
    WHERE complaints.id = l.id`;
}
