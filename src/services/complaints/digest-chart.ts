import { Resvg, renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
import { encodePng } from "./chart-png";

export interface ChartWeek {
  /** Axis label, e.g. "16.11". */
  label: string;
  count: number;
  /** The digest's own week, drawn in the highlight colour. */
  current?: boolean;
}

export interface DigestChartText {
  title: string;
  yAxis: string;
  direction: "ltr" | "rtl";
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 260;
export const CHART_SCALE = 2;
export const BAR_COLOUR = "#a9c4e2";
export const CURRENT_COLOUR = "#1f5fa8";
const FONT_FAMILY = "DejaVu Sans";

// Only the bundled DejaVu files, never system fonts, so the PNG is the same on every machine;
// DejaVu Sans covers Hebrew, which many minimal server images have no font for.
const resvgOptions: ResvgRenderOptions = {
  font: {
    fontFiles: [
      require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
      require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
    ],
    loadSystemFonts: false,
    defaultFontFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
  },
  fitTo: { mode: "zoom", value: CHART_SCALE },
  background: "white",
  // Bars, grid and axes are upright rectangles and lines: without anti-aliasing their edges
  // snap to whole pixels, which at twice the size looks the same and draws a quarter faster.
  // Text stays smooth.
  shapeRendering: 1,
};

/**
 * Whole-number ticks from 0 in steps of 1, 2, 5, 10, 20, ... (at most about 6 of them).
 * Counts are whole, so a small domain must not get the usual fractional ticks ("0, 0.5, 1"),
 * and an all-zero history must still get an axis (0 to 1) rather than a degenerate [0, 0].
 */
export function integerTicks(max: number): number[] {
  const stepAt = (k: number): number => ([1, 2, 5][k % 3] ?? 1) * 10 ** Math.floor(k / 3);
  let k = 0;
  while (stepAt(k) * 5 < max) k++;
  const step = stepAt(k);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, n) => n * step);
}

const LEFT_TO_RIGHT_ISOLATE = "\u2066";
const RIGHT_TO_LEFT_ISOLATE = "\u2067";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

/**
 * The text as resvg should get it: in logical order, since resvg applies the Unicode bidi
 * algorithm to each text run itself (words reordered beforehand come out reversed twice).
 * resvg ignores SVG's `direction` and lays every run out on a left-to-right base, so a
 * right-to-left title is wrapped in an isolate that sets its base direction: otherwise a
 * Hebrew title ending in an English name puts the name on the right, where a Hebrew reader
 * starts. The isolates inside (translations isolate each value) are kept for the same reason.
 */
export function withBaseDirection(text: string, direction: "ltr" | "rtl"): string {
  return `${direction === "rtl" ? RIGHT_TO_LEFT_ISOLATE : LEFT_TO_RIGHT_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}`;
}

/** Room around the chart, and the type sizes: as the vega-lite chart this replaced had them. */
const PADDING = 8;
const TITLE_SIZE = 14;
const LABEL_SIZE = 11;
/** The title's baseline, and the plot's top edge below it. */
const TITLE_BASELINE = PADDING + 11;
const PLOT_TOP = 32;
/** Below the plot: ticks and week labels. */
const PLOT_BOTTOM = CHART_HEIGHT - 26;
const TICK = 5;
/** From a tick label to the axis, and from the axis title to the labels. */
const LABEL_GAP = 7;
/** DejaVu Sans's digits are 0.636 em wide: the tick labels' width without measuring text. */
const DIGIT_WIDTH = 0.636 * LABEL_SIZE;
/** The share of a week's band left empty, half on each side of its bar. */
const BAR_GAP = 0.1;
const AXIS_COLOUR = "#888";
const GRID_COLOUR = "#e6e6e6";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
/** Coordinates to two decimals: enough at twice the size, and a shorter document. */
const px = (x: number) => String(Math.round(x * 100) / 100);

function text(x: number, y: number, content: string, attributes: string): string {
  return `<text x="${px(x)}" y="${px(y)}" ${attributes}>${escapeXml(content)}</text>`;
}

