/**
 * Twelve weeks of sample data for the demo (`npm run demo`), on a fresh database right after
 * examples/org.yml was imported: ideas in every status, service stories with reactions and
 * stories of the week, a few hundred complaints in Hebrew and English with repeats, outcomes
 * and a spike, the support-line rotation with swaps, and the weekly digests those weeks posted.
 *
 * Everything goes through the services the bot itself uses, replayed in time order as if the
 * bot had run for those twelve weeks: each scheduled job (rotation, story of the week, digests)
 * runs at its own moment, and each person's action at a plausible working hour. Services that
 * take a moment (`now`) are given it; for the others the rows they wrote are back-dated right
 * after the call. What they queue for chat (review cards, stories, digests, direct messages) is
 * left in the outbox, for the platforms in `services.platforms`, to be delivered when the bot runs.
 *
 * Deterministic: a seeded generator decides everything, so the same `now` gives the same data.
 */
import { DateTime } from "luxon";
import { IDEA_STATUSES, type IdeaStatus } from "../domain/idea-lifecycle";
import { nextOccurrence, runKeyFor } from "../domain/recurrence";
import { digestPeriod } from "../domain/complaints/digest-period";
import type { ContactChannel, SwapStatus } from "../generated/prisma/enums";
import { companySchedule, dueAt, scheduledDepartments } from "../services/complaints/weekly-digest";
import { departmentFigures } from "../services/complaints/digest-figures";
import { WeeklyDigests } from "../services/complaints/digest-task";
import type { ComplaintInput } from "../services/complaints/complaint-input";
import { customerHasher } from "../services/complaints/customer-hash";
import { logComplaint } from "../services/complaints/log-complaint";
import { moveComplaint } from "../services/complaints/complaint-moves";
import { recordComplaints } from "../services/complaints/record-complaints";
import type { ServiceDeps } from "../services/deps";
import { askForDetails, decideIdea, replyWithDetails, type Decision } from "../services/ideas/decide-idea";
import { submitIdea } from "../services/ideas/submit-idea";
import { voteOnIdea } from "../services/ideas/vote-idea";
import type { PlatformName } from "../services/outbox";
import { recordAbsence } from "../services/rotation/absences";
import { addDays, localDate } from "../services/rotation/rotation-calendar";
import { rotationJob } from "../services/rotation/rotation-job";
import { publishRotation } from "../services/rotation/rotation-publish";
import { refusalToTake } from "../services/rotation/shift-eligibility";
import { loadShiftViews, type ShiftView } from "../services/rotation/shift-views";
import { offerSwap, respondToSwap } from "../services/rotation/swaps";
import { decideStory } from "../services/stories/curate-story";
import { nextStoryOfWeekMoment, StoryOfTheWeek } from "../services/stories/story-of-week";
import { recordStoryReaction } from "../services/stories/story-reactions";
import { submitStory } from "../services/stories/submit-story";

export interface SampleDataOptions {
  /** The end of the twelve weeks: everything happens before it. */
  now: Date;
  /**
   * Hashes customer references as the complaint webhook does (COMPLAINTS_WEBHOOK_SECRET).
   * Default: a hasher under a fixed demo secret, so no reference is ever stored as written.
   */
  hashCustomer?: (reference: string) => string;
}

export interface SampleDataSummary {
  /** The twelve weeks: [from, now). */
  from: Date;
  now: Date;
  ideas: Record<IdeaStatus, number> & { total: number; votes: number; comments: number };
  stories: { published: number; awaitingCurator: number; declined: number; reactions: number; storiesOfTheWeek: string[] };
  complaints: {
    total: number;
    hebrew: number;
    english: number;
    /** By department key; "unassigned" for those still waiting for a manager to sort them. */
    byDepartment: Record<string, number>;
    /** Complaints linked to an earlier one of the same customer. */
    repeats: number;
    returned: number;
    /** Credits issued, one total per currency, as decimal strings. */
    credits: Record<string, string>;
    legalThreats: number;
    churnThreats: number;
    retained: number;
    reopened: number;
    /** Moved to their department by a manager. */
    moved: number;
    /** The week one department's complaints jumped, as its digest computes it. */
    spike: { department: string; isoWeek: string; complaints: number; flagged: boolean };
  };
  shifts: { published: number; planned: number; cancelled: number };
  swaps: Record<SwapStatus, number> & { total: number };
  absences: number;
  /** Weekly digests queued (department and company views). */
  digests: number;
}

/** The demo secret the default customer hasher is keyed with. */
const DEMO_CUSTOMER_SECRET = "service-culture-demo-sample-data";
/** Written to job_runs.claimed_by for the jobs replayed here. */
const INSTANCE = "sample-data";
const WEEKS = 12;
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

// ------------------------------------------------------------------------------- randomness

/** mulberry32: small, fast and the same everywhere. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }
  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, Math.max(0, count));
  }
}

// ------------------------------------------------------------------------------- context

interface Person {
  id: number;
  key: string;
  name: string;
  departmentId: number | null;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
  startDate: Date | null;
}

interface Context {
  deps: ServiceDeps;
  now: Date;
  /** The first instant of the twelve weeks. */
  from: Date;
  /** When the organisation "was installed": a day before the twelve weeks. */
  installedAt: Date;
  zone: string;
  workWeek: readonly number[];
  rng: Rng;
  people: Map<string, Person>;
  departments: Map<string, number>;
  hash: (reference: string) => string;
}

/** The people of examples/org.yml, by the part of their email before the @. */
const EXAMPLE_PEOPLE = ["dana", "moshe", "rivka", "yossi", "noa", "daniel", "michal", "omer", "shira", "avi", "tamar", "ahmad"] as const;
type Who = (typeof EXAMPLE_PEOPLE)[number];
const EXAMPLE_DEPARTMENTS = ["billing", "marketing", "support", "stores"] as const;
type DepartmentKey = (typeof EXAMPLE_DEPARTMENTS)[number];

function person(ctx: Context, who: Who): Person {
  const found = ctx.people.get(who);
  if (!found) throw new Error(`Sample data expects the example organisation: ${who}@acme.example is missing`);
  return found;
}

/** Whether someone already worked here at `at` (new hires act only from their start date on). */
function employed(p: Person, at: Date): boolean {
  return !p.startDate || p.startDate.getTime() <= at.getTime() - DAY_MS;
}

/** Local time in the company's zone, `daysAgo` days before today at `hour`:`minute`. */
function localAt(ctx: Context, daysAgo: number, hour: number, minute = 0): Date {
  return DateTime.fromJSDate(ctx.now, { zone: ctx.zone })
    .startOf("day")
    .minus({ days: daysAgo })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toJSDate();
}

/** The same, moved to an earlier working day of the company when it falls on a weekend. */
function workdayAt(ctx: Context, daysAgo: number, hour: number, minute = 0): Date {
  let days = daysAgo;
  while (!ctx.workWeek.includes(DateTime.fromJSDate(localAt(ctx, days, 12), { zone: ctx.zone }).weekday)) days++;
  return localAt(ctx, days, hour, minute);
}

/**
 * The moment `afterHours` after `previous`, moved into working hours (09:00-18:00 on a
 * working day); always after `previous` and before `now`.
 */
function laterAt(ctx: Context, previous: Date, afterHours: number): Date {
  let at = DateTime.fromJSDate(new Date(previous.getTime() + afterHours * HOUR_MS), { zone: ctx.zone });
  for (let i = 0; i < 14; i++) {
    if (!ctx.workWeek.includes(at.weekday) || at.hour >= 18) at = at.plus({ days: 1 }).set({ hour: 9, minute: 10 + ((at.minute * 7) % 40) });
    else if (at.hour < 9) at = at.set({ hour: 9, minute: 5 + (at.minute % 50) });
    else break;
  }
  const candidate = at.toJSDate();
  if (candidate < ctx.now) return candidate;
  // Too close to now: halfway between the previous step and now.
  return new Date(previous.getTime() + (ctx.now.getTime() - previous.getTime()) / 2);
}

// ------------------------------------------------------------------------------- timeline

/** Steps run in time order; steps at the same moment in the order they were added. */
class Timeline {
  private readonly steps: { at: number; order: number; run: () => Promise<void> }[] = [];
  add(at: Date, run: () => Promise<void>): void {
    this.steps.push({ at: at.getTime(), order: this.steps.length, run });
  }
  async run(): Promise<void> {
    for (const step of [...this.steps].sort((a, b) => a.at - b.at || a.order - b.order)) await step.run();
  }
}

// ------------------------------------------------------------------------------- ideas

type IdeaStep =
  | { kind: "approve"; by: Who; after: number; owner?: Who; targetDays: number; note?: string }
  | { kind: "start"; by: Who; after: number; note?: string }
  | { kind: "done"; by: Who; after: number; note?: string }
  | { kind: "reject"; by: Who; after: number; note: string }
  | { kind: "merge"; by: Who; after: number; into: string; note?: string }
  | { kind: "ask"; by: Who; after: number; text: string }
  | { kind: "reply"; after: number; text: string };

interface IdeaSpec {
  key: string;
  by: Who;
  department?: DepartmentKey;
  anonymous?: boolean;
  title: string;
  problem?: string;
  proposal?: string;
  daysAgo: number;
  hour: number;
  votes: number;
  /** Hours after the step before (the first: after submission). */
  steps: IdeaStep[];
}

