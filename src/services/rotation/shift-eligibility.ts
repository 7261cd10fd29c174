/** Whether someone may take a stored shift, checked against the shifts around it. */
import type { Organisation } from "../../config/organisation";
import { whyCannotTake, type TakeRefusal } from "../../domain/rotation/eligibility";
import type { AssignmentInput } from "../../domain/rotation/types";
import type { Tx } from "../deps";
import { addDays, closedDates, localDate, plannerRules, plannerTemplates } from "./rotation-calendar";
import { assignmentOf, loadPeople, loadShifts } from "./rotation-input";
import { eachDate } from "../../domain/holidays";

/** A week either side covers the rest and weekly-maximum rules. */
const AROUND_DAYS = 8;

export async function refusalToTake(
  tx: Tx,
  organisation: Organisation,
  shift: { id: number; startsAt: Date; templateKey: string },
  personId: number,
): Promise<TakeRefusal | undefined> {
  const date = localDate(shift.startsAt, organisation.company.timezone);
  const from = addDays(date, -AROUND_DAYS);
  const to = addDays(date, AROUND_DAYS);
  const people = await loadPeople(tx, organisation, from, to);
  const assigned = (await loadShifts(tx, organisation, from, to))
    .filter((s) => s.id !== shift.id)
    .map(assignmentOf)
    .filter((a): a is AssignmentInput => a !== undefined);
  return whyCannotTake(
    {
      dates: eachDate(from, to),
      workWeek: organisation.company.workWeek,
      holidays: [...closedDates(organisation, from, to).keys()],
      templates: plannerTemplates(organisation),
      rules: plannerRules(organisation),
      people: people.people,
      assigned,
    },
    personId,
    { date, templateId: shift.templateKey },
  );
}
