import { MAX_THEMES, themesOf, topThemes } from "../../src/domain/complaints/themes";

describe("themesOf", () => {
  it("gives content words and phrases of adjacent content words, in order, in English", () => {
    expect(themesOf("The delivery fee was charged twice!")).toEqual([
      "delivery",
      "fee",
      "delivery fee",
      "charged",
      "twice",
      "charged twice",
    ]);
  });

  it("gives Hebrew words with final letters as Hebrew writes them, and without niqqud", () => {
    expect(themesOf("דמי משלוח גבוהים")).toEqual(["דמי", "משלוח", "דמי משלוח", "גבוהים", "משלוח גבוהים"]);
    expect(themesOf("חֶשְׁבּוֹן שגוי")).toEqual(["חשבון", "שגוי", "חשבון שגוי"]);
    expect(themesOf("החשבון")).toEqual(["החשבון"]);
    expect(themesOf("הכסף").join(" ")).toBe("הכסף");
  });

  it("lower-cases and applies NFKC", () => {
    expect(themesOf("ＤＥＬＩＶＥＲＹ Fee")).toEqual(["delivery", "fee", "delivery fee"]);
  });

  it("leaves out stopwords, also with ו or ש glued on, and does not join across them", () => {
    expect(themesOf("the app and the website")).toEqual(["app", "website"]);
    expect(themesOf("וגם שלא היה לי כבר אין")).toEqual([]);
    expect(themesOf("שליח ושוב שליח")).toEqual(["שליח"]);
  });

  it("leaves out how a repeat complaint introduces itself, keeping what it is about", () => {
    expect(themesOf("פונה שוב באותו עניין: המשלוח לא הגיע")).toEqual(["המשלוח", "הגיע"]);
    expect(themesOf("Same as a week ago: the refund")).toEqual(["week", "refund"]);
  });

  it("leaves out short words and numbers, and numbers with a prefix letter", () => {
    expect(themesOf("ok go 350 2026 ב350 ל-3 x")).toEqual([]);
    expect(themesOf("חג שמח")).toEqual(["חג", "שמח", "חג שמח"]); // two Hebrew letters are a word
    expect(themesOf("b2b portal")).toEqual(["b2b", "portal", "b2b portal"]);
  });

  it("does not make phrases across punctuation", () => {
    expect(themesOf("delivery. Fee")).toEqual(["delivery", "fee"]);
    expect(themesOf("משלוח, חשבונית")).toEqual(["משלוח", "חשבונית"]);
  });

  it("never makes a theme of personal data, nor joins words across it", () => {
    const themes = themesOf("call 052-1234567 tomorrow, mail dana.cohen@example.com, ID 123456782, card 4111 1111 1111 1111 charged");
    expect(themes).toEqual(["call", "mail", "card", "charged"]);
    expect(themes.join(" ")).not.toMatch(/\d|dana|cohen|example/);
    expect(themesOf("התקשרו אליי ב-0521234567 בבקשה").join(" ")).not.toMatch(/\d/);
  });

  it("ignores links", () => {
    expect(themesOf("link https://shop.example.com/orders/1 www.example.com/help broken")).toEqual(["link", "broken"]);
  });

  it("deduplicates and stops at the limit, deterministically", () => {
    expect(themesOf("refund refund refund")).toEqual(["refund", "refund refund"]);
    const long = Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`).join(" ");
    expect(themesOf(long)).toHaveLength(MAX_THEMES);
    expect(themesOf(long)).toEqual(themesOf(long));
  });

  it("is empty for text with no words", () => {
    expect(themesOf("")).toEqual([]);
    expect(themesOf("!!! 👍 ...")).toEqual([]);
  });
});

describe("topThemes", () => {
  const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it("sorts by count, then by theme, and drops counts under minCount", () => {
    expect(topThemes(counts({ b: 3, a: 3, c: 5, d: 1 }), 10)).toEqual([
      { theme: "c", count: 5 },
      { theme: "a", count: 3 },
      { theme: "b", count: 3 },
    ]);
    expect(topThemes(counts({ a: 3, b: 2 }), 10, 3)).toEqual([{ theme: "a", count: 3 }]);
  });

  it("hides a word behind a phrase counted at least 80% as often", () => {
    expect(topThemes(counts({ delivery: 10, "delivery fee": 9, fee: 9, late: 4 }), 5)).toEqual([
      { theme: "delivery fee", count: 9 },
      { theme: "late", count: 4 },
    ]);
    expect(topThemes(counts({ "דמי משלוח": 8, משלוח: 10 }), 5)).toEqual([{ theme: "דמי משלוח", count: 8 }]);
  });

  it("keeps a word when the phrase is counted less than 80% as often", () => {
    expect(topThemes(counts({ delivery: 10, "delivery fee": 7 }), 5)).toEqual([
      { theme: "delivery", count: 10 },
      { theme: "delivery fee", count: 7 },
    ]);
  });

  it("only hides a word behind a phrase that contains it as a whole word", () => {
    expect(topThemes(counts({ app: 10, "happy customer": 10 }), 5)).toEqual([
      { theme: "app", count: 10 },
      { theme: "happy customer", count: 10 },
    ]);
  });

  it("fills the limit with shown themes: a hidden word lets its phrase in, not a weaker theme", () => {
    expect(topThemes(counts({ delivery: 10, other: 9, "delivery fee": 8 }), 2)).toEqual([
      { theme: "other", count: 9 },
      { theme: "delivery fee", count: 8 },
    ]);
    expect(topThemes(counts({ a: 5, b: 4, c: 3 }), 2)).toHaveLength(2);
    expect(topThemes(counts({ a: 5 }), 0)).toEqual([]);
  });
});
