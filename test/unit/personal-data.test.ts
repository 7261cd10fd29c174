import { findPersonalData, isValidIsraeliId, luhn, redactPersonalData } from "../../src/domain/personal-data";

/** The kinds and the exact text of what was found, in order. */
const found = (text: string) => findPersonalData(text).map((s) => [s.kind, text.slice(s.start, s.end)]);

describe("isValidIsraeliId and luhn", () => {
  it("accept real check digits and reject a changed digit", () => {
    expect(isValidIsraeliId("123456782")).toBe(true);
    expect(isValidIsraeliId("123456789")).toBe(false);
    expect(isValidIsraeliId("12345674")).toBe(true); // 8 digits: 012345674
    expect(isValidIsraeliId("12a456782")).toBe(false);
    expect(luhn("4111111111111111")).toBe(true);
    expect(luhn("4111111111111112")).toBe(false);
    expect(luhn("378282246310005")).toBe(true);
  });
});

describe("findPersonalData: e-mail", () => {
  it("finds addresses in English and glued to Hebrew, without swallowing the Hebrew", () => {
    expect(found("write to dana.cohen+orders@example.co.il please")).toEqual([["email", "dana.cohen+orders@example.co.il"]]);
    expect(found("שלחתי לdana@example.com אתמול")).toEqual([["email", "dana@example.com"]]);
    expect(found("המייל שלי: Yossi_K@Mail.Example.ORG.")).toEqual([["email", "Yossi_K@Mail.Example.ORG"]]);
  });

  it("ignores an at sign that is not an address", () => {
    expect(found("meet @ 5, @dana, a@b, user@localhost")).toEqual([]);
  });
});

describe("findPersonalData: phones", () => {
  it.each([
    "052-1234567",
    "0521234567",
    "052 123 4567",
    "052-123-4567",
    "(052) 1234567",
    "02-6234567",
    "03 1234567",
    "077-1234567",
    "+972-52-1234567",
    "+972 52 123 4567",
    "+972521234567",
    "+972 (0) 52-123-4567",
    "+972-3-1234567",
    "00972-3-1234567",
    "972-52-1234567",
    "+1 (555) 123-4567",
    "+44 20 7946 0958",
    "+33612345678",
  ])("finds %s inside Hebrew text", (phone) => {
    expect(found(`אפשר לחזור אליי ב-${phone} בבוקר`)).toEqual([["phone", phone]]);
    expect(found(`טלפון:${phone}`)).toEqual([["phone", phone]]);
  });

  it("does not take a following amount or number into the phone", () => {
    expect(found("052-1234567 350 ₪")).toEqual([["phone", "052-1234567"]]);
  });

  it("rejects numbers that only look like phones", () => {
    expect(found("0 5 2 1 2 3 4 5 6 7")).toEqual([]);
    expect(found("052-123456")).toEqual([]); // a digit short
    expect(found("0621234567")).toEqual([]); // no 06 prefix
    expect(found("+12 34")).toEqual([]); // too short for any country
    expect(found("+972-52-12345")).toEqual([]); // +972 must be a real Israeli number
    expect(found("ORD0521234567 and INV-0521234567")).toEqual([]);
  });
});

describe("findPersonalData: Israeli ID numbers", () => {
  it("finds 9-digit IDs with a valid check digit, 8-digit ones, and the check digit set apart", () => {
    expect(found("ת.ז. 123456782")).toEqual([["israeli-id", "123456782"]]);
    expect(found("ת.ז 12345674 בבקשה")).toEqual([["israeli-id", "12345674"]]);
    expect(found("מספר זהות 12345678-2")).toEqual([["israeli-id", "12345678-2"]]);
    expect(found("(ID 123456782)")).toEqual([["israeli-id", "123456782"]]);
  });

  it("ignores 9-digit numbers whose check digit is wrong, and placeholders", () => {
    expect(found("הזמנה 123456789")).toEqual([]);
    expect(found("ת.ז. 000000000")).toEqual([]);
  });
});

describe("findPersonalData: payment cards", () => {
  it.each(["4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", "6011-0009-9013-9424", "4012888888881881"])(
    "finds %s",
    (card) => {
      expect(found(`חייבו את הכרטיס ${card} פעמיים`)).toEqual([["card", card]]);
    },
  );

  it("leaves a trailing amount out of the card", () => {
    expect(found("card 4111 1111 1111 1111 350 ₪ thanks")).toEqual([["card", "4111 1111 1111 1111"]]);
  });

  it("rejects numbers that fail Luhn or are not grouped like cards", () => {
    expect(found("4111 1111 1111 1112")).toEqual([]);
    expect(found("tracking 4111111111111112")).toEqual([]);
    expect(found("41 1111 1111 1111 11")).toEqual([]);
  });
});

describe("findPersonalData: ordinary numbers", () => {
  it.each([
    "שילמתי ₪350 ועוד 1,200 ש\"ח",
    "the total was $1,234,567.89",
    "ב-2026-11-19 בשעה 10:30",
    "on 19/11/2026 and 19.11.2026",
    "הזמנה #123456782",
    "order ORD-123456782 and A123456782",
    "amount 123456782 ₪",
    "סכום ₪ 123456782",
    "1234567.82 and 9,123456782",
    "version 2.0.52 build 20261119",
    "שעות 08:00-17:00, שלוחה 3",
  ])("finds nothing in %s", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});

describe("findPersonalData: several at once", () => {
  it("returns sorted, non-overlapping spans", () => {
    const text = "dana0521234567@example.com, 052-1234567, ת.ז. 123456782, 4111 1111 1111 1111";
    expect(found(text)).toEqual([
      ["email", "dana0521234567@example.com"],
      ["phone", "052-1234567"],
      ["israeli-id", "123456782"],
      ["card", "4111 1111 1111 1111"],
    ]);
    const spans = findPersonalData(text);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });
});

describe("redactPersonalData", () => {
  it("masks every kind and keeps the rest of the text, Hebrew included", () => {
    expect(redactPersonalData("אפשר לחזור אליי ב-052-1234567 או למייל dana@example.com, ת.ז. 123456782, כרטיס 4111-1111-1111-1111.")).toBe(
      "אפשר לחזור אליי ב-[phone] או למייל [email], ת.ז. [id], כרטיס [card].",
    );
  });

  it("keeps parentheses balanced", () => {
    expect(redactPersonalData("call (052) 1234567 or (123456782)")).toBe("call [phone] or ([id])");
  });

  it("uses the given mask", () => {
    expect(redactPersonalData("dana@example.com 0521234567", (kind) => `<${kind}>`)).toBe("<email> <phone>");
  });

  it("returns text without personal data unchanged", () => {
    const text = "המשלוח איחר ב-3 ימים ושילמתי ₪350";
    expect(redactPersonalData(text)).toBe(text);
  });
});
