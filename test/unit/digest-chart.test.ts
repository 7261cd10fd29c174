import { Resvg } from "@resvg/resvg-js";
import {
  BAR_COLOUR,
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  CURRENT_COLOUR,
  digestChartSvg,
  integerTicks,
  label,
  renderDigestChart,
  type ChartWeek,
  type DigestChartText,
} from "../../src/services/complaints/digest-chart";
import { t } from "../../src/i18n";
import { ocrText, ocrWords, type OcrWord } from "../helpers/ocr";

const labels = ["31.08", "07.09", "14.09", "21.09", "28.09", "05.10", "12.10", "19.10", "26.10", "02.11", "09.11", "16.11"];
const weeks: ChartWeek[] = labels.map((label, i) => ({ label, count: [3, 5, 2, 8, 4, 0, 6, 7, 3, 9, 4, 11][i] ?? 0, current: i === 11 }));
const english: DigestChartText = { title: "Complaints per week — Billing", yAxis: "Complaints", direction: "ltr" };
const hebrew: DigestChartText = { title: "תלונות לפי שבוע — חיובים", yAxis: "תלונות", direction: "rtl" };

function pngSize(png: Buffer): { width: number; height: number } {
  // IHDR is always the first chunk: 8-byte signature, 4-byte length, "IHDR", then width and height.
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function barPaths(svg: string): string[] {
  const group = /<g class="bars">(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
  return group.match(/<rect [^>]*>/g) ?? [];
}

/** x of the left edge of each bar, in drawing order (= data order, oldest first). */
function barXs(svg: string): number[] {
  return barPaths(svg).map((p) => Number(/ x="([-\d.]+)"/.exec(p)?.[1]));
}

function hasColour(rgba: Buffer, hex: string): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] === r && rgba[i + 1] === g && rgba[i + 2] === b) return true;
  }
  return false;
}