const IDEAS: IdeaSpec[] = [
  {
    key: "invoice-email",
    by: "moshe",
    department: "billing",
    title: "חשבונית במייל מיד אחרי כל חיוב",
    problem: "לקוחות מתקשרים לבקש עותק של החשבונית, בערך עשר שיחות ביום, וכל שיחה כזו היא כמה דקות של חיפוש במערכת.",
    proposal: "לשלוח את החשבונית אוטומטית למייל של הלקוח ברגע שהחיוב עובר, עם קישור להורדה חוזרת מהאזור האישי.",
    daysAgo: 80,
    hour: 10,
    votes: 6,
    steps: [
      { kind: "approve", by: "dana", after: 26, owner: "moshe", targetDays: 30, note: "מעולה. נתחיל בלקוחות הפרטיים ואחר כך העסקיים." },
      { kind: "start", by: "moshe", after: 70 },
      { kind: "done", by: "moshe", after: 24 * 20, note: "עלה לאוויר בתחילת החודש. השיחות על עותקי חשבונית ירדו בחצי." },
    ],
  },
  {
    key: "callback",
    by: "omer",
    department: "support",
    title: "שיחה חוזרת במקום המתנה על הקו",
    problem: "בשעות העומס לקוחות מחכים על הקו יותר מרבע שעה, הרבה מהם מנתקים ומתקשרים שוב, וזה רק מאריך את התור.",
    proposal: "להוסיף לתפריט הטלפוני אפשרות 'נחזור אליך' ששומרת את המקום בתור, ולחזור ללקוחות לפי הסדר.",
    daysAgo: 74,
    hour: 11,
    votes: 7,
    steps: [
      { kind: "approve", by: "michal", after: 50, owner: "omer", targetDays: 75, note: "מאושר. עומר, תבדוק עם ספק המרכזייה מה זה עולה." },
      { kind: "start", by: "omer", after: 24 * 9, note: "הספק אישר, ההגדרה מתחילה השבוע." },
    ],
  },
  {
    key: "returns-desk",
    by: "tamar",
    department: "stores",
    title: "עמדת החזרות מהירה ליד הקופות",
    problem: "בסופי שבוע התור בקופה מתארך בגלל החזרות, ולקוחות שבאו רק לשלם מחכים מאחורי החזרה של עשר דקות.",
    proposal: "לייחד עמדה אחת להחזרות ולהחלפות בשעות העומס, עם שלט ברור בכניסה.",
    daysAgo: 33,
    hour: 16,
    votes: 5,
    steps: [{ kind: "approve", by: "avi", after: 40, owner: "avi", targetDays: 40, note: "נתחיל בסניף רמת גן ונבדוק אחרי חודש." }],
  },
  {
    key: "promo-terms",
    by: "daniel",
    department: "marketing",
    title: "Put the end date and exclusions in every promotion email",
    problem:
      "Customers read 'up to 50% off' in the email, come to a store after the promotion ended or with an excluded item, and the store team takes the complaint.",
    proposal: "Every campaign email and banner gets the end date and a one-line list of exclusions above the fold. I can make the template.",
    daysAgo: 58,
    hour: 14,
    votes: 5,
    steps: [
      { kind: "approve", by: "yossi", after: 20, owner: "daniel", targetDays: 45, note: "Yes please. Start with the Black Friday emails." },
      { kind: "start", by: "daniel", after: 30 },
    ],
  },
  {
    key: "reply-templates",
    by: "shira",
    department: "support",
    title: "תבניות תשובה לשאלות הנפוצות, בעברית ובאנגלית",
    problem: "כל נציג כותב מחדש את אותן תשובות על משלוחים, החזרות וחשבוניות, והניסוח והמידע לא אחידים.",
    proposal: "ספריית תבניות משותפת בכלי הצ'אט: עשרים התשובות הנפוצות בשתי השפות, עם עדכון פעם בחודש.",
    daysAgo: 77,
    hour: 9,
    votes: 6,
    steps: [
      { kind: "approve", by: "michal", after: 22, owner: "shira", targetDays: 30 },
      { kind: "start", by: "shira", after: 24 },
      { kind: "done", by: "shira", after: 24 * 16, note: "הספרייה פעילה עם 24 תבניות. תודה לכל מי שכתב!" },
    ],
  },
  {
    key: "fee-in-cart",
    by: "rivka",
    department: "billing",
    title: "להציג דמי משלוח כבר בעגלה",
    problem: "לקוחות מגלים את דמי המשלוח רק בעמוד התשלום ומתקשרים לטעון שחויבו בלי לדעת. זה הנושא הראשון בתלונות שמגיעות לחשבונות.",
    proposal: "להציג בעגלה את דמי המשלוח המדויקים לפי הכתובת, וכמה חסר עד למשלוח חינם.",
    daysAgo: 12,
    hour: 10,
    votes: 9,
    steps: [],
  },
  {
    key: "store-pickup",
    by: "ahmad",
    department: "stores",
    title: "איסוף עצמי מהסניף להזמנות מהאתר",
    problem: "לקוחות שגרים ליד הסניף שואלים למה הם צריכים לשלם דמי משלוח ולחכות שלושה ימים למוצר שנמצא אצלנו על המדף.",
    proposal: "אפשרות 'איסוף מהסניף' באתר, הודעה ללקוח כשההזמנה מוכנה, ומדף ייעודי ליד הקופות.",
    daysAgo: 9,
    hour: 13,
    votes: 4,
    steps: [{ kind: "ask", by: "avi", after: 28, text: "רעיון טוב. באילו סניפים זה יעבוד, וכמה מקום צריך במחסן לשבוע של הזמנות?" }],
  },
  {
    key: "popup-coupon",
    by: "noa",
    department: "marketing",
    title: "חלון קופץ עם קוד הנחה בכל כניסה לאתר",
    proposal: "חלון קטן עם עשרה אחוזים הנחה על הקנייה הראשונה, למי שנכנס לאתר בפעם הראשונה.",
    daysAgo: 24,
    hour: 12,
    votes: 2,
    steps: [
      {
        kind: "reject",
        by: "yossi",
        after: 30,
        note: "ניסינו ברבעון שעבר: ההמרה לא עלתה, ולקוחות התלוננו שהחלון מסתיר את התפריט בטלפון. נחזור לזה אם יהיה מבחן A/B מסודר.",
      },
    ],
  },
  {
    key: "hold-callback",
    by: "daniel",
    department: "support",
    title: "Offer a call back instead of hold music",
    problem: "Hold times at lunchtime go past 15 minutes; people hang up and call again, which makes the queue longer.",
    proposal: "A 'we'll call you back' option in the phone menu that keeps the caller's place in the queue.",
    daysAgo: 70,
    hour: 15,
    votes: 3,
    steps: [{ kind: "merge", by: "michal", after: 30, into: "callback", note: "Same idea as Omer's call-back queue, already approved: your votes count there now." }],
  },
  {
    key: "refund-status",
    by: "moshe",
    department: "billing",
    title: "עמוד סטטוס להחזר כספי",
    problem: "רוב השיחות אחרי החזרה הן 'מתי אקבל את הכסף', ואין לנציג תשובה טובה יותר מ'עד ארבעה עשר ימי עסקים'.",
    proposal: "עמוד באזור האישי שמראה באיזה שלב ההחזר: התקבל, אושר, הועבר לחברת האשראי.",
    daysAgo: 19,
    hour: 9,
    votes: 5,
    steps: [],
  },
  {
    key: "whats-new",
    by: "michal",
    department: "support",
    title: "עמוד 'מה חדש השבוע' לכל מי שעולה למשמרת בקו",
    problem: "שינויים במבצעים ובמדיניות ההחזרות מגיעים לנציגים במיילים מפוזרים, ולקוחות יודעים עליהם לפנינו.",
    proposal: "עמוד אחד מעודכן עם חמשת השינויים של השבוע, שכל מי שעולה למשמרת בקו קורא בחמש הדקות הראשונות.",
    daysAgo: 52,
    hour: 17,
    votes: 6,
    steps: [
      { kind: "approve", by: "dana", after: 20, owner: "michal", targetDays: 30 },
      { kind: "start", by: "michal", after: 50 },
    ],
  },
  {
    key: "holiday-hours",
    by: "tamar",
    department: "stores",
    title: "שלט שעות פתיחה בחגים בכל סניף",
    problem: "לפני כל חג מתקשרים עשרות לקוחות לשאול מתי הסניף פתוח, והשעות באתר לא תמיד מעודכנות.",
    proposal: "שלט בכניסה, ועדכון באתר ובגוגל שבוע לפני כל חג, באחריות מנהל הסניף.",
    daysAgo: 82,
    hour: 12,
    votes: 4,
    steps: [
      { kind: "approve", by: "avi", after: 6, owner: "tamar", targetDays: 14 },
      { kind: "start", by: "tamar", after: 20 },
      { kind: "done", by: "tamar", after: 24 * 8, note: "תלוי בכל הסניפים לקראת החגים, והאתר מתעדכן מאותה טבלה." },
    ],
  },
  {
    key: "one-question-survey",
    by: "yossi",
    department: "marketing",
    title: "סקר של שאלה אחת אחרי כל פנייה",
    problem: "אנחנו יודעים כמה תלונות יש, אבל לא כמה לקוחות יצאו מרוצים מהפנייה.",
    proposal: "הודעה קצרה אחרי כל שיחה או צ'אט: 'עד כמה עזרנו לך?' מאחת עד חמש, בלי שאלות נוספות.",
    daysAgo: 16,
    hour: 11,
    votes: 4,
    steps: [{ kind: "approve", by: "noa", after: 25, owner: "yossi", targetDays: 35 }],
  },
  {
    key: "paypal",
    by: "daniel",
    department: "billing",
    title: "Accept PayPal for customers abroad",
    problem: "About a third of my UK leads drop out at checkout: they don't want to type a card number on a foreign site.",
    proposal: "Add PayPal as a payment method for orders shipped outside Israel.",
    daysAgo: 45,
    hour: 15,
    votes: 3,
    steps: [
      {
        kind: "reject",
        by: "dana",
        after: 48,
        note: "Not this year: the fees and the chargeback process don't fit our margins on international orders. Let's look again with the Q2 numbers.",
      },
    ],
  },
  {
    key: "chat-wait",
    by: "omer",
    department: "support",
    title: "Show the expected wait time in the chat widget",
    problem: "Customers open a chat, wait, then call as well, so we answer the same person twice.",
    proposal: "Show 'about N minutes' in the widget from the current queue, and offer an email reply when it is over 10 minutes.",
    daysAgo: 15,
    hour: 14,
    votes: 5,
    steps: [
      { kind: "ask", by: "michal", after: 20, text: "Can the chat vendor give us the queue length, or would we have to compute it ourselves?" },
      { kind: "reply", after: 5, text: "Their API has it (queue size per team), and it's included in the plan we already pay for." },
    ],
  },
  {
    key: "returns-chairs",
    by: "ahmad",
    department: "stores",
    title: "כיסאות ומים לאנשים שמחכים בתור להחזרות",
    problem: "בסופי שבוע מחכים להחזרות גם עשרים דקות בעמידה, כולל מבוגרים והורים עם עגלות.",
    proposal: "שלושה כיסאות וקולר מים ליד עמדת ההחזרות. זה עולה מעט ומוריד הרבה עצבים.",
    daysAgo: 6,
    hour: 18,
    votes: 3,
    steps: [],
  },
  {
    key: "pause-after-hard-call",
    by: "shira",
    department: "support",
    anonymous: true,
    title: "עשר דקות הפסקה אחרי שיחה קשה",
    problem: "אחרי שיחה עם לקוח שצועק או מאיים אין זמן להתאושש, ועוברים ישר לשיחה הבאה.",
    proposal: "כפתור 'שיחה קשה' במרכזייה שנותן לנציג עשר דקות בלי שיחות נכנסות.",
    daysAgo: 30,
    hour: 19,
    votes: 8,
    steps: [{ kind: "approve", by: "michal", after: 16, owner: "michal", targetDays: 21, note: "חשוב מאוד. מתחילים בחודש הבא, בלי צורך באישור מראש." }],
  },
  {
    key: "promo-to-stores",
    by: "noa",
    department: "marketing",
    title: "לעדכן את החנויות על כל מבצע יומיים לפני שהוא עולה",
    problem: "צוותי החנויות שומעים על מבצע מהלקוחות, ולא יודעים להגיד אם הוא תקף גם בסניף.",
    proposal: "מייל קצר לכל מנהלי הסניפים יומיים לפני כל קמפיין: מה המבצע, על מה הוא חל, ועד מתי.",
    daysAgo: 4,
    hour: 10,
    votes: 3,
    steps: [],
  },
];