const LABEL_FONT = `font-family="${FONT_FAMILY}" font-size="${LABEL_SIZE}px"`;
/** What the counts, ticks and week labels ("16.11") are written with. */
const NUMERALS = "0123456789.";
const ONLY_NUMERALS = /^[0-9.]+$/;
/** DejaVu Sans's advance widths: every digit 1303/2048 em, the full stop 651/2048 em. */
const advance = (c: string) => ((c === "." ? 651 : 1303) / 2048) * LABEL_SIZE;

let numeralOutlines: Map<string, string> | undefined;

/**
 * Each numeral's outline at the labels' size, from 0 on the baseline, as resvg lays out DejaVu
 * Sans: read from resvg itself, once per process. resvg takes about 0.25 ms to lay out each
 * text element, and a chart has some 30 numbers; drawn from their outlines, a chart is drawn
 * in half the time and looks the same.
 */
function outlines(): Map<string, string> {
  if (numeralOutlines) return numeralOutlines;
  const characters = [...NUMERALS];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_SIZE}" height="${LABEL_SIZE}">${characters.map((c) => `<text x="0" y="0" ${LABEL_FONT}>${c}</text>`).join("")}</svg>`;
  const paths = [...new Resvg(svg, { font: resvgOptions.font }).toString().matchAll(/<path [^>]*\bd="([^"]+)"/g)].map((m) => m[1]!);
  if (paths.length !== characters.length) throw new Error(`resvg gave ${paths.length} outlines for the ${characters.length} numerals`);
  numeralOutlines = new Map(characters.map((c, i) => [c, paths[i]!]));
  return numeralOutlines;
}

/** A number or week label at (x, y), from the numerals' outlines; anything else as text. Exported for tests. */
export function label(x: number, y: number, content: string, anchor: "start" | "middle" | "end"): string {
  if (!ONLY_NUMERALS.test(content)) return text(x, y, content, `text-anchor="${anchor}" ${LABEL_FONT}`);
  const width = [...content].reduce((sum, c) => sum + advance(c), 0);
  let at = x - (anchor === "middle" ? width / 2 : anchor === "end" ? width : 0);
  const glyphs: string[] = [];
  for (const c of content) {
    glyphs.push(`<path transform="translate(${px(at)},${px(y)})" d="${outlines().get(c)}"/>`);
    at += advance(c);
  }
  return glyphs.join("");
}

/**
 * The chart as an SVG string; exported for tests, which can assert on marks and text. Drawn
 * directly rather than through a charting library: it is one fixed bar chart, and building
 * it with vega took most of a chart's time (about 20 ms, on the thread that also serves chat).
 */
