/** The rotation's part of the App Home tab: my next shifts, at a glance. */
import type { Block } from "../../chat/message";
import { translator, type Locale } from "../../i18n";
import type { ServiceDeps } from "../deps";
import { shiftLabel } from "./rotation-messages";
import { myShifts } from "./shift-queries";

const ON_HOME = 5;

export async function homeShiftBlocks(deps: Pick<ServiceDeps, "prisma">, employeeId: number, locale: Locale, zone: string, now: Date = new Date()): Promise<Block[]> {
  const tr = translator(locale);
  const shifts = (await myShifts(deps, employeeId, now)).slice(0, ON_HOME);
  const lines = shifts.map((s) => `• ${shiftLabel(s, locale, zone)}${s.status === "PLANNED" ? ` ${tr("rotation.draft")}` : ""}`);
  return [
    { type: "header", text: tr("rotation.mine.header") },
    { type: "section", text: lines.length > 0 ? lines.join("\n") : tr("rotation.mine.none") },
    { type: "context", text: tr("rotation.mine.swapHint") },
  ];
}