function planIdeas(ctx: Context, timeline: Timeline): void {
  const ids = new Map<string, number>();
  const { deps, rng } = ctx;
  const everyone = EXAMPLE_PEOPLE.map((who) => person(ctx, who));

  for (const spec of IDEAS) {
    const proposer = person(ctx, spec.by);
    const submittedAt = workdayAt(ctx, spec.daysAgo, spec.hour, rng.int(0, 55));
    timeline.add(submittedAt, async () => {
      const result = await submitIdea(
        deps,
        proposer,
        { title: spec.title, problem: spec.problem, proposal: spec.proposal, departmentKey: spec.department, anonymous: spec.anonymous ?? false },
        { checkSimilar: false, confirmByMessage: false },
      );
      if (result.kind !== "saved") throw new Error(`Sample idea "${spec.key}" was not saved: ${result.kind}`);
      ids.set(spec.key, result.idea.id);
      await deps.prisma.idea.update({ where: { id: result.idea.id }, data: { createdAt: submittedAt, statusChangedAt: submittedAt, updatedAt: submittedAt } });
      await deps.prisma.ideaEvent.updateMany({ where: { ideaId: result.idea.id }, data: { createdAt: submittedAt } });
    });

    let at = submittedAt;
    let closedAt: Date | undefined;
    for (const step of spec.steps) {
      at = laterAt(ctx, at, step.after);
      const stepAt = at;
      if (step.kind === "done" || step.kind === "reject" || step.kind === "merge") closedAt ??= stepAt;
      timeline.add(stepAt, () => runIdeaStep(ctx, ids, spec, step, stepAt));
    }

    // Votes while the idea is open, from colleagues who worked here then.
    const until = (closedAt ?? ctx.now).getTime() - HOUR_MS;
    const voters = rng.sample(
      everyone.filter((p) => p.id !== proposer.id),
      spec.votes,
    );
    for (const voter of voters) {
      const votedAt = new Date(submittedAt.getTime() + HOUR_MS + rng.float() * Math.max(0, until - submittedAt.getTime() - HOUR_MS));
      if (!employed(voter, votedAt) || votedAt.getTime() >= until) continue;
      timeline.add(votedAt, async () => {
        const ideaId = ids.get(spec.key)!;
        // Already backing it (an idea merged into this one brought their vote): a click would take it back.
        if ((await deps.prisma.ideaVote.count({ where: { ideaId, employeeId: voter.id } })) > 0) return;
        const result = await voteOnIdea(deps, { ideaId, employeeId: voter.id, requestKey: `sample:vote:${ideaId}:${voter.id}` });
        if (result.kind !== "voted") throw new Error(`Sample vote on idea "${spec.key}" did not count: ${result.kind}`);
        await deps.prisma.ideaVote.update({ where: { ideaId_employeeId: { ideaId, employeeId: voter.id } }, data: { createdAt: votedAt } });
      });
    }
  }
}

async function runIdeaStep(ctx: Context, ids: Map<string, number>, spec: IdeaSpec, step: IdeaStep, at: Date): Promise<void> {
  const { deps } = ctx;
  const ideaId = ids.get(spec.key)!;
  const backdateLatestComment = async () => {
    const comment = await deps.prisma.ideaComment.findFirstOrThrow({ where: { ideaId }, orderBy: { id: "desc" }, select: { id: true } });
    await deps.prisma.ideaComment.update({ where: { id: comment.id }, data: { createdAt: at } });
  };
  if (step.kind === "ask") {
    const result = await askForDetails(deps, { ideaId, actorId: person(ctx, step.by).id, question: step.text });
    if (result.kind !== "done") throw new Error(`Sample question on idea "${spec.key}" refused: ${result.kind}`);
    await backdateLatestComment();
    return;
  }
  if (step.kind === "reply") {
    const result = await replyWithDetails(deps, { ideaId, actorId: person(ctx, spec.by).id, answer: step.text });
    if (result.kind !== "done") throw new Error(`Sample answer on idea "${spec.key}" refused: ${result.kind}`);
    await backdateLatestComment();
    return;
  }
  const decision: Decision = { ideaId, actorId: person(ctx, step.by).id, action: step.kind, note: step.note };
  if (step.kind === "approve") {
    decision.ownerId = step.owner ? person(ctx, step.owner).id : undefined;
    decision.targetDate = localDate(new Date(at.getTime() + step.targetDays * DAY_MS), ctx.zone);
  }
  if (step.kind === "merge") decision.mergeIntoId = ids.get(step.into);
  const result = await decideIdea(deps, decision);
  if (result.kind !== "done") throw new Error(`Sample decision "${step.kind}" on idea "${spec.key}" refused: ${result.kind}`);
  await deps.prisma.idea.update({ where: { id: ideaId }, data: { statusChangedAt: at, updatedAt: at } });
  const event = await deps.prisma.ideaEvent.findFirstOrThrow({ where: { ideaId }, orderBy: { id: "desc" }, select: { id: true } });
  await deps.prisma.ideaEvent.update({ where: { id: event.id }, data: { createdAt: at } });
  if (step.kind === "merge" && decision.mergeIntoId) {
    // The merged idea's backers joined the other idea at the merge.
    await deps.prisma.ideaVote.updateMany({ where: { ideaId: decision.mergeIntoId, createdAt: { gt: at } }, data: { createdAt: at } });
  }
}

// ------------------------------------------------------------------------------- stories

interface StorySpec {
  by: Who;
  text: string;
  impact?: string;
  colleagues: Who[];
  department?: DepartmentKey;
  daysAgo: number;
  hour: number;
  /** Who curates it and how many hours later; none: it still waits for a curator. */
  curation?: { by: Who; after: number; decision: "publish" | "decline" };
  reactions: number;
}

