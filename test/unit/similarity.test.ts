import {
  DEFAULT_SIMILAR_LIMIT,
  DEFAULT_SIMILARITY_THRESHOLD,
  findSimilar,
  MAX_SEARCH_TERMS,
  searchTermsOf,
  similarityScore,
} from "../../src/domain/similarity";

/** The score of two texts, as the bot computes it from their stored terms. */
const scoreOf = (a: string, b: string) => similarityScore(searchTermsOf(a), searchTermsOf(b));

const idea = (id: number, text: string) => ({ id, text, terms: searchTermsOf(text) });

describe("searchTermsOf: Hebrew", () => {
  it("ignores niqqud and cantillation marks", () => {
    expect(searchTermsOf("חֶשְׁבּוֹנִית")).toEqual(searchTermsOf("חשבונית"));
    expect(searchTermsOf("לָקוֹחַ֑")).toEqual(searchTermsOf("לקוח"));
    expect(searchTermsOf("חֶשְׁבּוֹנִית").join("")).not.toMatch(/[\u0591-\u05C7]/);
  });

  it("maps final letters to their normal forms, so singular and plural can meet", () => {
    expect(searchTermsOf("חשבון")).toEqual(["חשבונ"]);
    expect(searchTermsOf("חשבונות")).toEqual(["חשבונ"]);
    expect(searchTermsOf("ך ם ן ף ץ ערך עם קוד מבצע כסף").join(" ")).not.toMatch(/[ךםןףץ]/);
  });

  it("strips prefixes and plural or feminine endings: החשבוניות and חשבונית share a term", () => {
    const [term] = searchTermsOf("חשבונית");
    for (const form of ["החשבוניות", "בחשבונית", "לחשבוניות", "והחשבונית", "חשבוניות"]) {
      expect(searchTermsOf(form)).toEqual([term]);
    }
    expect(searchTermsOf("לעמלות")).toEqual(searchTermsOf("העמלה"));
    expect(searchTermsOf("הלקוחות")).toEqual(searchTermsOf("לקוח"));
    expect(searchTermsOf("מוצרים")).toEqual(searchTermsOf("המוצר"));
  });

  it("meets a word that itself starts with two prefix letters when a prefix is added: המשלוח and משלוח", () => {
    expect(searchTermsOf("המשלוח")).toEqual(searchTermsOf("משלוח"));
    expect(searchTermsOf("במשלוחים")).toEqual(searchTermsOf("משלוח"));
    expect(searchTermsOf("והמשלוח")).toEqual(searchTermsOf("המשלוח"));
  });

  it("keeps at least three letters, so short words are left alone", () => {
    expect(searchTermsOf("בית")).toEqual(["בית"]);
    expect(searchTermsOf("ספר")).toEqual(["ספר"]);
  });

  it("splits on maqaf and punctuation, and keeps quoted loanwords and acronyms whole", () => {
    expect(searchTermsOf("בית־ספר")).toEqual(["בית", "ספר"]);
    expect(searchTermsOf("צ'אט")).toEqual(["צאט"]);
    expect(searchTermsOf("צ׳אט")).toEqual(["צאט"]);
    expect(searchTermsOf('המנכ"ל')).toEqual(searchTermsOf("מנכ״ל"));
  });

  it("drops function words, also with ו or ש glued on", () => {
    expect(searchTermsOf("אנחנו צריכים לשפר את זה")).toEqual(["שפר"]);
    expect(searchTermsOf("וגם שלא יש אין של על עם כי אם הוא היא כדאי ושאין")).toEqual([]);
  });
});

describe("searchTermsOf: English", () => {
  it.each([
    ["invoice", ["invoices", "invoiced", "invoicing", "INVOICE"]],
    ["send", ["sending", "sends"]],
    ["open", ["opened", "opening", "opens"]],
    ["stop", ["stopped", "stopping", "stops"]],
    ["policy", ["policies"]],
    ["box", ["boxes"]],
    ["apply", ["applied"]],
  ])("gives %s the same term as its other forms", (base, forms) => {
    for (const form of forms) expect(searchTermsOf(form)).toEqual(searchTermsOf(base));
  });

  it("leaves words alone that only look inflected", () => {
    for (const word of ["process", "status", "analysis", "string", "call", "fee", "add"]) {
      expect(searchTermsOf(word)).toEqual([word]);
    }
    expect(searchTermsOf("speed")).toEqual(["speed"]);
    expect(searchTermsOf("calling")).toEqual(["call"]);
    expect(searchTermsOf("missed")).toEqual(["miss"]);
  });

  it("drops stopwords and one-letter tokens", () => {
    expect(searchTermsOf("We should improve the invoice, please")).toEqual(
      searchTermsOf("improve invoice"),
    );
    expect(searchTermsOf("the a to of and in for is we our should would")).toEqual([]);
    expect(searchTermsOf("x y 5 ב ה")).toEqual([]);
  });

  it("folds case and full-width forms (NFKC)", () => {
    expect(searchTermsOf("ＩＮＶＯＩＣＥ Fee")).toEqual(searchTermsOf("invoice fee"));
  });

  it("keeps numbers and codes", () => {
    expect(searchTermsOf("Error 404 in the B2B portal")).toEqual(["404", "b2b", "error", "portal"]);
  });
});