describe("digest chart", () => {
  it("renders a PNG of the expected pixel size", async () => {
    const png = await renderDigestChart(weeks, english);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
  });

  it("draws 12 bars, only the current week in the highlight colour", async () => {
    const svg = digestChartSvg(weeks, english);
    const bars = barPaths(svg);
    expect(bars).toHaveLength(12);
    expect(bars.filter((b) => b.includes(`fill="${CURRENT_COLOUR}"`))).toHaveLength(1);
    expect(bars.filter((b) => b.includes(`fill="${BAR_COLOUR}"`))).toHaveLength(11);
    expect(bars[11]).toContain(CURRENT_COLOUR);
    // The colour survives rasterisation, not just the SVG.
    expect(hasColour(new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels, CURRENT_COLOUR)).toBe(true);
  });

  it("puts the oldest week on the left in LTR and on the right in RTL", async () => {
    const ltr = barXs(digestChartSvg(weeks, english));
    const rtl = barXs(digestChartSvg(weeks, hebrew));
    expect(ltr).toEqual([...ltr].sort((a, b) => a - b));
    expect(rtl).toEqual([...rtl].sort((a, b) => b - a));
  });

  it("keeps the Hebrew title and axis text in logical order, and loads nothing external", async () => {
    const svg = digestChartSvg(weeks, hebrew);
    // resvg applies the bidi algorithm itself: the SVG carries the text as written, in a
    // right-to-left isolate (U+2067 ... U+2069).
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toContain("\u2067תלונות לפי שבוע — חיובים\u2069");
    expect(texts).toContain("\u2067תלונות\u2069");
    expect(svg).not.toMatch(/href/i);
    // The only URLs allowed are the SVG namespace declarations.
    expect(svg.replace(/xmlns(:\w+)?="[^"]*"/g, "")).not.toMatch(/https?:|file:/i);
    const png = await renderDigestChart(weeks, hebrew);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
  });

  describe("read back from the pixels (OCR)", () => {
    const chartOf = (locale: "en" | "he", department: string): DigestChartText => ({
      title: t(locale, "digest.chartTitle", { department }),
      yAxis: t(locale, "digest.chartAxis"),
      direction: locale === "he" ? "rtl" : "ltr",
    });
    /** The title's words (not its "·", which OCR reads as "-" or "+") from the right edge leftwards. */
    const titleFromTheRight = (words: OcrWord[]): string[] =>
      words
        .filter((w) => w.top < 30 * CHART_SCALE && /\p{L}/u.test(w.text))
        .sort((a, b) => b.left - a.left)
        .map((w) => w.text);

    it("shows a Hebrew title with its words in reading order", async () => {
      const png = await renderDigestChart(weeks, chartOf("he", "שירות לקוחות"));
      // Tesseract gives Hebrew lines in reading order; reversed words read "לקוחות שירות · בשבוע תלונות".
      const text = await ocrText(png);
      expect(text).toMatch(/תלונות בשבוע \S שירות לקוחות/);
      expect(titleFromTheRight(await ocrWords(png))).toEqual(["תלונות", "בשבוע", "שירות", "לקוחות"]);
    });

    it("puts the Hebrew words on the right and an English department name after them, on the left", async () => {
      const png = await renderDigestChart(weeks, chartOf("he", "Customer Care"));
      // From the right: the Hebrew words first; the English name reads left to right, so
      // from the right its last word comes first.
      expect(titleFromTheRight(await ocrWords(png))).toEqual(["תלונות", "בשבוע", "Care", "Customer"]);
    });

    it("shows an English title with a Hebrew department name read right to left at its end", async () => {
      const png = await renderDigestChart(weeks, chartOf("en", "שירות לקוחות"));
      expect(titleFromTheRight(await ocrWords(png))).toEqual(["שירות", "לקוחות", "week", "per", "Complaints"]);
    });
  });

  it("draws its numbers from DejaVu Sans's outlines as resvg draws them as text, and only the titles as text", () => {
    const font = { fontFiles: [require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")], loadSystemFonts: false };
    const draw = (body: string) =>
      new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">${body}</svg>`, { font, fitTo: { mode: "zoom", value: CHART_SCALE }, background: "white" }).render().pixels;
    for (const [anchor, x] of [["start", 10], ["middle", 60], ["end", 110]] as const) {
      const outlined = draw(`<g shape-rendering="geometricPrecision">${label(x, 20, "16.11", anchor)}</g>`);
      const written = draw(`<text x="${x}" y="20" text-anchor="${anchor}" font-family="DejaVu Sans" font-size="11px">16.11</text>`);
      expect(outlined.some((v) => v < 128)).toBe(true);
      // Sub-pixel rounding only: no pixel's colour off by more than a quarter.
      expect(outlined.filter((v, i) => Math.abs(v - written[i]!) > 64)).toHaveLength(0);
    }
    expect(label(0, 0, "W47", "start")).toBe('<text x="0" y="0" text-anchor="start" font-family="DejaVu Sans" font-size="11px">W47</text>');
    const texts = [...digestChartSvg(weeks, english).matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(["\u2066Complaints\u2069", "\u2066Complaints per week — Billing\u2069"]);
  });

  it("escapes markup in caller text", async () => {
    const svg = digestChartSvg(weeks, { ...english, title: `<script>alert(1)</script> & "x"` });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });

  it("renders an all-zero history with whole-number ticks", async () => {
    const zeros = weeks.map((w) => ({ ...w, count: 0 }));
    const svg = digestChartSvg(zeros, english);
    expect(barPaths(svg)).toHaveLength(12);
    const png = await renderDigestChart(zeros, english);
    expect(pngSize(png).width).toBe(CHART_WIDTH * CHART_SCALE);
  });

  it("chooses whole-number ticks from zero", () => {
    expect(integerTicks(0)).toEqual([0, 1]);
    expect(integerTicks(3)).toEqual([0, 1, 2, 3]);
    expect(integerTicks(11)).toEqual([0, 5, 10, 15]);
    expect(integerTicks(240)).toEqual([0, 50, 100, 150, 200, 250]);
    for (const max of [1, 7, 19, 63, 999, 12345]) {
      const ticks = integerTicks(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });

  it("renders 40 charts (one digest's departments) one after another, each a whole chart", async () => {
    // How long this takes is measured by bench/complaints-digest.ts, not here.
    for (let i = 0; i < 40; i++) {
      const png = await renderDigestChart(weeks, i % 2 === 0 ? english : hebrew);
      expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
    }
  });
});