const STORIES: StorySpec[] = [
  {
    by: "omer",
    text: "לקוחה התקשרה בשמונה בערב, רגע לפני שסגרנו, כי המתנה ליום ההולדת של הבת שלה לא הגיעה. מיכל בדקה מול חברת השליחויות ומצאה שהחבילה תקועה במחסן, ושירה נסעה לאסוף אותה בעצמה בבוקר.",
    impact: "החבילה הגיעה שעתיים לפני המסיבה, והלקוחה כתבה לנו ביקורת חמה בגוגל.",
    colleagues: ["michal", "shira"],
    department: "support",
    daysAgo: 78,
    hour: 10,
    curation: { by: "yossi", after: 3, decision: "publish" },
    reactions: 8,
  },
  {
    by: "daniel",
    text: "A customer in Manchester was charged twice for the same order, and our card processor said it would take ten days to sort out. Rivka got the second charge voided the same afternoon and called him herself to explain.",
    impact: "He had been about to cancel his subscription; he renewed for a year instead.",
    colleagues: ["rivka"],
    department: "billing",
    daysAgo: 71,
    hour: 16,
    curation: { by: "michal", after: 2, decision: "publish" },
    reactions: 6,
  },
  {
    by: "moshe",
    text: "לקוחה קיבלה חשבונית על מנוי שביטלה כבר לפני חודשיים. במקום להעביר אותה לשירות, דנה בדקה את היסטוריית הביטול, זיכתה אותה באותה שיחה ושלחה לה אישור במייל תוך חמש דקות.",
    colleagues: ["dana"],
    department: "billing",
    daysAgo: 64,
    hour: 12,
    curation: { by: "michal", after: 5, decision: "publish" },
    reactions: 5,
  },
  {
    by: "shira",
    text: "לקוח התקשר בפעם הרביעית על אותה תקלה במסך. עומר ביקש ממנו לצלם סרטון קצר, זיהה שהבעיה בכבל ולא במסך, ושלח לו כבל חדש באותו יום במקום לשלוח טכנאי.",
    impact: "חסכנו ביקור טכנאי והחלפת מסך, והלקוח סוף סוף רגוע.",
    colleagues: ["omer"],
    department: "support",
    daysAgo: 57,
    hour: 11,
    curation: { by: "yossi", after: 20, decision: "publish" },
    reactions: 7,
  },
  {
    by: "michal",
    text: "לקוחה עיוורת התקשרה כי עמוד התשלום באתר לא עובד עם קורא המסך שלה. דניאל נשאר איתה על הקו, השלים איתה את ההזמנה ופתח לצוות האתר משימה עם תיאור מדויק של הבעיה.",
    impact: "התיקון עלה לאוויר אחרי שבוע, והיא הזמינה שוב לבד.",
    colleagues: ["daniel"],
    department: "support",
    daysAgo: 50,
    hour: 15,
    curation: { by: "yossi", after: 4, decision: "publish" },
    reactions: 9,
  },
  {
    by: "avi",
    text: "ביום שישי בבוקר נפל החשמל בסניף והקופות לא עבדו. תמר ואחמד רשמו את הקניות ביד, נתנו ללקוחות לקחת את המוצרים ולשלם בטלפון אחרי החג, ואף אחד לא יצא בידיים ריקות.",
    colleagues: ["tamar", "ahmad"],
    department: "stores",
    daysAgo: 40,
    hour: 14,
    curation: { by: "michal", after: 3, decision: "publish" },
    reactions: 10,
  },
  {
    by: "rivka",
    text: "לקוח עסקי קיבל שלוש חשבוניות שונות על אותו משלוח והיה בטוח שחייבו אותו שלוש פעמים. משה איחד אותן לחשבונית אחת, הסביר לו מה קרה, ודאג שזה לא יקרה שוב בהזמנות הבאות שלו.",
    colleagues: ["moshe"],
    department: "billing",
    daysAgo: 36,
    hour: 9,
    curation: { by: "michal", after: 6, decision: "publish" },
    reactions: 4,
  },
  {
    by: "tamar",
    text: "לקוח מבוגר הגיע לסניף עם מכונת קפה שקנה באתר ולא הצליח להפעיל. אחמד ישב איתו חצי שעה, הראה לו צעד אחר צעד, והדביק על המכונה פתק עם ההוראות בכתב גדול.",
    impact: "הלקוח חזר אחרי שבוע עם הנכד שלו, לקנות עוד מכונה במתנה.",
    colleagues: ["ahmad"],
    department: "stores",
    daysAgo: 29,
    hour: 17,
    curation: { by: "yossi", after: 2, decision: "publish" },
    reactions: 8,
  },
  {
    by: "noa",
    text: "יום הולדת שמח לאבי! העוגה הייתה מעולה ותודה על ארוחת הבוקר.",
    colleagues: ["avi"],
    daysAgo: 24,
    hour: 9,
    curation: { by: "yossi", after: 1, decision: "decline" },
    reactions: 0,
  },
  {
    by: "yossi",
    text: "במבצע סוף העונה הופיע באתר מחיר שגוי על שואב אבק, נמוך בשלוש מאות שקל. נועה שמה לב בעשר בלילה, תיקנה את המחיר, ושלחה לכל מי שכבר הזמין הודעה שאנחנו מכבדים את המחיר שראו.",
    impact: "אף תלונה, ועשרות תגובות של תודה ברשתות.",
    colleagues: ["noa"],
    department: "marketing",
    daysAgo: 22,
    hour: 10,
    curation: { by: "michal", after: 2, decision: "publish" },
    reactions: 9,
  },
  {
    by: "daniel",
    text: "A customer posted on Facebook at midnight that her order had arrived broken, the day before a family event. Noa answered within ten minutes, and Avi had a replacement waiting at the branch when it opened.",
    impact: "She posted a photo of the new one with a thank-you that got more likes than our campaign.",
    colleagues: ["noa", "avi"],
    department: "marketing",
    daysAgo: 15,
    hour: 11,
    curation: { by: "michal", after: 3, decision: "publish" },
    reactions: 10,
  },
  {
    by: "omer",
    text: "A tourist called from the airport: the charger he had bought at our branch didn't fit his UK plug. Tamar found an adapter, left it for him at the branch on his way, and didn't charge him for it.",
    colleagues: ["tamar"],
    department: "stores",
    daysAgo: 9,
    hour: 13,
    curation: { by: "yossi", after: 4, decision: "publish" },
    reactions: 6,
  },
  {
    by: "shira",
    text: "לקוח איבד את הקבלה על מקרר שהתקלקל שבוע אחרי תום האחריות. רבקה מצאה את החשבונית המקורית במערכת, ועומר שכנע את היבואן לכבד את האחריות בכל זאת.",
    impact: "המקרר תוקן בחינם, והלקוח ביקש למסור תודה אישית לשניהם.",
    colleagues: ["rivka", "omer"],
    department: "support",
    daysAgo: 5,
    hour: 12,
    curation: { by: "michal", after: 2, decision: "publish" },
    reactions: 7,
  },
  {
    by: "ahmad",
    text: "לקוחה שכחה את הארנק שלה ליד הקופה. שמתי לב רק אחרי הסגירה, מצאתי בפנים כרטיס ביקור של העסק שלה והתקשרתי למשרד. היא באה לאסוף אותו באותו ערב.",
    colleagues: [],
    department: "stores",
    daysAgo: 1,
    hour: 19,
    reactions: 0,
  },
];

const SLACK_EMOJI = ["clap", "heart", "tada", "+1", "raised_hands", "star-struck", "100", "pray"];
const TEAMS_EMOJI = ["like", "heart", "laugh", "surprised"];

function planStories(ctx: Context, timeline: Timeline): void {
  const { deps, rng } = ctx;
  const everyone = EXAMPLE_PEOPLE.map((who) => person(ctx, who));
  const storiesChannel = deps.organisation()?.channels.stories ?? {};

  for (const spec of STORIES) {
    const author = person(ctx, spec.by);
    const submittedAt = workdayAt(ctx, spec.daysAgo, spec.hour, rng.int(0, 55));
    let storyId = 0;
    timeline.add(submittedAt, async () => {
      const result = await submitStory(
        deps,
        author,
        {
          text: spec.text,
          customerImpact: spec.impact,
          departmentKey: spec.department,
          colleagues: { platform: "WEB", userIds: spec.colleagues.map((who) => String(person(ctx, who).id)) },
          personalDataConfirmed: false,
        },
        { holdPersonalData: true },
      );
      if (result.kind !== "awaiting" && result.kind !== "published") throw new Error(`Sample story by ${spec.by} was not submitted: ${result.kind}`);
      storyId = result.storyId;
      await deps.prisma.serviceStory.update({
        where: { id: storyId },
        data: { createdAt: submittedAt, ...(result.kind === "published" ? { publishedAt: submittedAt } : {}) },
      });
    });
    if (!spec.curation) continue;
    const curation = spec.curation;
    const decidedAt = laterAt(ctx, submittedAt, curation.after);
    timeline.add(decidedAt, async () => {
      const result = await decideStory(deps, { storyId, actorId: person(ctx, curation.by).id, decision: curation.decision });
      if (result.kind !== "done") throw new Error(`Sample curation of the story by ${spec.by} refused: ${result.kind}`);
      if (curation.decision !== "publish") return;
      await deps.prisma.serviceStory.update({ where: { id: storyId }, data: { publishedAt: decidedAt } });
      // Reactions arrive on a story's Slack and Teams posts, which the outbox worker records
      // when it delivers them. Where the bot does not post to that platform here (the demo posts
      // to the web only), a stand-in post is recorded so that recordStoryReaction can count them.
      for (const [platform, channel] of [
        ["SLACK", storiesChannel.slack],
        ["TEAMS", storiesChannel.teams],
      ] as const) {
        if (!channel || deps.platforms.includes(platform)) continue;
        await deps.prisma.storyPost.create({ data: { storyId, platform, channel, messageId: `sample-story-${storyId}` } });
      }
    });

    // Colleagues react over the next three days.
    const reactors = rng.sample(
      everyone.filter((p) => p.id !== author.id),
      spec.reactions,
    );
    for (const reactor of reactors) {
      const emojis = rng.chance(0.3) ? 2 : 1;
      for (let i = 0; i < emojis; i++) {
        const reactedAt = new Date(decidedAt.getTime() + (0.2 + rng.float() * 70) * HOUR_MS);
        if (reactedAt >= ctx.now || !employed(reactor, reactedAt)) continue;
        const emojiRoll = rng.float();
        timeline.add(reactedAt, () => reactToStory(ctx, storyId, reactor, emojiRoll, reactedAt));
      }
    }
  }
}

