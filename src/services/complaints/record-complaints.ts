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
 * not know (or no longer has) is not an error: the complaint is stored without a department
 * and a warning says so.
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
    const keys = [...new Set(unique.flatMap(({ complaint }) => (complaint.departmentKey ? [complaint.departmentKey] : [])))];
    const found = keys.length
      ? await tx.department.findMany({ where: { key: { in: keys }, active: true }, select: { id: true, key: true } })
      : [];
    const departments = new Map(found.map((d) => [d.key, d.id]));
    const rows = await tx.complaint.createManyAndReturn({
      data: unique.map(({ complaint: c }) => {
        const departmentId = c.departmentKey ? departments.get(c.departmentKey) : undefined;
        return {
          externalId: c.externalId,
          receivedAt: c.receivedAt,
          channel: c.channel,
          category: c.category ?? null,
          departmentId: departmentId ?? null,
          attributedBy: departmentId ? ("SENDER" as const) : ("NONE" as const),
          text: c.text,
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
      select: { externalId: true },
    });
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
        message: `unknown department "${complaint.departmentKey}"; stored without a department`,
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