export function digestChartSvg(weeks: readonly ChartWeek[], chartText: DigestChartText): string {
  const rtl = chartText.direction === "rtl";
  const counts = weeks.map((w) => Math.max(0, Math.round(w.count)));
  const ticks = integerTicks(Math.max(0, ...counts));
  const top = ticks[ticks.length - 1] ?? 1;
  // The y axis (title, tick labels, ticks) on the reading side: left in English, right in Hebrew.
  const axisWidth = LABEL_SIZE + LABEL_GAP + String(top).length * DIGIT_WIDTH + LABEL_GAP;
  const left = rtl ? PADDING : PADDING + axisWidth;
  const right = rtl ? CHART_WIDTH - PADDING - axisWidth : CHART_WIDTH - PADDING;
  const axisX = rtl ? right : left;
  const outward = rtl ? 1 : -1;
  const step = (right - left) / Math.max(1, weeks.length);
  const y = (value: number) => PLOT_BOTTOM - (value / top) * (PLOT_BOTTOM - PLOT_TOP);
  // Hebrew reads right to left, so the oldest week goes on the right.
  const bandStart = (i: number) => left + (rtl ? weeks.length - 1 - i : i) * step;

  const grid = ticks.map((t) => `<line x1="${px(left)}" x2="${px(right)}" y1="${px(y(t) + 0.5)}" y2="${px(y(t) + 0.5)}" stroke="${GRID_COLOUR}"/>`);
  const yTicks = ticks.map((t) => `<line x1="${px(axisX + 0.5)}" x2="${px(axisX + 0.5 + outward * TICK)}" y1="${px(y(t) + 0.5)}" y2="${px(y(t) + 0.5)}" stroke="${AXIS_COLOUR}"/>`);
  const yLabels = ticks.map((t) => label(axisX + outward * LABEL_GAP, y(t) + 3, String(t), rtl ? "start" : "end"));
  const titleX = axisX + outward * (axisWidth - LABEL_SIZE - 2);
  const middle = (PLOT_TOP + PLOT_BOTTOM) / 2;
  const yTitle = `<text transform="translate(${px(titleX)},${px(middle)}) rotate(${rtl ? 90 : -90})" text-anchor="middle" ${LABEL_FONT} font-weight="bold">${escapeXml(withBaseDirection(chartText.yAxis, chartText.direction))}</text>`;

  const bars: string[] = [];
  const values: string[] = [];
  const xTicks: string[] = [];
  const xLabels: string[] = [];
  weeks.forEach((week, i) => {
    const x = bandStart(i);
    const centre = x + step / 2;
    const barTop = y(counts[i]!);
    const colour = week.current === true ? CURRENT_COLOUR : BAR_COLOUR;
    bars.push(`<rect x="${px(x + (step * BAR_GAP) / 2)}" y="${px(barTop)}" width="${px(step * (1 - BAR_GAP))}" height="${px(PLOT_BOTTOM - barTop)}" fill="${colour}"/>`);
    values.push(label(centre, barTop - 5, String(counts[i]), "middle"));
    xTicks.push(`<line x1="${px(centre + 0.5)}" x2="${px(centre + 0.5)}" y1="${px(PLOT_BOTTOM + 0.5)}" y2="${px(PLOT_BOTTOM + 0.5 + TICK)}" stroke="${AXIS_COLOUR}"/>`);
    xLabels.push(label(centre, PLOT_BOTTOM + 16, week.label, "middle"));
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="white"/>`,
    `<g class="grid">${grid.join("")}</g>`,
    `<g class="axis-y">${yTicks.join("")}${yTitle}`,
    `<line x1="${px(axisX + 0.5)}" x2="${px(axisX + 0.5)}" y1="${PLOT_TOP}" y2="${px(PLOT_BOTTOM + 0.5)}" stroke="${AXIS_COLOUR}"/></g>`,
    `<g class="bars">${bars.join("")}</g>`,
    `<g class="axis-x">${xTicks.join("")}`,
    `<line x1="${px(left)}" x2="${px(right)}" y1="${px(PLOT_BOTTOM + 0.5)}" y2="${px(PLOT_BOTTOM + 0.5)}" stroke="${AXIS_COLOUR}"/></g>`,
    // The numbers' outlines are smoothed as text is (shapes are drawn without anti-aliasing).
    `<g class="numbers" shape-rendering="geometricPrecision">${yLabels.join("")}${values.join("")}${xLabels.join("")}</g>`,
    text(rtl ? CHART_WIDTH - PADDING : PADDING, TITLE_BASELINE, withBaseDirection(chartText.title, chartText.direction), `class="title" text-anchor="${rtl ? "end" : "start"}" font-family="${FONT_FAMILY}" font-size="${TITLE_SIZE}px" font-weight="bold"`),
    "</svg>",
  ].join("");
}

/**
 * A PNG bar chart of weekly complaint counts, at 2x for sharpness on high-density screens.
 * Rasterising and compressing both run on libuv's thread pool (renderAsync, encodePng), so
 * the event loop stays free while many are drawn at once.
 */
export async function renderDigestChart(weeks: readonly ChartWeek[], text: DigestChartText): Promise<Buffer> {
  const image = await renderAsync(digestChartSvg(weeks, text), resvgOptions);
  // resvg's pixels are premultiplied by alpha; on the opaque white background that is the same as straight RGBA.
  return encodePng(image.pixels, image.width, image.height);
}