async function reactToStory(ctx: Context, storyId: number, reactor: Person, emojiRoll: number, at: Date): Promise<void> {
  const { deps } = ctx;
  const posts = await deps.prisma.storyPost.findMany({ where: { storyId, platform: { in: ["SLACK", "TEAMS"] } } });
  const slack = posts.find((p) => p.platform === "SLACK");
  const teams = posts.find((p) => p.platform === "TEAMS");
  const post = reactor.slackUserId && slack ? slack : reactor.teamsUserId && teams ? teams : undefined;
  const userId = post?.platform === "SLACK" ? reactor.slackUserId : reactor.teamsUserId;
  if (!post || !userId) return;
  const emojis = post.platform === "SLACK" ? SLACK_EMOJI : TEAMS_EMOJI;
  const emoji = emojis[Math.floor(emojiRoll * emojis.length)]!;
  const outcome = await recordStoryReaction(deps, {
    change: "added",
    platform: post.platform as Exclude<PlatformName, "WEB">,
    channel: post.channel,
    messageId: post.messageId,
    userId,
    emoji,
  });
  if (outcome.kind !== "counted") throw new Error(`Sample reaction to story ${storyId} not counted: ${outcome.kind}`);
  if (outcome.inserted) {
    await deps.prisma.storyReaction.update({ where: { storyId_employeeId_emoji: { storyId, employeeId: reactor.id, emoji } }, data: { createdAt: at } });
  }
}

// ------------------------------------------------------------------------------- complaints

type Lang = "he" | "en";

interface ComplaintTemplate {
  lang: Lang;
  category: string;
  text: (rng: Rng) => string;
  /** The text or category names a keyword of its department: the rules attribute it without a department from the sender. */
  byRule?: boolean;
  returned?: number;
  credit?: number;
  creditRange?: [number, number];
  channels: readonly ContactChannel[];
}

const PRODUCTS_HE = ["מכונת קפה", "שואב אבק", "מקרר", "אוזניות", "מטען", "בלנדר", "מסך מחשב", "מייבש כביסה", "קומקום"];
const PRODUCTS_EN = ["coffee machine", "vacuum cleaner", "headphones", "kettle", "monitor", "blender", "charger"];
const BRANCHES_HE = ["ברמת גן", "בחיפה", "בבאר שבע", "בראשון לציון", "בירושלים", "בנתניה"];
const BRANCHES_EN = ["Ramat Gan", "Haifa", "Beersheba", "Jerusalem", "Netanya"];

const TEMPLATES: Record<DepartmentKey, ComplaintTemplate[]> = {
  billing: [
    {
      lang: "he",
      category: "דמי משלוח",
      byRule: true,
      text: (r) => `חויבתי בדמי משלוח על ${r.pick(PRODUCTS_HE)} למרות שההזמנה עברה את הסכום למשלוח חינם.`,
      credit: 0.5,
      creditRange: [20, 40],
      channels: ["PHONE", "CHAT", "EMAIL"],
    },
    {
      lang: "he",
      category: "דמי משלוח",
      byRule: true,
      text: () => "ראיתי את דמי המשלוח רק בעמוד האחרון של התשלום. זה לא הוגן להסתיר את זה עד הרגע האחרון.",
      channels: ["CHAT", "SOCIAL", "EMAIL"],
    },
    {
      lang: "he",
      category: "חשבונית",
      byRule: true,
      text: (r) => `ביקשתי חשבונית מס על ההזמנה של ה${r.pick(PRODUCTS_HE)} ועדיין לא קיבלתי, כבר ${r.pick(["שבוע", "שבועיים", "עשרה ימים"])}.`,
      channels: ["EMAIL", "PHONE"],
    },
    {
      lang: "he",
      category: "החזר כספי",
      text: (r) => `החזרתי את ה${r.pick(PRODUCTS_HE)} לפני ${r.pick(["שלושה שבועות", "חודש", "שבועיים"])} והכסף עדיין לא חזר לכרטיס.`,
      returned: 0.6,
      credit: 0.3,
      creditRange: [150, 900],
      channels: ["PHONE", "EMAIL", "CHAT"],
    },
    {
      lang: "he",
      category: "מנוי",
      byRule: true,
      text: () => "ביטלתי את המנוי בחודש שעבר ועדיין יש חיוב חודשי בכרטיס.",
      credit: 0.6,
      creditRange: [30, 90],
      channels: ["PHONE", "EMAIL"],
    },
    {
      lang: "en",
      category: "Delivery fee",
      byRule: true,
      text: (r) => `I was billed a delivery charge for my ${r.pick(PRODUCTS_EN)} although the order qualified for free shipping.`,
      credit: 0.5,
      creditRange: [5, 12],
      channels: ["EMAIL", "CHAT"],
    },
    {
      lang: "en",
      category: "Invoice",
      byRule: true,
      text: () => "I still haven't received the invoice for my order and I need it for my company's accounts.",
      channels: ["EMAIL"],
    },
    {
      lang: "en",
      category: "Refund",
      byRule: true,
      text: (r) => `I sent the ${r.pick(PRODUCTS_EN)} back ${r.pick(["three weeks", "a month", "two weeks"])} ago and I'm still waiting for my refund.`,
      returned: 0.7,
      credit: 0.4,
      creditRange: [40, 300],
      channels: ["EMAIL", "CHAT", "PHONE"],
    },
  ],
  marketing: [
    {
      lang: "he",
      category: "מבצע",
      byRule: true,
      text: (r) => `המבצע שפורסם באינסטגרם לא עבד בקופה ${r.pick(BRANCHES_HE)}, אמרו לי שהוא רק לאתר.`,
      credit: 0.2,
      creditRange: [20, 60],
      channels: ["STORE", "SOCIAL", "PHONE"],
    },
    {
      lang: "he",
      category: "פרסומת",
      byRule: true,
      text: (r) => `בפרסומת כתוב עד חמישים אחוז הנחה, אבל על ה${r.pick(PRODUCTS_HE)} שרציתי ההנחה הייתה עשרה אחוז בלבד.`,
      channels: ["SOCIAL", "CHAT", "STORE"],
    },
    {
      lang: "he",
      category: "קוד קופון",
      text: () => "קוד הקופון שקיבלתי בניוזלטר לא עובד באתר, כל פעם כתוב שהוא לא בתוקף.",
      channels: ["CHAT", "EMAIL"],
    },
    {
      lang: "he",
      category: "דיוור",
      text: (r) => `אני מקבל ${r.pick(["שלושה", "ארבעה", "שני"])} מיילים שיווקיים ביום למרות שביקשתי להסיר אותי מהרשימה.`,
      channels: ["EMAIL", "SOCIAL"],
    },
    {
      lang: "he",
      category: "מתנה במבצע",
      byRule: true,
      text: () => "הבטחתם מתנה בכל קנייה מעל שלוש מאות שקל, ולא קיבלתי כלום בחבילה.",
      credit: 0.2,
      creditRange: [25, 50],
      channels: ["PHONE", "EMAIL", "SOCIAL"],
    },
    {
      lang: "en",
      category: "Promotion",
      byRule: true,
      text: (r) => `Your promotion said two for one on the ${r.pick(PRODUCTS_EN)}, but the checkout counted the full price for both.`,
      channels: ["CHAT", "EMAIL"],
    },
    {
      lang: "en",
      category: "Newsletter",
      text: () => "I unsubscribed twice and I still get your newsletter every single day.",
      channels: ["EMAIL", "SOCIAL"],
    },
    {
      lang: "en",
      category: "Advert",
      byRule: true,
      text: (r) => `Your advert shows a price the ${r.pick(BRANCHES_EN)} store would not honour.`,
      channels: ["SOCIAL", "STORE"],
    },
  ],
  support: [
    {
      lang: "he",
      category: "זמן המתנה",
      text: (r) => `חיכיתי על הקו ${r.pick(["ארבעים דקות", "חצי שעה", "כמעט שעה"])} ואף אחד לא ענה.`,
      channels: ["PHONE"],
    },
    {
      lang: "he",
      category: "חזרה טלפונית",
      text: () => "הבטיחו לי שיחזרו אליי תוך יום עסקים, ועברו כבר שלושה ימים בלי שאף אחד חזר.",
      channels: ["PHONE", "EMAIL"],
    },
    {
      lang: "he",
      category: "צ'אט",
      text: () => "הנציג בצ'אט סגר את השיחה באמצע, לפני שהבעיה נפתרה.",
      channels: ["CHAT"],
    },
    {
      lang: "he",
      category: "תקלה במוצר",
      text: (r) => `ה${r.pick(PRODUCTS_HE)} שקיבלתי מפסיק לעבוד אחרי עשר דקות, וכבר פניתי פעמיים בלי פתרון.`,
      returned: 0.3,
      channels: ["PHONE", "CHAT", "EMAIL"],
    },
    {
      lang: "he",
      category: "מידע סותר",
      text: () => "כל נציג אומר לי משהו אחר על מדיניות ההחזרות. מה נכון?",
      channels: ["PHONE", "CHAT"],
    },
    {
      lang: "en",
      category: "Waiting time",
      text: (r) => `I waited ${r.pick(["forty minutes", "half an hour", "almost an hour"])} on the phone and nobody answered.`,
      channels: ["PHONE"],
    },
    {
      lang: "en",
      category: "Chat",
      text: () => "The agent on the chat closed the conversation before my problem was solved.",
      channels: ["CHAT"],
    },
    {
      lang: "en",
      category: "Call back",
      text: () => "I was promised a call back within one working day and nobody called.",
      channels: ["PHONE", "EMAIL"],
    },
  ],
  stores: [
    {
      lang: "he",
      category: "החזרה בסניף",
      text: (r) => `בסניף ${r.pick(BRANCHES_HE)} סירבו לקבל החזרה בלי קבלה מודפסת, למרות שהראיתי את ההזמנה בטלפון.`,
      returned: 0.5,
      channels: ["STORE", "PHONE"],
    },
    {
      lang: "he",
      category: "תור בקופה",
      text: (r) => `עמדתי בתור בקופה ${r.pick(BRANCHES_HE)} עשרים דקות, רק קופה אחת הייתה פתוחה.`,
      channels: ["STORE", "SOCIAL"],
    },
    {
      lang: "he",
      category: "מלאי",
      text: (r) => `באתר כתוב שה${r.pick(PRODUCTS_HE)} במלאי בסניף, נסעתי במיוחד ולא היה.`,
      credit: 0.15,
      creditRange: [20, 50],
      channels: ["STORE", "PHONE", "CHAT"],
    },
    {
      lang: "he",
      category: "יחס בסניף",
      text: () => "המוכר בסניף דיבר בטלפון כל הזמן והתעלם ממני כשביקשתי עזרה.",
      channels: ["STORE", "SOCIAL"],
    },
    {
      lang: "he",
      category: "שעות פתיחה",
      text: () => "הגעתי לפי השעות שמופיעות באתר והסניף היה סגור.",
      channels: ["STORE", "PHONE", "SOCIAL"],
    },
    {
      lang: "en",
      category: "Store return",
      text: (r) => `The ${r.pick(BRANCHES_EN)} branch refused my return without a paper receipt.`,
      returned: 0.5,
      channels: ["STORE", "EMAIL"],
    },
    {
      lang: "en",
      category: "Stock",
      text: (r) => `Your website said the ${r.pick(PRODUCTS_EN)} was in stock at the branch, but it wasn't.`,
      channels: ["STORE", "CHAT"],
    },
    {
      lang: "en",
      category: "Queue",
      text: () => "Only one till was open on a Friday afternoon and the queue went out of the door.",
      channels: ["STORE", "SOCIAL"],
    },
  ],
};

