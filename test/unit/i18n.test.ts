import { catalogues, resolveLocale, t, toLocale } from "../../src/i18n";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("have the same keys in English and Hebrew", () => {
    const english = keys(catalogues.en).sort();
    const hebrew = keys(catalogues.he).sort();
    expect(hebrew.filter((k) => !english.includes(k))).toEqual([]);
    expect(english.filter((k) => !hebrew.includes(k))).toEqual([]);
  });

  it("have no empty strings and the same placeholders in both languages", () => {
    for (const key of keys(catalogues.en)) {
      const placeholders = (locale: "en" | "he") => (t(locale, key).match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(t("en", key)).not.toBe("");
      expect(t("he", key)).not.toBe("");
      expect([key, placeholders("he")]).toEqual([key, placeholders("en")]);
    }
  });

  it("isolates interpolated values inside Hebrew sentences", () => {
    expect(t("he", "help.intro", { name: "Dana" })).toContain("\u2068Dana\u2069");
    expect(t("en", "help.intro", { name: "Dana" })).toBe("Hi Dana! Here is what you can ask me:");
  });

  it("prefers the organisation file, then the platform, then the company", () => {
    expect(resolveLocale({ employee: "en", platform: "he-IL", company: "he" })).toBe("en");
    expect(resolveLocale({ employee: null, platform: "he-IL", company: "en" })).toBe("he");
    expect(resolveLocale({ platform: "fr-FR", company: "he" })).toBe("he");
  });
});

describe("a platform's or directory's locale", () => {
  it("narrows to a language of ours, Hebrew's old code included, and nothing else", () => {
    expect(["he-IL", "iw", "IW_il", "en_US", "en", "fr-FR", "", null, undefined].map(toLocale)).toEqual(["he", "he", "he", "en", "en", undefined, undefined, undefined, undefined]);
  });
});