describe("searchTermsOf: shape", () => {
  it("handles mixed Hebrew and English in one text", () => {
    const terms = searchTermsOf("להוסיף FAQ באתר על ה-invoices החודשיות");
    expect(terms).toEqual(expect.arrayContaining(["faq", ...searchTermsOf("invoice"), ...searchTermsOf("אתר")]));
    expect(terms).toEqual(expect.arrayContaining(searchTermsOf("חודשי")));
  });

  it("reads words next to emoji", () => {
    expect(searchTermsOf("🎉invoice🎉 10️⃣ ❤️חשבונית")).toEqual(["10", ...searchTermsOf("invoice"), ...searchTermsOf("חשבונית")]);
  });

  it("returns distinct terms, sorted, the same every time", () => {
    const text = "Invoices, invoices and more INVOICES: the fee on the invoice, החשבונית והחשבוניות";
    const terms = searchTermsOf(text);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms).toEqual([...terms].sort());
    expect(searchTermsOf(text)).toEqual(terms);
  });

  it(`keeps at most ${MAX_SEARCH_TERMS} terms, the first ones in the text`, () => {
    const words = Array.from({ length: 150 }, (_, i) => `w${i}`);
    const terms = searchTermsOf(words.join(" "));
    expect(terms).toHaveLength(MAX_SEARCH_TERMS);
    expect(terms).toEqual(words.slice(0, MAX_SEARCH_TERMS).sort());
    expect(searchTermsOf(words.join(" "))).toEqual(terms);
  });

  it.each(["", "   ", "\n\t ", "🎉🚀👍", "👨‍👩‍👧 ❤️ 1️⃣ 🇮🇱 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "?!... --- ***", "\u200F\u200E"])(
    "gives no terms and a score of 0 for %j",
    (text) => {
      expect(searchTermsOf(text)).toEqual([]);
      expect(scoreOf(text, "Explain the fee on the invoice")).toBe(0);
      expect(scoreOf(text, text)).toBe(0);
      expect(findSimilar(searchTermsOf(text), [idea(1, "Explain the fee")], { threshold: 0 })).toEqual([]);
    },
  );
});