/** Complaints no department's rules claim: they wait for a manager to sort them. */
const UNASSIGNED: ComplaintTemplate[] = [
  { lang: "he", category: "אתר", text: () => "האתר לא נטען בטלפון כבר יומיים.", channels: ["CHAT", "EMAIL"] },
  { lang: "he", category: "שליח", text: () => "השליח השאיר את החבילה ליד הדלת של השכנים ולא הודיע לי.", channels: ["PHONE", "SOCIAL"] },
  { lang: "he", category: "אפליקציה", text: () => "האפליקציה מנתקת אותי בכל פעם שאני פותח אותה.", channels: ["CHAT"] },
  { lang: "en", category: "App", text: () => "Your app logs me out every time I open it.", channels: ["EMAIL", "CHAT"] },
  { lang: "en", category: "Courier", text: () => "The courier left my parcel at the wrong address and nobody answers my emails.", channels: ["EMAIL"] },
];

/** The double delivery fee after a checkout change: billing's spike week. */
const SPIKE: ComplaintTemplate[] = [
  {
    lang: "he",
    category: "חיוב כפול",
    byRule: true,
    text: (r) => `חויבתי פעמיים בדמי משלוח על אותה הזמנה${r.pick(["", " של ה" + r.pick(PRODUCTS_HE), ", רואים את זה בפירוט החיוב"])}.`,
    credit: 0.7,
    creditRange: [29.9, 29.9],
    channels: ["PHONE", "CHAT", "EMAIL", "SOCIAL"],
  },
  {
    lang: "he",
    category: "חיוב כפול",
    byRule: true,
    text: () => "יש לי שני חיובים של דמי משלוח בכרטיס על הזמנה אחת. מתי תחזירו את הכסף?",
    credit: 0.7,
    creditRange: [29.9, 29.9],
    channels: ["PHONE", "EMAIL"],
  },
  {
    lang: "en",
    category: "Double charge",
    byRule: true,
    text: () => "I was billed the delivery charge twice on one order.",
    credit: 0.7,
    creditRange: [8, 8],
    channels: ["EMAIL", "CHAT"],
  },
];

const LEGAL: Record<Lang, string[]> = {
  he: ["אם זה לא יטופל השבוע אני מגיש תביעה בבית המשפט לתביעות קטנות.", "אני מעביר את זה לעורך הדין שלי."],
  en: ["If this isn't fixed this week I will take it to the small claims court.", "My lawyer will be in touch."],
};
const CHURN: Record<Lang, string[]> = {
  he: ["אם ככה, אני עובר לחברה אחרת.", "אני שוקל לבטל את המנוי ולא לקנות אצלכם יותר."],
  en: ["I'm thinking of closing my account and going elsewhere.", "This is the last time I order from you."],
};
const AGAIN: Record<Lang, string> = { he: "פונה שוב באותו עניין: ", en: "Writing again about this: " };
const REOPENED: Record<Lang, string> = { he: " אמרו לי שזה טופל, אבל הבעיה חזרה.", en: " I was told it was solved, but it's back." };
const CURRENCIES_EN = ["ILS", "USD", "GBP", "EUR"] as const;

/** Complaints each department gets in an ordinary week, on average. */
const WEEKLY: Record<DepartmentKey, number> = { billing: 8, marketing: 5, support: 7, stores: 6 };

interface PlannedComplaint {
  input: ComplaintInput;
  department: DepartmentKey | undefined;
  /** Logged by an employee through the complaint form rather than sent by the CRM. */
  loggedBy?: Who;
  /** A manager moves it to this department a day later. */
  moveTo?: DepartmentKey;
}

/** The spike: the latest week billing's digest reported, as the digest reads its week. */
async function spikeWeek(ctx: Context): Promise<{ department: DepartmentKey; start: Date; end: Date; isoWeek: string }> {
  const billing = (await scheduledDepartments(ctx.deps)).find((d) => d.key === "billing");
  if (!billing) throw new Error("Sample data expects the example organisation: department billing is missing");
  const period = digestPeriod(dueAt(billing, ctx.now), billing.timezone);
  return { department: "billing", start: period.start, end: period.end, isoWeek: period.isoWeek };
}

function planComplaintList(ctx: Context, spike: { start: Date; end: Date }): PlannedComplaint[] {
  const { rng } = ctx;
  const planned: PlannedComplaint[] = [];
  let serial = 204_310;
  let customers = 0;
  const newCustomer = () => `C-${String(481_200 + ++customers * 7)}`;
  /** Earlier complaints with a customer, for repeats. */
  const history: { at: Date; template: ComplaintTemplate; department: DepartmentKey; customer: string; lang: Lang }[] = [];

  const make = (template: ComplaintTemplate, department: DepartmentKey | undefined, at: Date, customer: string | undefined, repeat: boolean): ComplaintInput => {
    const lang = template.lang;
    let text = (repeat ? AGAIN[lang] : "") + template.text(rng);
    const reopened = repeat && rng.chance(0.35);
    if (reopened) text += REOPENED[lang];
    const legalThreat = rng.chance(repeat ? 0.12 : 0.025);
    const churnThreat = !legalThreat && rng.chance(repeat ? 0.25 : 0.08);
    if (legalThreat) text += ` ${rng.pick(LEGAL[lang])}`;
    if (churnThreat) text += ` ${rng.pick(CHURN[lang])}`;
    const creditGiven = template.credit !== undefined && rng.chance(template.credit + (churnThreat ? 0.3 : 0));
    const [low, high] = template.creditRange ?? [20, 100];
    const amount = low === high ? low : Math.round(low + rng.float() * (high - low));
    const currency = lang === "he" ? "ILS" : rng.pick(CURRENCIES_EN);
    // Who sends a department: the CRM knows it for most tickets; the rest the rules attribute.
    const sendsDepartment = department !== undefined && !(template.byRule && rng.chance(0.45));
    return {
      externalId: `CRM-${++serial}`,
      receivedAt: at,
      channel: rng.pick(template.channels),
      category: template.category,
      departmentKey: sendsDepartment ? department : undefined,
      customer,
      text,
      returned: template.returned !== undefined && rng.chance(template.returned),
      credit: creditGiven ? { amount: amount.toFixed(2), currency } : undefined,
      legalThreat,
      churnThreat,
      retained: churnThreat && rng.chance(0.6),
      reopened,
    };
  };

  const days = Math.ceil((ctx.now.getTime() - ctx.from.getTime()) / DAY_MS) + 1;
  for (let daysAgo = days; daysAgo >= 0; daysAgo--) {
    const dayStart = localAt(ctx, daysAgo, 0);
    const weekday = DateTime.fromJSDate(dayStart, { zone: ctx.zone }).weekday;
    const factor = weekday === 6 ? 0.45 : weekday === 5 ? 0.7 : 1;
    const at = () => localAt(ctx, daysAgo, rng.int(7, 22), rng.int(0, 59));
    const inWindow = (d: Date) => d >= ctx.from && d < ctx.now;

    for (const department of EXAMPLE_DEPARTMENTS) {
      // Four chances a day: about WEEKLY[department] a week.
      for (let chance = 0; chance < 4; chance++) {
        if (!rng.chance((WEEKLY[department] / 28) * factor)) continue;
        const receivedAt = at();
        if (!inWindow(receivedAt)) continue;
        const earlier = history.filter((h) => h.department === department && receivedAt.getTime() - h.at.getTime() > 2 * DAY_MS && receivedAt.getTime() - h.at.getTime() < 25 * DAY_MS);
        if (earlier.length > 0 && rng.chance(0.13)) {
          const first = rng.pick(earlier);
          planned.push({ input: make(first.template, department, receivedAt, first.customer, true), department });
          continue;
        }
        const lang: Lang = rng.chance(0.3) ? "en" : "he";
        const template = rng.pick(TEMPLATES[department].filter((t) => t.lang === lang));
        const customer = rng.chance(0.88) ? newCustomer() : undefined;
        const input = make(template, department, receivedAt, customer, false);
        // Store staff log some of what customers tell them at the till through the complaint form.
        const loggedBy = department === "stores" && input.channel === "STORE" && rng.chance(0.25) ? rng.pick<Who>(["tamar", "ahmad", "avi"]) : undefined;
        if (loggedBy) input.externalId = `form-${input.externalId}`;
        planned.push({ input, department, loggedBy });
        if (customer) history.push({ at: receivedAt, template, department, customer, lang });
      }
    }
    // About one a week nobody's rules claim; managers sort those older than a few days.
    if (rng.chance(0.17 * factor)) {
      const receivedAt = at();
      if (inWindow(receivedAt)) {
        const template = rng.pick(UNASSIGNED);
        const input = make(template, undefined, receivedAt, rng.chance(0.8) ? newCustomer() : undefined, false);
        const old = ctx.now.getTime() - receivedAt.getTime() > 4 * DAY_MS;
        planned.push({ input, department: undefined, moveTo: old ? (template.category === "שליח" || template.category === "Courier" ? "stores" : "support") : undefined });
      }
    }
    // The spike: from the second day of billing's week, a double delivery fee after a checkout change.
    const dayIndex = Math.floor((dayStart.getTime() - spike.start.getTime()) / DAY_MS);
    if (dayIndex >= 1 && dayIndex <= 5) {
      const count = [0, 7, 8, 5, 4, 3][dayIndex]!;
      for (let i = 0; i < count; i++) {
        const receivedAt = at();
        if (!inWindow(receivedAt) || receivedAt >= spike.end) continue;
        const template = rng.chance(0.2) ? SPIKE[2]! : rng.pick(SPIKE.slice(0, 2));
        planned.push({ input: make(template, "billing", receivedAt, newCustomer(), false), department: "billing" });
      }
    }
  }
  // And a few from the last days, still waiting in the unassigned queue.
  for (const [daysAgo, template] of [
    [3, UNASSIGNED[0]!],
    [2, UNASSIGNED[3]!],
    [1, UNASSIGNED[1]!],
  ] as const) {
    const receivedAt = localAt(ctx, daysAgo, rng.int(8, 20), rng.int(0, 59));
    planned.push({ input: make(template, undefined, receivedAt, newCustomer(), false), department: undefined });
  }
  return planned.sort((a, b) => a.input.receivedAt.getTime() - b.input.receivedAt.getTime());
}

