import { createHmac, hkdfSync } from "node:crypto";
import { createLogger } from "../../src/logger";
import { importComplaintsCsv, type ComplaintsCsvOptions } from "../../src/services/complaints/complaints-csv";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

const SECRET = "complaints-import-secret";

/** The hash as the README's *Complaints webhook* section defines it, computed here independently of the bot's code. */
function expectedHash(reference: string): string {
  const key = Buffer.from(hkdfSync("sha256", SECRET, "", "customer-reference", 32));
  return createHmac("sha256", key).update(reference, "utf8").digest("hex");
}

/** A CRLF export with a BOM, renamed columns, and a quoted field over three lines (rows start on 2, 5, 6, ...). */
const EXPORT = [
  "\uFEFFTicket,Created,Description,customer,department,channel,returned,credit_amount,credit_currency,churn_threat",
  'imp-1,2026-11-19T08:41:00Z,"החשבונית, שוב\r\nשורה שנייה\r\nשורה שלישית",cust-9917,billing,PHONE,כן,40,ils,yes',
  "imp-2,2026-11-19T09:00:00+02:00,Late delivery,,nowhere,email,no,,,0",
  "imp-3,yesterday,Bad date,,,,,,,",
  "imp-4,2026-11-19T09:00:00Z,Too many,,,,,,,,extra",
  "imp-5,2026-11-19T09:00:00Z,Bad flag and credit,,,,maybe,-3,XX,",
  ",2026-11-19T09:00:00Z,No id,,,,,,,",
  "imp-6,2026-11-20 10:30,Local time,,,chat,,,,",
  "",
].join("\r\n");
const MAPPING = { id: "Ticket", received_at: "Created", text: "Description" };

describe.each(databaseKinds)("importing complaints from CSV on %s", (kind) => {
  let db: TestDatabase;
  const run = (csv: string, options: ComplaintsCsvOptions = {}) =>
    importComplaintsCsv({ prisma: db.prisma, logger: createLogger("silent") }, [csv.slice(0, 37), csv.slice(37)], {
      batchSize: 2,
      ...options,
    });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await db.prisma.department.create({ data: { key: "billing", name: "Billing" } });
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.complaint.deleteMany();
  });

  it("keeps the good rows, reports each bad one by the line where it starts, and adds nothing the second time", async () => {
    const first = await run(EXPORT, { mapping: MAPPING, secret: SECRET, timeZone: "Asia/Jerusalem" });
    expect(first.output.split("\n")).toEqual([
      "line 6: Created: expected an ISO 8601 date-time with offset",
      "line 7: expected 10 columns as in the header, found 11",
      "line 8: returned: expected true or false; credit_amount: must not be negative; " +
        "credit_currency: expected a three-letter currency code (ISO 4217) such as ILS",
      "line 9: Ticket: required",
      `warning: line 5: department: unknown department "nowhere"; attributed by the departments' rules instead`,
      "stored 3, duplicates 0 (already imported), bad rows 4, warnings 1",
    ]);
    expect(first.exitCode).toBe(1);

    const rows = await db.prisma.complaint.findMany({ orderBy: { externalId: "asc" }, include: { department: true } });
    expect(rows.map((r) => r.externalId)).toEqual(["imp-1", "imp-2", "imp-6"]);
    const [one, two, six] = rows;
    expect(one).toMatchObject({
      text: "החשבונית, שוב\nשורה שנייה\nשורה שלישית",
      channel: "PHONE",
      returned: true,
      churnThreat: true,
      creditCurrency: "ILS",
      customerHash: expectedHash("cust-9917"),
      receivedAt: new Date("2026-11-19T08:41:00Z"),
    });
    expect(one!.creditAmount?.toFixed(2)).toBe("40.00");
    expect(one!.department?.key).toBe("billing");
    expect(JSON.stringify(rows)).not.toContain("cust-9917");
    expect(two).toMatchObject({ channel: "EMAIL", departmentId: null, customerHash: null, receivedAt: new Date("2026-11-19T07:00:00Z") });
    // No offset: read in the company's time zone (Jerusalem is UTC+2 in November).
    expect(six).toMatchObject({ channel: "CHAT", receivedAt: new Date("2026-11-20T08:30:00Z") });

    const second = await run(EXPORT, { mapping: MAPPING, secret: SECRET, timeZone: "Asia/Jerusalem" });
    expect(second.output).toContain("stored 0, duplicates 3 (already imported), bad rows 4, warnings 0");
    expect(await db.prisma.complaint.count()).toBe(3);
  });

  it("refuses a customer column without COMPLAINTS_WEBHOOK_SECRET, and a mapped column the header lacks, storing nothing", async () => {
    const noSecret = await run(EXPORT, { mapping: MAPPING });
    expect(noSecret.exitCode).toBe(2);
    expect(noSecret.output).toContain("COMPLAINTS_WEBHOOK_SECRET");

    const missing = await run(EXPORT, { mapping: { ...MAPPING, category: "Topic" }, secret: SECRET });
    expect(missing.exitCode).toBe(2);
    expect(missing.output).toContain('--map category=Topic: the header has no column "Topic"');

    const unmapped = await run(EXPORT, { secret: SECRET });
    expect(unmapped.exitCode).toBe(2);
    expect(unmapped.output).toContain('the header has no column "id"');
    expect(await db.prisma.complaint.count()).toBe(0);
  });

  it("needs an offset without a time zone, and keeps the rows before broken quoting", async () => {
    const csv = 'id,received_at,text\nok-1,2026-11-19T08:41:00Z,fine\nok-2,2026-11-20 10:30,no zone\nok-3,2026-11-19T08:41:00Z,"broken"x\nok-4,2026-11-19T08:41:00Z,never read\n';
    const result = await run(csv);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("line 3: received_at: expected an ISO 8601 date-time with offset");
    expect(result.output).toMatch(/line 4: not valid CSV \(.*\); the rest of the file was not read/);
    expect(result.output).toContain("stored 1, duplicates 0 (already imported), bad rows 2, warnings 0");
    expect((await db.prisma.complaint.findMany()).map((r) => r.externalId)).toEqual(["ok-1"]);
  });

  it("exits 0 when every row is good, and lists at most 100 bad rows", async () => {
    const good = await run("id,received_at,text\na,2026-11-19T08:41:00Z,x\n");
    expect(good).toMatchObject({ exitCode: 0, stored: 1 });
    const many = ["id,received_at,text", ...Array.from({ length: 150 }, (_, i) => `b${i},never,x`)].join("\n");
    const result = await run(many);
    const lines = result.output.split("\n");
    expect(lines).toHaveLength(102);
    expect(lines[100]).toBe("... and 50 more bad rows");
    expect(lines[101]).toContain("bad rows 150");
  });
});
