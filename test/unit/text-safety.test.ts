import {
  containsRtl,
  delimited,
  ELLIPSIS,
  encodeUrlChars,
  escapeSlackPlainText,
  escapeSlackText,
  escapeTeamsText,
  isolateBidi,
  isolatedTokens,
  type MarkupToken,
  renderMarkup,
  truncate,
} from "../../src/domain/text-safety";

describe("escapeSlackText", () => {
  it.each([
    ["<!channel>", "&lt;!channel&gt;"],
    ["<!here|here>", "&lt;!here|here&gt;"],
    ["<@U123>", "&lt;@U123&gt;"],
    ["<#C123|general>", "&lt;#C123|general&gt;"],
    ["<https://evil|bank>", "&lt;https://evil|bank&gt;"],
    ["<!date^1392734382^{date}|x>", "&lt;!date^1392734382^{date}|x&gt;"],
  ])("shows %s literally", (input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });

  it("escapes ampersands first, including ones that look like entities", () => {
    expect(escapeSlackText("R&D &lt;b&gt;")).toBe("R&amp;D &amp;lt;b&amp;gt;");
  });

  it("swaps formatting marks that could pair up for look-alikes", () => {
    const out = escapeSlackText("*bold* _italic_ ~strike~ `code`");
    expect(out).not.toMatch(/[*_~`]/);
    expect(out).toBe("\u2217bold\u2217 \uFF3Fitalic\uFF3F \u223Cstrike\u223C \u02CBcode\u02CB");
  });

  it("keeps marks inside words, where Slack never formats, so names and addresses stay copyable", () => {
    expect(escapeSlackText("dana_levi@acme.example 2*3 snake_case_name")).toBe(
      "dana_levi@acme.example 2*3 snake_case_name",
    );
    expect(escapeSlackText("שם_משפחה")).toBe("שם_משפחה");
  });

  it("always swaps backticks, which open code spans anywhere", () => {
    expect(escapeSlackText("a`b`c")).toBe("a\u02CBb\u02CBc");
  });

  it("leaves Hebrew, emoji and plain punctuation alone", () => {
    const s = "שלום, עולם! 👋🏽 (100%) - #general @dana";
    expect(escapeSlackText(s)).toBe(s);
  });
});

describe("escapeSlackPlainText", () => {
  it("escapes only the control characters, since plain_text shows no formatting", () => {
    expect(escapeSlackPlainText("<!channel> & *bold*")).toBe("&lt;!channel&gt; &amp; *bold*");
  });
});

describe("escapeTeamsText", () => {
  it("stops links, images and autolinks", () => {
    expect(escapeTeamsText("[bank](https://evil)")).toBe("\\[bank\\](https://evil)");
    expect(escapeTeamsText("![x](https://evil/img.png)")).toBe("!\\[x\\](https://evil/img.png)");
    expect(escapeTeamsText("<https://evil>")).toBe("\\<https://evil>");
  });

  it("stops emphasis, strikethrough and code", () => {
    expect(escapeTeamsText("**b** *i* _i_ ~~s~~ `c`")).toBe("\\*\\*b\\*\\* \\*i\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\`");
  });

  it("cannot inject a mention tag, even through entities", () => {
    expect(escapeTeamsText("<at>Dana</at>")).toBe("\\<at>Dana\\</at>");
    expect(escapeTeamsText("&lt;at&gt;Dana&lt;/at&gt;")).toBe("\\&lt;at\\&gt;Dana\\&lt;/at\\&gt;");
    expect(escapeTeamsText("&#60;at&#62;")).toBe("\\&#60;at\\&#62;");
  });

  it("leaves ampersands that cannot start an entity alone", () => {
    expect(escapeTeamsText("R&D & sales")).toBe("R&D & sales");
  });

  it("escapes block markers at the start of lines only", () => {
    expect(escapeTeamsText("# Title\n- item\n+ item\n> quote\n1. first\n2) second\n===")).toBe(
      "\\# Title\n\\- item\n\\+ item\n\\> quote\n1\\. first\n2\\) second\n\\===",
    );
    expect(escapeTeamsText("issue #4 - fixed in 2.0 > 1.9")).toBe("issue #4 - fixed in 2.0 > 1.9");
  });

  it("escapes backslashes so they cannot cancel our escapes", () => {
    expect(escapeTeamsText("\\*x\\*")).toBe("\\\\\\*x\\\\\\*");
  });
});

describe("direction", () => {
  it("detects right-to-left letters", () => {
    expect(containsRtl("שלום")).toBe(true);
    expect(containsRtl("مرحبا")).toBe(true);
    expect(containsRtl("Dana Levi 123")).toBe(false);
    expect(containsRtl("Dana דנה")).toBe(true);
    expect(containsRtl("")).toBe(false);
  });

  it("isolates a fragment with FSI ... PDI", () => {
    expect(isolateBidi("Dana Levi")).toBe("\u2068Dana Levi\u2069");
    expect(isolateBidi("")).toBe("");
  });
});

describe("truncate", () => {
  it("returns short strings unchanged", () => {
    expect(truncate("hello", 5)).toBe("hello");
  });

  it("ends a cut string with an ellipsis and stays within the limit", () => {
    expect(truncate("hello world", 8)).toBe("hello w…");
    expect(truncate("hello world", 7)).toBe("hello…");
    expect(truncate("hello", 1)).toBe(ELLIPSIS);
    expect(truncate("hello", 0)).toBe("");
  });

  it("never splits a surrogate pair", () => {
    const s = "😀😀😀😀";
    for (let max = 0; max <= s.length; max++) {
      const out = truncate(s, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it("keeps emoji sequences and Hebrew letters with their vowel points whole", () => {
    expect(truncate("👩🏽‍💻👩🏽‍💻", 10)).toBe("👩🏽‍💻…");
    expect(truncate("שָׁלוֹם עוֹלָם", 4)).toBe("שָׁ…");
  });

  it("cuts exactly where cutting the fully segmented string would", () => {
    const pieces = ["a", " ", "ש", "שָׁ", "😀", "👩🏽‍💻", "🇮🇱", "e\u0301", "&"];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (let run = 0; run < 50; run++) {
      const s = Array.from({ length: 12 }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      for (let max = 0; max <= s.length; max++) {
        let expected = "";
        for (const { segment } of segmenter.segment(s)) {
          if (expected.length + segment.length > max - 1) break;
          expected += segment;
        }
        expected = s.length <= max ? s : max < 1 ? "" : expected.trimEnd() + ELLIPSIS;
        expect({ s, max, out: truncate(s, max) }).toEqual({ s, max, out: expected });
      }
    }
  });
});

describe("renderMarkup", () => {
  const upper = (s: string) => s.toUpperCase();

  it("renders everything when it fits", () => {
    const tokens: MarkupToken[] = [{ text: "a " }, ...delimited("*", "*", [{ text: "b" }]), { atom: "<@U1>" }];
    expect(renderMarkup(tokens, upper)).toBe("A *B*<@U1>");
  });

  it("closes delimiters it opened when cutting inside them", () => {
    const tokens = delimited("*", "*", [{ text: "hello world" }]);
    expect(renderMarkup(tokens, upper, 9)).toBe("*HELLO…*");
  });

  it("keeps atoms whole or leaves them out", () => {
    const tokens: MarkupToken[] = [{ text: "hi " }, { atom: "<https://example.com|label>" }];
    expect(renderMarkup(tokens, upper, 20)).toBe("HI…");
  });

  it("never cuts an escape sequence in half", () => {
    const out = renderMarkup([{ text: "a&b&c&d" }], escapeSlackPlainText, 12);
    expect(out).toBe("a&amp;b…");
  });

  it("respects every budget and keeps isolates balanced", () => {
    const tokens: MarkupToken[] = [
      { text: "Idea from " },
      ...isolatedTokens([{ atom: "<@U0DANA>" }]),
      { text: " & team: " },
      ...delimited("_", "_", [{ text: "faster <refunds>" }, ...delimited("*", "*", [{ text: "now" }])]),
    ];
    const full = renderMarkup(tokens, escapeSlackText);
    for (let max = 0; max <= full.length + 2; max++) {
      const out = renderMarkup(tokens, escapeSlackText, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.split("\u2068").length).toBe(out.split("\u2069").length);
      expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(out.split("_").length % 2).toBe(1);
      expect(out.split("*").length % 2).toBe(1);
    }
  });
});

describe("encodeUrlChars", () => {
  it("percent-encodes the characters given", () => {
    expect(encodeUrlChars("https://x.example/a b|(c)", /[|() ]/g)).toBe("https://x.example/a%20b%7C%28c%29");
  });
});