describe("similarityScore", () => {
  it.each([
    ["להוסיף הסבר על העמלה בחשבונית", "הסבר ברור לעמלות בחשבונית החודשית"],
    ["לשלוח ללקוחות תזכורת לפני חידוש המנוי", "תזכורת ללקוח לפני שהמנוי מתחדש"],
    ["להחזיר כסף מהר יותר על מוצרים פגומים", "החזר כספי מהיר למוצר פגום"],
    ["הדרכה לעובדי הסניפים על מדיניות ההחזרות", "להדריך את העובדים בסניף על מדיניות החזרת מוצרים"],
    ["Explain the fee on the invoice", "Invoices should explain every fee clearly"],
    ["Send customers a reminder before the subscription renews", "Remind the customer before renewing their subscription"],
    ["The invoicing emails go to spam", "Invoice emails end up in the spam folder"],
    ["Customer service chat on the website", "Add live chat to our website for customer service"],
    ["להוסיף FAQ באתר על החשבונית", "FAQ באתר עם שאלות על חשבוניות"],
  ])("scores clearly related ideas above the threshold: %s / %s", (a, b) => {
    expect(scoreOf(a, b)).toBeGreaterThanOrEqual(DEFAULT_SIMILARITY_THRESHOLD);
  });

  it.each([
    ["להוסיף הסבר על העמלה בחשבונית", "להאריך את שעות הפתיחה בסניף חיפה"],
    ["המיילים עם החשבוניות נכנסים לספאם", "הדרכה לעובדי הסניפים על מדיניות ההחזרות"],
    ["הדרכה לעובדי הסניפים על מדיניות ההחזרות", "חניה ללקוחות ליד הסניף"],
    ["Explain the fee on the invoice", "Longer opening hours for the Haifa store"],
    ["Improve the website search", "Faster refunds for damaged products"],
    ["Customer service chat on the website", "Customer parking at the store"],
    ["Train store staff on the new returns policy", "Customer parking at the store"],
    ["Explain the fee on the invoice", "להאריך את שעות הפתיחה בסניף חיפה"],
  ])("scores unrelated ideas below the threshold: %s / %s", (a, b) => {
    expect(scoreOf(a, b)).toBeLessThan(DEFAULT_SIMILARITY_THRESHOLD);
  });

  it("is 1 for the same terms, in any order and with duplicates", () => {
    expect(similarityScore(["fee", "invoic"], ["invoic", "fee", "fee"])).toBe(1);
  });

  it("is 0 when nothing resembles", () => {
    expect(similarityScore(["fee", "invoic"], ["haifa", "hour"])).toBe(0);
    expect(similarityScore([], ["fee"])).toBe(0);
    expect(similarityScore([], [])).toBe(0);
  });

  it("is symmetric, deterministic and within [0, 1]", () => {
    const texts = [
      "להוסיף הסבר על העמלה בחשבונית",
      "Invoices should explain every fee clearly",
      "הסבר על ה-fee בחשבונית",
      "Longer opening hours for the Haifa store",
    ];
    for (const a of texts) {
      for (const b of texts) {
        const s = scoreOf(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(scoreOf(b, a)).toBe(s);
        expect(scoreOf(a, b)).toBe(s);
      }
    }
  });

  it("gives partial credit to near-spellings, less than to the same words", () => {
    const exact = scoreOf("Explain the fee on the invoice", "Explain the fees on invoices");
    const typos = scoreOf("Explain the fee on the invoice", "Explian the fees on invoises");
    expect(exact).toBe(1);
    expect(typos).toBeGreaterThan(1 / 3); // what "fee" alone would give
    expect(typos).toBeLessThan(exact);
    expect(typos).toBeGreaterThanOrEqual(DEFAULT_SIMILARITY_THRESHOLD);
  });
});

describe("findSimilar", () => {
  const query = searchTermsOf("Explain the fee on the invoice");
  const candidates = [
    idea(1, "Longer opening hours for the Haifa store"),
    idea(2, "Invoices should explain every fee clearly"),
    idea(3, "Explain the fee"),
    idea(4, "Explain every invoice fee"),
    idea(5, "The invoice fee"),
    idea(6, "Explain the fee on the invoice"),
    idea(7, "Customer parking at the store"),
  ];

  it(`returns the best ${DEFAULT_SIMILAR_LIMIT} above the threshold, best first`, () => {
    const found = findSimilar(query, candidates);
    expect(found.map((m) => m.item.id)).toEqual([6, 4, 2]);
    expect(found[0]?.score).toBe(1);
    expect(found[0]?.item).toBe(candidates[5]);
    const scores = found.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it("puts the higher id first on equal scores, whatever the input order", () => {
    const found = findSimilar(query, [...candidates].reverse(), { limit: 10 });
    expect(found.map((m) => m.item.id)).toEqual([6, 4, 2, 5, 3]);
    expect(found[3]?.score).toBe(found[4]?.score);
    expect(findSimilar(query, candidates, { limit: 10 })).toEqual(found);
  });

  it("honours the limit and the threshold", () => {
    expect(findSimilar(query, candidates, { limit: 1 }).map((m) => m.item.id)).toEqual([6]);
    expect(findSimilar(query, candidates, { limit: 0 })).toEqual([]);
    expect(findSimilar(query, candidates, { threshold: 1, limit: 10 }).map((m) => m.item.id)).toEqual([6, 4]);
    const all = findSimilar(query, candidates, { threshold: 0, limit: 10 });
    expect(all.every((m) => m.score > 0)).toBe(true);
    expect(all.map((m) => m.item.id)).not.toContain(1);
  });

  it("finds Hebrew ideas for a Hebrew query", () => {
    const hebrew = [
      idea(10, "הסבר ברור לעמלות בחשבונית החודשית"),
      idea(11, "להאריך את שעות הפתיחה בסניף חיפה"),
      idea(12, "חניה ללקוחות ליד הסניף"),
    ];
    const found = findSimilar(searchTermsOf("להוסיף הסבר על העמלה בחשבונית"), hebrew);
    expect(found.map((m) => m.item.id)).toEqual([10]);
  });

  it("returns nothing for no candidates or an empty query, and leaves its input alone", () => {
    expect(findSimilar(query, [])).toEqual([]);
    expect(findSimilar([], candidates, { threshold: 0 })).toEqual([]);
    const before = candidates.map((c) => c.id);
    findSimilar(query, candidates);
    expect(candidates.map((c) => c.id)).toEqual(before);
  });
});
