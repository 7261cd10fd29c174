import { findRepeatOf, REPEAT_WINDOW_DAYS } from "../../src/domain/complaints/repeats";
import { searchTermsOf } from "../../src/domain/similarity";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-11-19T10:00:00Z");
const daysBefore = (days: number) => new Date(now.getTime() - days * DAY);

const complaint = (text: string, category: string | null = null) => ({ receivedAt: now, terms: searchTermsOf(text), category });
const earlier = (id: number, days: number, text: string, options: { repeatOfId?: number; category?: string | null } = {}) => ({
  id,
  receivedAt: daysBefore(days),
  repeatOfId: options.repeatOfId ?? null,
  terms: searchTermsOf(text),
  category: options.category ?? null,
});

describe("findRepeatOf", () => {
  it("is 30 days", () => {
    expect(REPEAT_WINDOW_DAYS).toBe(30);
  });

  it("finds a similar complaint within 30 days, in Hebrew and in English", () => {
    expect(findRepeatOf(complaint("החשבונית שקיבלתי שגויה שוב"), [earlier(7, 3, "קיבלתי חשבונית שגויה")])).toBe(7);
    expect(findRepeatOf(complaint("The invoice I received is wrong again"), [earlier(8, 10, "wrong invoice received")])).toBe(8);
  });

  it("ignores dissimilar complaints", () => {
    expect(findRepeatOf(complaint("השליח לא הגיע בזמן"), [earlier(7, 3, "קיבלתי חשבונית שגויה")])).toBeUndefined();
  });

  it("links to the first complaint of the chain", () => {
    const history = [earlier(3, 20, "wrong invoice"), earlier(5, 10, "wrong invoice again", { repeatOfId: 3 })];
    expect(findRepeatOf(complaint("the invoice is wrong"), [history[1]!])).toBe(3);
    expect(findRepeatOf(complaint("the invoice is wrong"), history)).toBe(3);
  });

  it("only looks 30 days back, the 30th day included, and never forward", () => {
    expect(findRepeatOf(complaint("wrong invoice"), [earlier(1, 30, "wrong invoice")])).toBe(1);
    expect(findRepeatOf(complaint("wrong invoice"), [earlier(1, 30.01, "wrong invoice")])).toBeUndefined();
    expect(findRepeatOf(complaint("wrong invoice"), [earlier(1, -1, "wrong invoice")])).toBeUndefined();
    expect(findRepeatOf(complaint("wrong invoice"), [earlier(1, 0, "wrong invoice")])).toBe(1); // same instant, e.g. one batch
  });

  it("treats the same non-empty category as similar", () => {
    const c = complaint("לא מרוצה", "Billing");
    expect(findRepeatOf(c, [earlier(4, 2, "delivery late", { category: "billing " })])).toBe(4);
    expect(findRepeatOf(c, [earlier(4, 2, "delivery late", { category: "Shipping" })])).toBeUndefined();
    expect(findRepeatOf(complaint("לא מרוצה", ""), [earlier(4, 2, "delivery late", { category: "" })])).toBeUndefined();
    expect(findRepeatOf(complaint("לא מרוצה"), [earlier(4, 2, "delivery late")])).toBeUndefined();
  });

  it("uses the threshold given", () => {
    const c = complaint("wrong invoice amount charged");
    const e = [earlier(9, 1, "wrong invoice date")];
    expect(findRepeatOf(c, e, 0.3)).toBe(9);
    expect(findRepeatOf(c, e, 0.95)).toBeUndefined();
  });

  it("prefers the most similar earlier complaint, then the latest", () => {
    const c = complaint("wrong invoice amount");
    expect(findRepeatOf(c, [earlier(1, 5, "wrong invoice amount"), earlier(2, 1, "wrong invoice date")])).toBe(1);
    expect(findRepeatOf(c, [earlier(1, 5, "wrong invoice amount"), earlier(2, 1, "wrong invoice amount")])).toBe(2);
  });

  it("finds nothing without earlier complaints or terms", () => {
    expect(findRepeatOf(complaint("wrong invoice"), [])).toBeUndefined();
    expect(findRepeatOf(complaint("!!!"), [earlier(1, 1, "!!!")])).toBeUndefined();
  });
});
