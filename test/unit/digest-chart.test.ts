import { Resvg } from "@resvg/resvg-js";
import {
  visualWordOrder,
  BAR_COLOUR,
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  CURRENT_COLOUR,
  digestChartSvg,
  integerTicks,
  renderDigestChart,
  type ChartWeek,
  type DigestChartText,
} from "../../src/services/complaints/digest-chart";

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
  const group = /<g class="mark-rect role-mark layer_0_marks"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
  return group.match(/<path [^>]*>/g) ?? [];
}

/** x of the left edge of each bar, in drawing order (= data order, oldest first). */
function barXs(svg: string): number[] {
  return barPaths(svg).map((p) => Number(/d="M([-\d.]+),/.exec(p)?.[1]));
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
    const svg = await digestChartSvg(weeks, english);
    const bars = barPaths(svg);
    expect(bars).toHaveLength(12);
    expect(bars.filter((b) => b.includes(`fill="${CURRENT_COLOUR}"`))).toHaveLength(1);
    expect(bars.filter((b) => b.includes(`fill="${BAR_COLOUR}"`))).toHaveLength(11);
    expect(bars[11]).toContain(CURRENT_COLOUR);
    // The colour survives rasterisation, not just the SVG.
    expect(hasColour(new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels, CURRENT_COLOUR)).toBe(true);
  });

  it("puts the oldest week on the left in LTR and on the right in RTL", async () => {
    const ltr = barXs(await digestChartSvg(weeks, english));
    const rtl = barXs(await digestChartSvg(weeks, hebrew));
    expect(ltr).toEqual([...ltr].sort((a, b) => a - b));
    expect(rtl).toEqual([...rtl].sort((a, b) => b - a));
  });

  it("keeps the Hebrew title and axis text, words in visual order, and loads nothing external", async () => {
    const svg = await digestChartSvg(weeks, hebrew);
    expect(svg).toContain(`>${visualWordOrder(hebrew.title, "rtl")}<`);
    expect(svg).toContain(`>${hebrew.yAxis}<`);
    expect(svg).not.toMatch(/href/i);
    // The only URLs allowed are the SVG namespace declarations.
    expect(svg.replace(/xmlns(:\w+)?="[^"]*"/g, "")).not.toMatch(/https?:|file:/i);
    const png = await renderDigestChart(weeks, hebrew);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
  });

  it("lays right-to-left words out in visual order, since resvg places words left to right", () => {
    expect(visualWordOrder("תלונות בשבוע · חשבונות", "rtl")).toBe("חשבונות · בשבוע תלונות");
    // A Latin name (isolated, as translations isolate values) and a number keep their own order.
    expect(visualWordOrder("תלונות בשבוע · \u2068Customer Care\u2069 12", "rtl")).toBe("Customer Care 12 · בשבוע תלונות");
    expect(visualWordOrder("Complaints per week · Billing", "ltr")).toBe("Complaints per week · Billing");
  });

  it("escapes markup in caller text", async () => {
    const svg = await digestChartSvg(weeks, { ...english, title: `<script>alert(1)</script> & "x"` });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });

  it("renders an all-zero history with whole-number ticks", async () => {
    const zeros = weeks.map((w) => ({ ...w, count: 0 }));
    const svg = await digestChartSvg(zeros, english);
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
