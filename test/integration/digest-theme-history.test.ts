import { digestPeriod } from "../../src/domain/complaints/digest-period";
import { themeHistory } from "../../src/services/complaints/digest-figures";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

/**
 * The eight weeks before a digest's own, for the themes that are candidates for a spike or a
 * rising theme. Billing's digest is posted Sunday 22 Nov 2026 09:00 in Jerusalem; its own week
 * starts Sunday 15 Nov 00:00 local (14 Nov 22:00 UTC), and the history weeks start on the
 * Sundays from 20 Sep (19 Sep 21:00 UTC, summer time) to 8 Nov. Israel's clocks went back on
 * 25 Oct, so the sixth week is 169 hours long.
 */
const PERIOD = digestPeriod(new Date("2026-11-22T07:00:00Z"), "Asia/Jerusalem");

describe.each(databaseKinds)("a digest's theme history on %s", (kind) => {
  let db: TestDatabase;
  const ids = { billing: 0, app: 0, stores: 0 };

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    for (const key of ["billing", "app", "stores"] as const) {
      ids[key] = (await db.prisma.department.create({ data: { key, name: key } })).id;
    }
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it("counts each candidate theme per department and history week, and nothing outside them", async () => {
    let n = 0;
    const at = (departmentId: number, receivedAt: string, themes: string[]) => ({
      externalId: `h-${++n}`,
      receivedAt: new Date(receivedAt),
      departmentId,
      text: themes.join(", "),
      themes,
    });
    await db.prisma.complaint.createMany({
      data: [
        // Billing's "double charge": twice in the first week, once on the second's first instant,
        // once in the third and once in the last instant before the digest's own week.
        at(ids.billing, "2026-09-19T21:00:00.000Z", ["double charge"]),
        at(ids.billing, "2026-09-23T08:00:00.000Z", ["double charge", "rude agent"]),
        at(ids.billing, "2026-09-26T21:00:00.000Z", ["double charge"]),
        at(ids.billing, "2026-10-05T09:00:00.000Z", ["double charge"]),
        at(ids.billing, "2026-11-14T21:59:59.999Z", ["double charge"]),
        // Outside the history: just before its first week, and in the digest's own week.
        at(ids.billing, "2026-09-19T20:59:59.999Z", ["double charge"]),
        at(ids.billing, "2026-11-14T22:00:00.000Z", ["double charge", "late refund"]),
        // 31 Oct 23:30 in Jerusalem (winter time): still the sixth week, which ends at 1 Nov 00:00 local.
        at(ids.billing, "2026-10-31T21:30:00.000Z", ["late refund"]),
        // The app's candidate said in billing: not billing's candidate, so not in billing's history.
        at(ids.billing, "2026-10-20T09:00:00.000Z", ["app crash"]),
        // The app's "app crash" three times in the fifth week, once beside billing's candidate.
        at(ids.app, "2026-10-18T06:00:00.000Z", ["app crash"]),
        at(ids.app, "2026-10-20T09:00:00.000Z", ["app crash", "double charge"]),
        at(ids.app, "2026-10-24T20:59:59.999Z", ["app crash"]),
        // Stores is no candidate's department.
        at(ids.stores, "2026-10-05T09:00:00.000Z", ["double charge", "app crash"]),
      ],
    });

    const history = await themeHistory(
      db.prisma,
      [
        { departmentId: ids.billing, theme: "double charge" },
        { departmentId: ids.billing, theme: "late refund" },
        { departmentId: ids.billing, theme: "wrong size" },
        { departmentId: ids.app, theme: "app crash" },
      ],
      PERIOD,
    );

    expect([...history.keys()].sort()).toEqual([ids.billing, ids.app].sort());
    expect(Object.fromEntries(history.get(ids.billing)!)).toEqual({
      "double charge": [2, 1, 1, 0, 0, 0, 0, 1],
      "late refund": [0, 0, 0, 0, 0, 1, 0, 0],
      "wrong size": [0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(Object.fromEntries(history.get(ids.app)!)).toEqual({ "app crash": [0, 0, 0, 0, 3, 0, 0, 0] });
  });

  it("reads nothing for no candidates", async () => {
    expect(await themeHistory(db.prisma, [], PERIOD)).toEqual(new Map());
  });
});