function planComplaints(ctx: Context, timeline: Timeline, planned: PlannedComplaint[]): void {
  const { deps } = ctx;
  // What the CRM sends, in one webhook batch a day (at its last complaint).
  const batches = new Map<string, PlannedComplaint[]>();
  for (const complaint of planned) {
    if (complaint.loggedBy) continue;
    const day = localDate(complaint.input.receivedAt, ctx.zone);
    batches.set(day, [...(batches.get(day) ?? []), complaint]);
  }
  for (const batch of batches.values()) {
    const last = batch[batch.length - 1]!.input.receivedAt;
    const at = new Date(Math.min(last.getTime() + 5 * 60_000, ctx.now.getTime() - 60_000));
    timeline.add(at, async () => {
      const inputs = batch.map((c) => c.input);
      const result = await recordComplaints(deps, inputs, ctx.hash);
      if (result.stored !== inputs.length) throw new Error(`Sample complaints: ${inputs.length - result.stored} were not stored`);
      await backdateComplaints(ctx, inputs.map((c) => c.externalId));
    });
  }
  for (const complaint of planned) {
    const { input, loggedBy, moveTo } = complaint;
    if (loggedBy) {
      const at = new Date(input.receivedAt.getTime() + 3 * 60_000);
      timeline.add(at, async () => {
        await logComplaint(deps, person(ctx, loggedBy), input, ctx.hash);
        await backdateComplaints(ctx, [input.externalId]);
      });
    }
    if (moveTo) {
      const at = laterAt(ctx, input.receivedAt, 20);
      timeline.add(at, async () => {
        const row = await deps.prisma.complaint.findUniqueOrThrow({ where: { externalId: input.externalId }, select: { id: true, departmentId: true } });
        const result = await moveComplaint(deps, undefined, {
          employeeId: person(ctx, "michal").id,
          state: `${row.id}:${row.departmentId ?? ""}`,
          departmentKey: moveTo,
          locale: "he",
        });
        if (result.kind !== "moved") throw new Error(`Sample complaint ${row.id} was not moved: ${result.kind}`);
        await deps.prisma.complaintMove.updateMany({ where: { complaintId: row.id }, data: { movedAt: at } });
      });
    }
  }
}

/** A complaint is stored a couple of minutes after the customer made it. */
async function backdateComplaints(ctx: Context, externalIds: string[]): Promise<void> {
  await ctx.deps.prisma.$executeRaw`
    UPDATE complaints SET created_at = received_at + interval '2 minutes' WHERE external_id = ANY(${externalIds}::text[])`;
}

// ------------------------------------------------------------------------------- support line

/** Every occurrence of a weekly schedule after `from` and at or before `until`. */
function occurrences(schedule: { weekday: number; hour: number; timezone: string }, from: Date, until: Date): Date[] {
  const found: Date[] = [];
  for (let at = nextOccurrence({ kind: "weekly", ...schedule }, from); at <= until; at = nextOccurrence({ kind: "weekly", ...schedule }, at)) found.push(at);
  return found;
}

function planRotation(ctx: Context, timeline: Timeline): void {
  const { deps } = ctx;
  const { schedule } = rotationJob(deps);
  if (schedule.kind !== "weekly") throw new Error("The rotation job is expected to be weekly");
  for (const at of occurrences(schedule, ctx.installedAt, ctx.now)) {
    timeline.add(at, async () => {
      await publishRotation(deps, { now: at, until: "due", eventKey: `weekly:${runKeyFor(at)}` });
    });
  }
}

/** A published shift starting in [after, before) and a colleague who may take it, if there is one. */
async function swappable(ctx: Context, after: Date, before: Date, skip: (shift: ShiftView) => boolean = () => false): Promise<{ shift: ShiftView; taker: Person } | undefined> {
  const organisation = ctx.deps.organisation()!;
  const shifts = await loadShiftViews(ctx.deps.prisma, { status: "PUBLISHED", isOnboarding: false, employeeId: { not: null }, startsAt: { gte: after, lt: before } });
  const people = EXAMPLE_PEOPLE.map((who) => person(ctx, who));
  for (const shift of shifts) {
    if (skip(shift)) continue;
    for (const candidate of people) {
      if (candidate.id === shift.person?.id || !employed(candidate, shift.startsAt)) continue;
      const refusal = await ctx.deps.prisma.$transaction((tx) => refusalToTake(tx, organisation, shift, candidate.id));
      if (!refusal) return { shift, taker: candidate };
    }
  }
  return undefined;
}

function planSwaps(ctx: Context, timeline: Timeline): void {
  const { deps } = ctx;
  const swapOf = async (shiftId: number) => deps.prisma.swapRequest.findFirstOrThrow({ where: { shiftId }, orderBy: { id: "desc" } });

  // A month ago: a shift given to a colleague, who took it.
  const offeredAt = workdayAt(ctx, 30, 10, 20);
  let taken: { shift: ShiftView; taker: Person } | undefined;
  timeline.add(offeredAt, async () => {
    taken = await swappable(ctx, new Date(offeredAt.getTime() + 3 * DAY_MS), new Date(offeredAt.getTime() + 10 * DAY_MS));
    if (!taken) return;
    await offerSwap(deps, undefined, { employeeId: taken.shift.person!.id, shiftId: taken.shift.id, toEmployeeId: taken.taker.id }, offeredAt);
    await deps.prisma.swapRequest.update({ where: { id: (await swapOf(taken.shift.id)).id }, data: { createdAt: offeredAt, updatedAt: offeredAt } });
  });
  const acceptedAt = laterAt(ctx, offeredAt, 3);
  timeline.add(acceptedAt, async () => {
    if (!taken) return;
    const swap = await swapOf(taken.shift.id);
    await respondToSwap(deps, undefined, { swapId: swap.id, employeeId: taken.taker.id, accept: true }, acceptedAt);
    await deps.prisma.swapRequest.update({ where: { id: swap.id }, data: { updatedAt: acceptedAt } });
  });

  // Two and a half weeks ago: an offer the colleague could not take.
  const declinedOfferAt = workdayAt(ctx, 17, 14, 40);
  let declined: { shift: ShiftView; taker: Person } | undefined;
  timeline.add(declinedOfferAt, async () => {
    declined = await swappable(ctx, new Date(declinedOfferAt.getTime() + 3 * DAY_MS), new Date(declinedOfferAt.getTime() + 10 * DAY_MS));
    if (!declined) return;
    await offerSwap(deps, undefined, { employeeId: declined.shift.person!.id, shiftId: declined.shift.id, toEmployeeId: declined.taker.id }, declinedOfferAt);
    await deps.prisma.swapRequest.update({ where: { id: (await swapOf(declined.shift.id)).id }, data: { createdAt: declinedOfferAt, updatedAt: declinedOfferAt } });
  });
  const declinedAt = laterAt(ctx, declinedOfferAt, 5);
  timeline.add(declinedAt, async () => {
    if (!declined) return;
    const swap = await swapOf(declined.shift.id);
    await respondToSwap(deps, undefined, { swapId: swap.id, employeeId: declined.taker.id, accept: false }, declinedAt);
    await deps.prisma.swapRequest.update({ where: { id: swap.id }, data: { updatedAt: declinedAt } });
  });

  // Three hours ago: an offer still waiting for its answer.
  const waitingAt = new Date(ctx.now.getTime() - 3 * HOUR_MS);
  timeline.add(waitingAt, async () => {
    const shiftee = await swappable(ctx, new Date(ctx.now.getTime() + DAY_MS), new Date(ctx.now.getTime() + 10 * DAY_MS));
    if (!shiftee) throw new Error("Sample data: no published shift in the coming days could be offered for a swap");
    const answer = await offerSwap(deps, undefined, { employeeId: shiftee.shift.person!.id, shiftId: shiftee.shift.id, toEmployeeId: shiftee.taker.id }, waitingAt);
    if (answer.kind !== "answer") throw new Error("Sample swap offer was taken for a retry");
    await deps.prisma.swapRequest.update({ where: { id: (await swapOf(shiftee.shift.id)).id }, data: { createdAt: waitingAt, updatedAt: waitingAt } });
  });
}

