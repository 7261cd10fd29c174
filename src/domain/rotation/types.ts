/**
 * Input and output of the support-line rotation planner. Plain data only, so that the
 * planner stays pure: the same input always yields the same plan.
 *
 * Dates are calendar dates "YYYY-MM-DD" and times are local wall-clock "HH:MM" in the
 * company's time zone; the planner does not look at time zones (a DST change inside a
 * rest period can make that rest one hour longer or shorter than computed).
 */
/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = number;

export interface ShiftTemplate {
  id: string;
  /** ISO weekdays the shift runs on; it only runs on days that are also in the work week. */
  weekdays: IsoWeekday[];
  /** "HH:MM"; when `end` is not after `start` the shift ends the next day. */
  start: string;
  end: string;
  seats: number;
  /** Every person on this shift must speak this language. */
  language?: string;
  /** Every person on this shift must have this skill. */
  skill?: string;
}

export interface DateRange {
  /** Inclusive. */
  from: string;
  /** Inclusive. */
  to: string;
}

export interface Person {
  id: number;
  departmentId: number;
  /** 1 = full time; 0 or less = never scheduled. */
  fte: number;
  /** First working day; nobody is scheduled before it. */
  startDate?: string;
  languages?: string[];
  skills?: string[];
  absences: DateRange[];
}

export interface PlannerRules {
  /** Highest share (0..1) of one shift's seats that one department may hold; at least one seat is always allowed. */
  departmentCap: number;
  /** Minimum hours between the end of one shift and the start of the next for the same person. */
  minRestHours: number;
  /** Maximum shifts per person per company week (the week starts on the first day of the work week). */
  maxShiftsPerWeek: number;
  /**
   * People whose start date is at most this many days before a shift are onboarding on it: they
   * hold no seat of it (they are not yet coverage) and sit beside an experienced colleague on an
   * extra seat instead (onboarding.ts).
   */
  onboardingDays: number;
  /** Onboarding shifts a newcomer is given on each working day of their onboarding days; 1 when absent. */
  onboardingShiftsPerDay?: number;
  /** Hours of a working day, to turn `share` into target hours; 8 when absent. */
  workHoursPerDay?: number;
}

export interface HistoryEntry {
  workedHours: number;
  targetHours: number;
}

export interface Assignment {
  date: string;
  templateId: string;
  /** 0-based seat index within the shift. */
  seat: number;
  personId: number;
  /** The person is onboarding on this shift. */
  onboarding: boolean;
  /** The experienced colleague on the same shift paired with an onboarding person (their mentor). */
  buddyId?: number;
  /** Published: the planner never moves or removes it. */
  pinned: boolean;
}

/** What an assignment key needs; pinned and previous assignments may be given in this shorter form. */
export type AssignmentInput = Pick<Assignment, "date" | "templateId" | "seat" | "personId"> & Partial<Assignment>;

export interface PlannerInput {
  /** The horizon's calendar dates, YYYY-MM-DD. */
  dates: string[];
  /** ISO weekdays of the company work week, e.g. Sunday–Thursday = [7, 1, 2, 3, 4]. */
  workWeek: IsoWeekday[];
  /** Holidays and closures: no shifts on these dates. */
  holidays: readonly string[];
  templates: ShiftTemplate[];
  people: Person[];
  /** Share of working time spent on the support line, e.g. 0.1. */
  share: number;
  rules: PlannerRules;
  /** Hours worked and owed before this horizon, by person id. */
  history: Record<number, HistoryEntry>;
  /**
   * Published assignments: kept as they are. An onboarding shift (`onboarding: true` on a seat
   * beyond the template's seats) is kept as an extra seat beside its mentor.
   */
  pinned: AssignmentInput[];
  /** The last plan; its assignments are kept where still valid so that re-planning changes little. */
  previous?: AssignmentInput[];
}

/** Why one person cannot take one seat; the order is from most to least fundamental. */
export type BlockReason =
  | "inactive" // fte 0 or not started yet
  | "no-language-or-skill"
  | "absent"
  | "overlap" // already on this or an overlapping shift
  | "rest"
  | "weekly-max"
  | "department-cap";

export type UnfilledReason =
  | "holiday"
  /** Nobody in the organisation has the shift's language or skill. */
  | "no-language-or-skill"
  /** Every qualified person is blocked for the same reason. */
  | Exclude<BlockReason, "inactive" | "no-language-or-skill">
  /** Qualified people are blocked for different reasons (see `blockers`), or there is nobody. */
  | "nobody-available";

export interface UnfilledSeat {
  date: string;
  templateId: string;
  seat: number;
  reason: UnfilledReason;
  /** Who was considered and why each could not take the seat. */
  blockers: Partial<Record<BlockReason, number[]>>;
}

export interface PlanWarning {
  kind: "pinned-dropped" | "no-buddy";
  date: string;
  templateId: string;
  personId: number;
  message: string;
}

export interface PlanResult {
  /** The seats of the shifts (coverage). Sorted by date, shift start, template id, seat. */
  assignments: Assignment[];
  /**
   * Newcomers' onboarding shifts: extra seats (numbered after the template's seats) beside a
   * mentor who holds a seat of that shift; they are not coverage and count for nobody's hours.
   * Sorted by date, shift start, template id, seat.
   */
  onboarding: Assignment[];
  unfilled: UnfilledSeat[];
  /** Hours in this horizon: planned, and the share-based target (excluding absences). */
  hours: Record<number, { planned: number; target: number }>;
  warnings: PlanWarning[];
  /** How good the plan is, and how good any plan could be (quality.ts). */
  quality: PlanQuality;
}

/** How good a plan is against lower bounds that no plan can beat (quality.ts). */
export interface PlanQuality {
  coverage: {
    /** Seats filled and seats of the horizon, holidays aside. */
    filled: number;
    seats: number;
    /** No plan keeping the pinned shifts fills more. */
    bound: number;
  };
  /** Largest |planned − owed| over the active people, hours; no plan at this coverage does better than `bound`. */
  worstDeviation: { hours: number; bound: number };
  /** Σ (planned − owed)², hours²; no plan at this coverage does better than `bound`. */
  sumOfSquares: { hours: number; bound: number };
}
