import { parseOrganisation } from "../../src/config/organisation";
import { hoursReport, UnknownDepartmentError, type HoursReport } from "../../src/services/rotation/hours-report";
import { shiftTimes } from "../../src/services/rotation/rotation-calendar";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

/**
 * The week of Sunday 3 to Saturday 9 January 2027 in Jerusalem: Sunday to Thursday are
 * working days, the 5th is closed, so a full-time person owes 4 × 0.1 × 8 = 3.2 hours.
 */
const organisation = parseOrganisation(
  `company: { name: Acme, timezone: Asia/Jerusalem, locale: en }
departments:
  - { key: billing, name: Billing }
  - { key: sales, name: Sales }
employees: []
# No onboarding days: a new hire owes hours from their start date (onboarding owes none: rotation-onboarding tests).
support_line: { share: 0.1, public_holidays: false, closures: [2027-01-05], onboarding_days: 0 }
`,
  "org.yml",
);
const zone = "Asia/Jerusalem";
const range = { from: "2027-01-03", to: "2027-01-09" };
const now = shiftTimes("2027-01-05", { start: "12:00", end: "13:00" }, zone).startsAt;

describe.each(databaseKinds)("the hours report on %s", (kind) => {
  let db: TestDatabase;
  const deps = () => ({ prisma: db.prisma, organisation: () => organisation });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const billing = await db.prisma.department.create({ data: { key: "billing", name: "Billing" } });
    const sales = await db.prisma.department.create({ data: { key: "sales", name: "Sales" } });
    const person = (email: string, name: string, departmentId: number, extra: object = {}) =>
      db.prisma.employee.create({ data: { email, name, departmentId, ...extra } });
    const dana = await person("dana@acme.example", "Dana Levi", billing.id);
    await person("noa@acme.example", "נועה כהן", billing.id, { fte: 0.5, startDate: new Date("2027-01-06T00:00:00Z") });
    const avi = await person("avi@acme.example", "Avi Mizrahi", sales.id);
    const former = await person("former@acme.example", "Former Person", sales.id, { active: false, deactivatedAt: new Date("2027-01-05T10:00:00Z") });
    const gone = await person("gone@acme.example", "Gone Without Shifts", sales.id, { active: false, deactivatedAt: new Date("2026-06-01T00:00:00Z") });
    await db.prisma.absence.create({ data: { employeeId: dana.id, startsOn: new Date("2027-01-06T00:00:00Z"), endsOn: new Date("2027-01-06T00:00:00Z") } });

    let seat = 0;
    const shift = (employeeId: number, date: string, start: string, end: string, status: "PLANNED" | "PUBLISHED" | "CANCELLED" = "PUBLISHED") =>
      db.prisma.shift.create({ data: { employeeId, status, seat: ++seat, ...shiftTimes(date, { start, end }, zone) } });
    await shift(dana.id, "2027-01-03", "09:00", "13:00"); // ended before now: worked
    await shift(dana.id, "2027-01-07", "13:00", "17:00", "PLANNED"); // still to come: scheduled
    await shift(dana.id, "2027-01-04", "09:00", "13:00", "CANCELLED");
    // 00:30 in Jerusalem is still the 2nd in UTC: the shift belongs to the local 3rd.
    await shift(avi.id, "2027-01-03", "00:30", "02:30");
    await shift(avi.id, "2027-01-10", "09:00", "13:00"); // the next week
    await shift(former.id, "2027-01-04", "09:00", "13:00");
    await shift(gone.id, "2027-01-04", "13:00", "17:00", "CANCELLED");
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  const byEmail = (report: HoursReport) => new Map(report.people.map((p) => [p.email, p]));

  it("sets each person's target against the hours worked and still scheduled", async () => {
    const report = await hoursReport(deps(), { ...range, now });
    expect(report.people.map((p) => p.email)).toEqual(["dana@acme.example", "noa@acme.example", "avi@acme.example", "former@acme.example"]);
    const people = byEmail(report);

    const dana = people.get("dana@acme.example")!;
    expect(dana.department).toEqual({ key: "billing", name: "Billing" });
    expect(dana.targetHours).toBeCloseTo(2.4); // her absent Wednesday is left out
    expect(dana).toMatchObject({ workedHours: 4, scheduledHours: 4, shiftCount: 2 });
    expect(dana.difference).toBeCloseTo(5.6);

    const noa = people.get("noa@acme.example")!;
    expect(noa.name).toBe("נועה כהן");
    expect(noa.targetHours).toBeCloseTo(0.8); // half time, from her start on the 6th
    expect(noa).toMatchObject({ workedHours: 0, scheduledHours: 0, shiftCount: 0, fte: 0.5 });
    expect(noa.difference).toBeCloseTo(-0.8);

    const avi = people.get("avi@acme.example")!;
    expect(avi.targetHours).toBeCloseTo(3.2);
    expect(avi).toMatchObject({ workedHours: 2, scheduledHours: 0, shiftCount: 1 });

    // Someone who left is listed for the shifts they did, owing only the days before leaving.
    const former = people.get("former@acme.example")!;
    expect(former).toMatchObject({ active: false, workedHours: 4, shiftCount: 1 });
    expect(former.targetHours).toBeCloseTo(1.6);
  });

  it("adds up each department and the whole company", async () => {
    const report = await hoursReport(deps(), { ...range, now });
    expect(report.departments.map((d) => [d.key, d.people, d.shiftCount, d.workedHours, d.scheduledHours])).toEqual([
      ["billing", 2, 2, 4, 4],
      ["sales", 2, 2, 6, 0],
    ]);
    expect(report.departments[0]!.targetHours).toBeCloseTo(3.2);
    expect(report.departments[1]!.difference).toBeCloseTo(1.2);
    expect(report.totals.people).toBe(4);
    expect(report.totals.targetHours).toBeCloseTo(8);
    expect(report.totals.workedHours + report.totals.scheduledHours).toBe(14);
    expect(report.share).toBe(0.1);
  });

  it("counts a shift as worked once it has ended", async () => {
    const later = shiftTimes("2027-01-08", { start: "00:00", end: "01:00" }, zone).startsAt;
    const dana = byEmail(await hoursReport(deps(), { ...range, now: later })).get("dana@acme.example")!;
    expect(dana).toMatchObject({ workedHours: 8, scheduledHours: 0 });
  });

  it("keeps to one department, and names the known ones for an unknown key", async () => {
    const report = await hoursReport(deps(), { ...range, now, departmentKey: "sales" });
    expect(report.people.map((p) => p.email)).toEqual(["avi@acme.example", "former@acme.example"]);
    expect(report.departments.map((d) => d.key)).toEqual(["sales"]);
    const unknown = hoursReport(deps(), { ...range, now, departmentKey: "marketing" });
    await expect(unknown).rejects.toBeInstanceOf(UnknownDepartmentError);
    await expect(unknown).rejects.toThrow('Unknown department "marketing" (known: billing, sales)');
  });

  it("refuses a range that ends before it starts", async () => {
    await expect(hoursReport(deps(), { from: "2027-01-09", to: "2027-01-03", now })).rejects.toThrow(/starts \(2027-01-09\) after it ends/);
  });
});
