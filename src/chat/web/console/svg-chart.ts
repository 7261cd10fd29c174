/**
 * A weekly bar chart as inline SVG, for the console's pages: drawn with SVG attributes and
 * the stylesheet's classes only (the security policy refuses style attributes), sharp on
 * screen and on paper, and read out by its title; the page puts the same numbers in a
 * table beside it. The ticks are the digest chart's, so both charts read alike.
 */
import { integerTicks } from "../../../services/complaints/digest-chart";
import { html, type Html } from "../html";

export interface ChartBar {
  label: string;
  count: number;
  /** Drawn in the highlight colour (a spike). */
  marked?: boolean;
}

const WIDTH = 640;
const HEIGHT = 220;
const AXIS = 36;
const TOP = 18;
const BOTTOM = 24;

/** Coordinates to a tenth of a unit: enough for a 640-wide drawing, and short markup. */
const at = (value: number) => Math.round(value * 10) / 10;

export function weeklyBarChart(bars: readonly ChartBar[], options: { id: string; title: string; direction: "ltr" | "rtl" }): Html {
  const rtl = options.direction === "rtl";
  const ticks = integerTicks(Math.max(0, ...bars.map((b) => b.count)));
  const top = ticks.at(-1) ?? 1;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const plotWidth = WIDTH - AXIS - 8;
  const plotStart = rtl ? 8 : AXIS;
  const slot = plotWidth / Math.max(1, bars.length);
  const barWidth = at(Math.max(1, slot * 0.7));
  const y = (count: number) => at(TOP + plotHeight - (count / top) * plotHeight);
  // Hebrew reads right to left, so its oldest week is on the right, as in the digest chart.
  const xOf = (i: number) => at(plotStart + (rtl ? bars.length - 1 - i : i) * slot + (slot - barWidth) / 2);
  // A label under every bar of a quarter; a year's 52 would overlap, so every fourth.
  const labelEvery = bars.length > 16 ? 4 : 1;
  const showValues = bars.length <= 16;
  const axisX = rtl ? WIDTH - AXIS + 4 : AXIS - 4;
  const grid = ticks.map(
    (t) =>
      html`<line class="chart-grid" x1="${plotStart}" x2="${plotStart + plotWidth}" y1="${y(t)}" y2="${y(t)}"/><text class="chart-tick" x="${axisX}" y="${y(t) + 4}" text-anchor="${rtl ? "start" : "end"}">${t}</text>`,
  );
  const marks = bars.map((b, i) => {
    const x = xOf(i);
    const height = at(Math.max(0, TOP + plotHeight - y(b.count)));
    const label = i % labelEvery === 0 ? html`<text class="chart-label" x="${at(x + barWidth / 2)}" y="${HEIGHT - 6}" text-anchor="middle">${b.label}</text>` : "";
    const value = showValues && b.count > 0 ? html`<text class="chart-value" x="${at(x + barWidth / 2)}" y="${y(b.count) - 3}" text-anchor="middle">${b.count}</text>` : "";
    return html`<rect class="${b.marked ? "chart-bar chart-bar-marked" : "chart-bar"}" x="${x}" y="${y(b.count)}" width="${barWidth}" height="${height}"/>${value}${label}`;
  });
  return html`<svg class="week-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${options.id}" xmlns="http://www.w3.org/2000/svg"><title id="${options.id}">${options.title}</title>${grid}${marks}</svg>`;
}
