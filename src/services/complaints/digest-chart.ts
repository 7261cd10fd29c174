import { renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

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

// Charts are built from inline values only; any URL (data, image, href) in a spec is a bug
// or an injection attempt, and must not turn a digest into a network or disk read.
function refuse(uri: string): Promise<never> {
  return Promise.reject(new Error(`digest chart must not load external resources (${uri})`));
}
const noLoader: vega.Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

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
};

/**
 * Whole-number ticks from 0 in steps of 1, 2, 5, 10, 20, ... (at most about 6 of them).
 * Explicit because vega's own ticks on a small domain are fractional ("0, 0.5, 1"), and
 * an all-zero history would otherwise give a degenerate [0, 0] domain.
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

function chartSpec(weeks: readonly ChartWeek[], text: DigestChartText): TopLevelSpec {
  const rtl = text.direction === "rtl";
  // Indexes rather than labels on the x axis, so two weeks with the same label stay two bars.
  const values = weeks.map((w, i) => ({ i, count: Math.max(0, Math.round(w.count)), current: w.current === true }));
  const ticks = integerTicks(Math.max(0, ...values.map((v) => v.count)));
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    padding: 8,
    params: [{ name: "weekLabels", value: weeks.map((w) => w.label) }],
    title: { text: withBaseDirection(text.title, text.direction), anchor: rtl ? "end" : "start", fontSize: 14, fontWeight: "bold" },
    data: { values },
    encoding: {
      x: {
        field: "i",
        type: "ordinal",
        // Hebrew reads right to left, so the oldest week goes on the right.
        scale: { reverse: rtl },
        axis: { title: null, labelAngle: 0, labelExpr: "weekLabels[datum.value]" },
      },
      y: {
        field: "count",
        type: "quantitative",
        scale: { domain: [0, ticks[ticks.length - 1] ?? 1], nice: false },
        axis: { title: withBaseDirection(text.yAxis, text.direction), orient: rtl ? "right" : "left", values: ticks, format: "d" },
      },
    },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          color: {
            condition: { test: "datum.current", value: CURRENT_COLOUR },
            value: BAR_COLOUR,
          },
        },
      },
      {
        mark: { type: "text", baseline: "bottom", dy: -3, fontSize: 11 },
        encoding: { text: { field: "count", type: "quantitative", format: "d" } },
      },
    ],
    config: {
      // The PNG has no accessibility tree; the digest message text carries the numbers.
      aria: false,
      font: FONT_FAMILY,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 11, grid: false },
      axisY: { grid: true, gridColor: "#e6e6e6" },
    },
  };
}

/** The chart as an SVG string; exported for tests, which can assert on marks and text. */
export async function digestChartSvg(weeks: readonly ChartWeek[], text: DigestChartText): Promise<string> {
  const spec: vega.Spec = vl.compile(chartSpec(weeks, text)).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none", loader: noLoader, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A PNG bar chart of weekly complaint counts, at 2x for sharpness on high-density screens.
 * Rasterising runs on libuv's thread pool (renderAsync), so the event loop stays free.
 */
export async function renderDigestChart(weeks: readonly ChartWeek[], text: DigestChartText): Promise<Buffer> {
  const svg = await digestChartSvg(weeks, text);
  const image = await renderAsync(svg, resvgOptions);
  return image.asPng();
}
