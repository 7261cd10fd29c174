import {
  InvalidScheduleError,
  nextOccurrence,
  previousOccurrence,
  runKeyFor,
  type WeeklySchedule,
} from "../../src/domain/recurrence";

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

/** Occurrences from `start` on, each found as nextOccurrence of the one before. */
function occurrences(schedule: WeeklySchedule, start: Date, count: number): string[] {
  const out: string[] = [];
  let now = start;
  for (let i = 0; i < count; i++) {
    now = nextOccurrence(schedule, now);
    out.push(iso(now));
  }
  return out;
}

describe("weekly recurrence", () => {
  const jerusalemSunday: WeeklySchedule = { kind: "weekly", weekday: 7, hour: 9, timezone: "Asia/Jerusalem" };
  const londonSunday: WeeklySchedule = { kind: "weekly", weekday: 7, hour: 9, minute: 0, timezone: "Europe/London" };

  it("keeps 09:00 local in Jerusalem across spring-forward (Fri 27 Mar 2026): the UTC instant moves an hour earlier", () => {
    expect(occurrences(jerusalemSunday, at("2026-03-16T00:00:00Z"), 3)).toEqual([
      "2026-03-22T07:00:00.000Z", // 09:00 +02:00
      "2026-03-29T06:00:00.000Z", // 09:00 +03:00
      "2026-04-05T06:00:00.000Z",
    ]);
  });

  it("keeps 09:00 local in Jerusalem across fall-back (Sun 25 Oct 2026): the UTC instant moves an hour later", () => {
    expect(occurrences(jerusalemSunday, at("2026-10-12T00:00:00Z"), 3)).toEqual([
      "2026-10-18T06:00:00.000Z", // 09:00 +03:00
      "2026-10-25T07:00:00.000Z", // 09:00 +02:00, the morning after the change
      "2026-11-01T07:00:00.000Z",
    ]);
  });

  it("keeps 09:00 local in London across both changes of 2026", () => {
    expect(occurrences(londonSunday, at("2026-03-16T00:00:00Z"), 2)).toEqual([
      "2026-03-22T09:00:00.000Z", // GMT
      "2026-03-29T08:00:00.000Z", // BST, the morning of the change
    ]);
    expect(occurrences(londonSunday, at("2026-10-12T00:00:00Z"), 2)).toEqual([
      "2026-10-18T08:00:00.000Z", // BST
      "2026-10-25T09:00:00.000Z", // GMT, the morning of the change
    ]);
  });

  it("moves a wall-clock time skipped at spring-forward forward by the gap (02:30 -> 03:30 local)", () => {
    // Israel jumps from 02:00 to 03:00 on Friday 27 March 2026.
    const friday0230: WeeklySchedule = { kind: "weekly", weekday: 5, hour: 2, minute: 30, timezone: "Asia/Jerusalem" };
    expect(occurrences(friday0230, at("2026-03-16T00:00:00Z"), 3)).toEqual([
      "2026-03-20T00:30:00.000Z", // 02:30 +02:00
      "2026-03-27T00:30:00.000Z", // 03:30 +03:00: 02:30 did not exist that night
      "2026-04-02T23:30:00.000Z", // 02:30 +03:00
    ]);
    // Between the missing 02:30 and the 03:30 it became, the occurrence is still ahead.
    expect(iso(previousOccurrence(friday0230, at("2026-03-27T00:15:00Z")))).toBe("2026-03-20T00:30:00.000Z");
    expect(iso(nextOccurrence(friday0230, at("2026-03-27T00:15:00Z")))).toBe("2026-03-27T00:30:00.000Z");
  });

  it("runs a wall-clock time repeated at fall-back once, at the later (standard-time) instant", () => {
    // London goes from 02:00 BST back to 01:00 GMT on Sunday 25 October 2026: 01:30 happens twice.
    const sunday0130: WeeklySchedule = { kind: "weekly", weekday: 7, hour: 1, minute: 30, timezone: "Europe/London" };
    expect(occurrences(sunday0130, at("2026-10-12T00:00:00Z"), 3)).toEqual([
      "2026-10-18T00:30:00.000Z", // 01:30 BST
      "2026-10-25T01:30:00.000Z", // the second 01:30 (GMT); the first, at 00:30Z, does not count
      "2026-11-01T01:30:00.000Z",
    ]);
  });

  it("keeps previous <= now < next, one week apart, through the DST months", () => {
    const broken: string[] = [];
    for (const schedule of [jerusalemSunday, londonSunday]) {
      // Every 97 minutes (so at ever-changing times of day) for three weeks around each change.
      for (const [from, to] of [["2026-03-15", "2026-04-08"], ["2026-10-12", "2026-11-05"]]) {
        for (let t = at(`${from}T00:00:00Z`).getTime(); t < at(`${to}T00:00:00Z`).getTime(); t += 97 * 60_000) {
          const previous = previousOccurrence(schedule, new Date(t));
          const next = nextOccurrence(schedule, new Date(t));
          const gap = next.getTime() - previous.getTime();
          // A week apart give or take the DST hour, and nothing in between.
          const ok =
            previous.getTime() <= t &&
            t < next.getTime() &&
            Math.abs(gap - 7 * 86_400_000) <= 3_600_000 &&
            nextOccurrence(schedule, previous).getTime() === next.getTime();
          if (!ok) broken.push(`${schedule.timezone} ${iso(new Date(t))}: ${iso(previous)} .. ${iso(next)}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("counts an instant exactly at an occurrence as that occurrence", () => {
    const occurrence = at("2026-03-29T06:00:00.000Z");
    expect(iso(previousOccurrence(jerusalemSunday, occurrence))).toBe(iso(occurrence));
    expect(iso(nextOccurrence(jerusalemSunday, occurrence))).toBe("2026-04-05T06:00:00.000Z");
    const justBefore = new Date(occurrence.getTime() - 1);
    expect(iso(previousOccurrence(jerusalemSunday, justBefore))).toBe("2026-03-22T07:00:00.000Z");
    expect(iso(nextOccurrence(jerusalemSunday, justBefore))).toBe(iso(occurrence));
  });

  it("numbers weekdays as ISO 8601 does: 1 is Monday, 6 Saturday, 7 Sunday", () => {
    const day = (weekday: number) =>
      new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" }).format(
        previousOccurrence({ kind: "weekly", weekday, hour: 12, timezone: "UTC" }, at("2026-06-10T00:00:00Z")),
      );
    expect([1, 2, 3, 4, 5, 6, 7].map(day)).toEqual(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]);
  });

  it("finds the occurrence on a weekday other than today's, in the schedule's zone", () => {
    // Saturday 21:30 UTC is already Sunday 00:30 in Jerusalem (+03:00 in summer).
    const sunday0000: WeeklySchedule = { kind: "weekly", weekday: 7, hour: 0, timezone: "Asia/Jerusalem" };
    expect(iso(previousOccurrence(sunday0000, at("2026-06-06T21:30:00Z")))).toBe("2026-06-06T21:00:00.000Z");
    const wednesday: WeeklySchedule = { kind: "weekly", weekday: 3, hour: 14, minute: 45, timezone: "Europe/London" };
    expect(iso(previousOccurrence(wednesday, at("2026-06-06T12:00:00Z")))).toBe("2026-06-03T13:45:00.000Z");
    expect(iso(nextOccurrence(wednesday, at("2026-06-06T12:00:00Z")))).toBe("2026-06-10T13:45:00.000Z");
  });

  it("keys a run by the occurrence's UTC ISO date-time", () => {
    expect(runKeyFor(previousOccurrence(jerusalemSunday, at("2026-03-30T00:00:00Z")))).toBe("2026-03-29T06:00:00.000Z");
  });

  it.each([
    // Weekdays are ISO (1 = Monday ... 7 = Sunday): 0 is not one; the organisation file turns it into 7.
    [{ weekday: 0, hour: 9, timezone: "Asia/Jerusalem" }, /weekday 0 is not 1 \(Monday\) to 7 \(Sunday\)/],
    [{ weekday: 8, hour: 9, timezone: "Asia/Jerusalem" }, /weekday 8/],
    [{ weekday: 7, hour: 24, timezone: "Asia/Jerusalem" }, /hour 24/],
    [{ weekday: 7, hour: 9, minute: 1.5, timezone: "Asia/Jerusalem" }, /minute 1.5/],
    [{ weekday: 7, hour: 9, timezone: "Mars/Olympus" }, /Mars\/Olympus/],
  ])("refuses an invalid schedule %o", (fields, message) => {
    const schedule = { kind: "weekly", ...fields } as WeeklySchedule;
    expect(() => previousOccurrence(schedule, new Date())).toThrow(InvalidScheduleError);
    expect(() => nextOccurrence(schedule, new Date())).toThrow(message);
  });
});

describe("daily recurrence", () => {
  const nightly = { kind: "daily" as const, hour: 4, timezone: "Asia/Jerusalem" };

  it("keeps 04:00 local every day across Jerusalem's fall-back (Sun 25 Oct 2026)", () => {
    const out: string[] = [];
    let now = at("2026-10-23T12:00:00Z");
    for (let i = 0; i < 3; i++) out.push(iso((now = nextOccurrence(nightly, now))));
    expect(out).toEqual([
      "2026-10-24T01:00:00.000Z", // 04:00 +03:00
      "2026-10-25T02:00:00.000Z", // 04:00 +02:00
      "2026-10-26T02:00:00.000Z",
    ]);
  });

  it("finds the latest occurrence: yesterday's before 04:00, today's from 04:00 on", () => {
    expect(iso(previousOccurrence(nightly, at("2026-10-24T00:30:00Z")))).toBe("2026-10-23T01:00:00.000Z");
    expect(iso(previousOccurrence(nightly, at("2026-10-24T01:00:00Z")))).toBe("2026-10-24T01:00:00.000Z");
  });

  it("refuses an hour that is not one", () => {
    expect(() => nextOccurrence({ ...nightly, hour: 24 }, new Date())).toThrow(new InvalidScheduleError("Invalid daily schedule: hour 24 is not 0 to 23"));
  });
});