function planAbsence(ctx: Context, timeline: Timeline): void {
  const { deps } = ctx;
  const at = workdayAt(ctx, 4, 15, 5);
  const shira = person(ctx, "shira");
  const today = localDate(ctx.now, ctx.zone);
  timeline.add(at, async () => {
    await recordAbsence(deps, undefined, { employeeId: shira.id, from: addDays(today, 3), to: addDays(today, 7) }, at);
    await deps.prisma.absence.updateMany({ where: { employeeId: shira.id }, data: { createdAt: at } });
  });
}

// ------------------------------------------------------------------------------- weekly jobs

async function planWeeklyJobs(ctx: Context, timeline: Timeline): Promise<void> {
  const { deps } = ctx;
  // The story of the week, an hour before the digests.
  const stories = new StoryOfTheWeek(deps, INSTANCE);
  for (let moment = nextStoryOfWeekMoment(deps, ctx.installedAt); moment.at <= ctx.now; moment = nextStoryOfWeekMoment(deps, moment.at)) {
    const at = moment.at;
    timeline.add(at, async () => {
      await stories.run(at);
    });
  }
  // Each department's digest at its own moment, and the company view.
  const digests = new WeeklyDigests(deps, INSTANCE);
  const schedules = [...(await scheduledDepartments(deps)), companySchedule(deps.organisation(), ctx.zone)];
  const moments = new Set<number>();
  for (const { schedule, timezone } of schedules) for (const at of occurrences({ ...schedule, timezone }, ctx.installedAt, ctx.now)) moments.add(at.getTime());
  for (const time of [...moments].sort((a, b) => a - b)) {
    const at = new Date(time);
    timeline.add(at, () => digests.runDue(at));
  }
}

// ------------------------------------------------------------------------------- summary

async function summarise(ctx: Context, spike: { department: DepartmentKey; start: Date; end: Date; isoWeek: string }): Promise<SampleDataSummary> {
  const { prisma } = ctx.deps;
  const ideaRows = await prisma.idea.groupBy({ by: ["status"], _count: { _all: true } });
  const ideas = Object.fromEntries(IDEA_STATUSES.map((s) => [s, ideaRows.find((r) => r.status === s)?._count._all ?? 0])) as Record<IdeaStatus, number>;
  const storyRows = await prisma.serviceStory.groupBy({ by: ["status"], _count: { _all: true } });
  const stories = (status: string) => storyRows.find((r) => r.status === status)?._count._all ?? 0;
  const weeks = await prisma.serviceStory.findMany({ where: { storyOfWeek: { not: null } }, select: { storyOfWeek: true }, orderBy: { storyOfWeek: "asc" } });

  const complaints = await prisma.complaint.findMany({
    select: { text: true, departmentId: true, repeatOfId: true, returned: true, creditAmount: true, creditCurrency: true, legalThreat: true, churnThreat: true, retained: true, reopened: true },
  });
  const keyOf = new Map([...ctx.departments].map(([key, id]) => [id, key]));
  const byDepartment: Record<string, number> = {};
  const credits: Record<string, number> = {};
  let hebrew = 0;
  for (const c of complaints) {
    const key = c.departmentId === null ? "unassigned" : (keyOf.get(c.departmentId) ?? String(c.departmentId));
    byDepartment[key] = (byDepartment[key] ?? 0) + 1;
    if (/[\u0590-\u05FF]/.test(c.text)) hebrew++;
    if (c.creditAmount !== null && c.creditCurrency) credits[c.creditCurrency] = (credits[c.creditCurrency] ?? 0) + Math.round(Number(c.creditAmount) * 100);
  }
  const count = (flag: (c: (typeof complaints)[number]) => boolean) => complaints.filter(flag).length;

  const spiking = (await scheduledDepartments(ctx.deps)).find((d) => d.key === spike.department)!;
  const [figures] = await departmentFigures(prisma, [spiking], digestPeriod(dueAt(spiking, ctx.now), spiking.timezone));

  const shiftRows = await prisma.shift.groupBy({ by: ["status"], _count: { _all: true } });
  const shifts = (status: string) => shiftRows.find((r) => r.status === status)?._count._all ?? 0;
  const swapRows = await prisma.swapRequest.groupBy({ by: ["status"], _count: { _all: true } });
  const swapStatuses: SwapStatus[] = ["OFFERED", "ACCEPTED", "APPROVED", "DECLINED", "CANCELLED", "EXPIRED"];
  const swaps = Object.fromEntries(swapStatuses.map((s) => [s, swapRows.find((r) => r.status === s)?._count._all ?? 0])) as Record<SwapStatus, number>;

  return {
    from: ctx.from,
    now: ctx.now,
    ideas: {
      ...ideas,
      total: ideaRows.reduce((sum, r) => sum + r._count._all, 0),
      votes: await prisma.ideaVote.count(),
      comments: await prisma.ideaComment.count(),
    },
    stories: {
      published: stories("PUBLISHED"),
      awaitingCurator: stories("AWAITING_CURATOR"),
      declined: stories("DECLINED"),
      reactions: await prisma.storyReaction.count(),
      storiesOfTheWeek: weeks.map((w) => w.storyOfWeek!),
    },
    complaints: {
      total: complaints.length,
      hebrew,
      english: complaints.length - hebrew,
      byDepartment,
      repeats: count((c) => c.repeatOfId !== null),
      returned: count((c) => c.returned),
      credits: Object.fromEntries(Object.entries(credits).map(([currency, cents]) => [currency, (cents / 100).toFixed(2)])),
      legalThreats: count((c) => c.legalThreat),
      churnThreats: count((c) => c.churnThreat),
      retained: count((c) => c.retained),
      reopened: count((c) => c.reopened),
      moved: await prisma.complaintMove.count(),
      spike: { department: spike.department, isoWeek: spike.isoWeek, complaints: figures?.count ?? 0, flagged: figures?.spike ?? false },
    },
    shifts: { published: shifts("PUBLISHED"), planned: shifts("PLANNED"), cancelled: shifts("CANCELLED") },
    swaps: { ...swaps, total: swapRows.reduce((sum, r) => sum + r._count._all, 0) },
    absences: await prisma.absence.count(),
    digests: await prisma.jobRun.count({ where: { job: { startsWith: "digest." }, status: "DONE" } }),
  };
}

// ------------------------------------------------------------------------------- entry point

/**
 * Fills a freshly imported example organisation with the twelve weeks before `options.now`.
 * Meant for an otherwise empty database: it neither checks for nor removes earlier data.
 */
export async function seedSampleData(services: ServiceDeps, options: SampleDataOptions): Promise<SampleDataSummary> {
  const organisation = services.organisation();
  if (!organisation) throw new Error("Sample data needs an organisation: import examples/org.yml first");
  const now = options.now;
  const from = new Date(now.getTime() - WEEKS * 7 * DAY_MS);
  const installedAt = new Date(from.getTime() - DAY_MS);
  const employees = await services.prisma.employee.findMany({
    where: { active: true },
    select: { id: true, email: true, name: true, departmentId: true, slackUserId: true, teamsUserId: true, locale: true, startDate: true },
  });
  const departments = await services.prisma.department.findMany({ where: { active: true }, select: { id: true, key: true } });
  const ctx: Context = {
    deps: services,
    now,
    from,
    installedAt,
    zone: organisation.company.timezone,
    workWeek: organisation.company.workWeek,
    rng: new Rng(20_261_130),
    people: new Map(employees.map((e) => [e.email.split("@")[0]!, { ...e, key: e.email.split("@")[0]! }])),
    departments: new Map(departments.map((d) => [d.key, d.id])),
    hash: options.hashCustomer ?? customerHasher(DEMO_CUSTOMER_SECRET),
  };
  for (const who of EXAMPLE_PEOPLE) person(ctx, who);
  for (const key of EXAMPLE_DEPARTMENTS) {
    if (!ctx.departments.has(key)) throw new Error(`Sample data expects the example organisation: department ${key} is missing`);
  }

  // The organisation has been here since before the twelve weeks: the weekly jobs ran for them.
  await services.prisma.department.updateMany({ data: { createdAt: installedAt } });
  await services.prisma.employee.updateMany({ data: { createdAt: installedAt } });

  const spike = await spikeWeek(ctx);
  const timeline = new Timeline();
  planRotation(ctx, timeline);
  planIdeas(ctx, timeline);
  planStories(ctx, timeline);
  planComplaints(ctx, timeline, planComplaintList(ctx, spike));
  planSwaps(ctx, timeline);
  planAbsence(ctx, timeline);
  await planWeeklyJobs(ctx, timeline);
  await timeline.run();

  // As at start-up: what is now within notice is published.
  await publishRotation(services, { now, until: "due", eventKey: `sample:${runKeyFor(now)}` });
  // Rows the services stamp with the clock alone.
  await services.prisma.$executeRaw`UPDATE shifts SET created_at = COALESCE(published_at, ${now.toISOString()}::timestamp(3))`;
  await services.prisma.$executeRaw`UPDATE job_runs SET claimed_at = scheduled_for, finished_at = scheduled_for WHERE claimed_by = ${INSTANCE}`;

  return summarise(ctx, spike);
}
