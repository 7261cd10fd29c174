/** What the weekly complaint digests look like, described once for every platform. */
import type { Block, Message } from "../../chat/message";
import { composed, isolatedIn, quoted, translator, type Locale, type Translate, textDirection } from "../../i18n";
import { changeText, formatMoney, formatNumber } from "../figure-text";
import type { StoryOfTheWeekSummary } from "../stories/story-of-week";
import type { CompanyFigures, DepartmentFigures } from "./digest-figures";

export const DIGEST_ACTIONS = {
  /** Opens the form to move a complaint to another department; the value is the complaint's id. */
  move: "complaint.move",
  /** Shows the complaints waiting for a department. */
  unassigned: "complaint.unassigned",
} as const;

export interface DigestContext {
  locale: Locale;
  /** "16.11–22.11": the days the digest covers. */
  days: string;
  late?: boolean;
  preview?: boolean;
  /** Where the chart is served; no chart when unset. */
  chartUrl?: string;
  /** The week's most appreciated service story, carried into every department's digest. */
  story?: StoryOfTheWeekSummary;
}

function heading(text: string): Block {
  return { type: "section", text: { bold: text } };
}

function volumeBlocks(f: DepartmentFigures, locale: Locale, t: Translate): Block[] {
  // A week without complaints where there usually are many is the likeliest sign of a broken intake.
  const dip: Block[] = f.dip ? [{ type: "context", text: t("seismograph.dip") }] : [];
  if (f.count === 0 && f.lastWeek === 0) return [{ type: "section", text: t("digest.volumeNone") }, ...dip];
  const lines = [
    { bold: t("digest.volume", { count: formatNumber(f.count, locale) }) },
    "\n",
    t("digest.versusLastWeek", { change: changeText(f.change.lastWeek, locale, t), previous: formatNumber(f.lastWeek, locale) }),
    "\n",
    t("digest.versusAverage", { change: changeText(f.change.fourWeeks, locale, t), average: formatNumber(f.fourWeekAverage, locale) }),
  ];
  const blocks: Block[] = [{ type: "section", text: lines }];
  if (f.spike) blocks.push({ type: "context", text: t("digest.spike") });
  return [...blocks, ...dip];
}

function outcomeBlocks(f: DepartmentFigures, locale: Locale, t: Translate): Block[] {
  if (f.count === 0) return [];
  const credits = f.credits.map((c) => formatMoney(c.total, c.currency, locale)).join(" · ") || "0";
  const fields = [
    { label: t("digest.returned"), value: formatNumber(f.returned, locale) },
    { label: t("digest.credits"), value: credits },
    { label: t("digest.legalThreats"), value: formatNumber(f.legalThreats, locale) },
    { label: t("digest.churnThreats"), value: formatNumber(f.churnThreats, locale) },
    { label: t("digest.retained"), value: formatNumber(f.retained, locale) },
    { label: t("digest.repeats"), value: formatNumber(f.repeats, locale) },
  ];
  const blocks: Block[] = [{ type: "section", text: { bold: t("digest.outcomes") }, fields }];
  if (f.repeats > 0) blocks.push({ type: "context", text: t("digest.repeatsHint", { count: formatNumber(f.repeats, locale) }) });
  return blocks;
}

function themeBlocks(f: DepartmentFigures, locale: Locale, t: Translate): Block[] {
  if (f.count === 0) return [];
  const lines: string[] = f.themes.map((theme) => {
    const line = `• ${t("digest.themeLine", { theme: theme.theme, count: formatNumber(theme.count, locale) })}`;
    return theme.spike ? `${line} ⚠️ ${t("digest.themeSpike")}` : line;
  });
  const blocks: Block[] = [heading(t("digest.themes")), { type: "section", text: lines.length ? lines.join("\n") : t("digest.noThemes") }];
  const counted = (items: readonly { name: string; count: number }[], separator: string) =>
    composed(items.map((item) => t("digest.countedItem", { name: item.name, count: formatNumber(item.count, locale) })).join(separator));
  if (f.categories.length > 0) {
    const list = counted(f.categories.map((c) => ({ name: c.category, count: c.count })), " · ");
    blocks.push({ type: "context", text: t("digest.categories", { list }) });
  }
  if (f.risingThemes.length > 0) {
    const list = counted(f.risingThemes.map((r) => ({ name: r.theme, count: r.count })), ", ");
    blocks.push({ type: "context", text: t("digest.rising", { list }) });
  }
  return blocks;
}

function exampleBlocks(f: DepartmentFigures, locale: Locale, t: Translate, withButtons: boolean): Block[] {
  if (f.examples.length === 0) return [];
  const blocks: Block[] = [heading(t("digest.examples"))];
  for (const example of f.examples) {
    const marks = [
      t(`digest.channel.${example.channel}`),
      ...(example.legalThreat ? [t("digest.exampleLegal")] : []),
      ...(example.churnThreat ? [t("digest.exampleChurn")] : []),
      ...(example.repeat ? [t("digest.exampleRepeat")] : []),
    ];
    blocks.push({ type: "section", text: { italic: quoted(locale, example.text) } });
    blocks.push({ type: "context", text: `#${example.id} · ${marks.join(" · ")}` });
    if (withButtons) {
      blocks.push({ type: "actions", buttons: [{ action: DIGEST_ACTIONS.move, label: t("digest.move"), value: String(example.id) }] });
    }
  }
  return blocks;
}

function ideaBlocks(f: DepartmentFigures, t: Translate): Block[] {
  if (f.ideas.length === 0) return [];
  const lines = f.ideas.map((idea) => `• ${t("digest.ideaLine", { id: idea.id, title: idea.title, status: t(`digest.status.${idea.status}`) })}`);
  return [heading(t("digest.ideas")), { type: "section", text: lines.join("\n") }];
}

function storyBlocks(story: StoryOfTheWeekSummary | undefined, locale: Locale, t: Translate): Block[] {
  if (!story) return [];
  const colleagues = composed(story.colleagues.map((c) => isolatedIn(locale, c.name)).join(", "));
  return [
    { type: "divider" },
    heading(t("storyHighlights.weekHeader")),
    { type: "section", text: { italic: quoted(locale, story.text) } },
    {
      type: "context",
      text: `${story.colleagues.length > 0 ? t("storyHighlights.byWith", { author: story.authorName, colleagues }) : t("storyHighlights.by", { author: story.authorName })} · ${t("storyHighlights.counts", { people: story.people, reactions: story.reactions })}`,
    },
  ];
}

function markers(context: DigestContext, t: Translate): Block[] {
  return [
    ...(context.preview ? [{ type: "context" as const, text: t("digest.preview") }] : []),
    ...(context.late ? [{ type: "context" as const, text: t("digest.late") }] : []),
  ];
}

/** One department's weekly digest. */
export function departmentDigestMessage(f: DepartmentFigures, context: DigestContext): Message {
  const { locale } = context;
  const t = translator(locale);
  const header = t("digest.header", { department: f.department.name, days: context.days });
  const blocks: Block[] = [
    { type: "header", text: header },
    ...markers(context, t),
    ...volumeBlocks(f, locale, t),
    ...outcomeBlocks(f, locale, t),
    ...themeBlocks(f, locale, t),
    ...exampleBlocks(f, locale, t, !context.preview),
    ...ideaBlocks(f, t),
    ...storyBlocks(context.story, locale, t),
  ];
  if (context.chartUrl) {
    blocks.push({ type: "image", url: context.chartUrl, alt: t("digest.chartAlt", { count: formatNumber(f.count, locale) }) });
  }
  return { summary: `${header}: ${t("digest.volume", { count: formatNumber(f.count, locale) })}`, blocks, direction: textDirection(locale) };
}

/** The management channel's view: one line per department, the biggest rise first. */
export function companyDigestMessage(c: CompanyFigures, context: DigestContext): Message {
  const { locale } = context;
  const t = translator(locale);
  const header = t("digest.companyHeader", { days: context.days });
  const lines = c.rows.map((row) => {
    const line = t("digest.companyLine", {
      department: row.department.name,
      count: formatNumber(row.count, locale),
      change: changeText(row.change.lastWeek, locale, t),
      average: changeText(row.change.fourWeeks, locale, t),
    });
    const extras = t("digest.companyExtras", {
      repeats: formatNumber(row.repeats, locale),
      legal: formatNumber(row.legalThreats, locale),
      retained: formatNumber(row.retained, locale),
    });
    return `• ${line}${row.spike ? " ⚠️" : ""}\n   ${extras}${row.dip ? `\n   ${t("seismograph.dip")}` : ""}`;
  });
  const blocks: Block[] = [
    { type: "header", text: header },
    ...markers(context, t),
    { type: "section", text: { bold: t("digest.companyTotal", { count: formatNumber(c.total, locale) }) } },
  ];
  // Sections hold at most a few thousand characters: a long company is cut into several.
  for (let i = 0; i < lines.length; i += 10) blocks.push({ type: "section", text: lines.slice(i, i + 10).join("\n") });
  if (c.unassigned > 0) {
    blocks.push({ type: "context", text: t("digest.unassigned", { count: formatNumber(c.unassigned, locale) }) });
    if (!context.preview) {
      blocks.push({ type: "actions", buttons: [{ action: DIGEST_ACTIONS.unassigned, label: t("digest.reviewUnassigned"), value: "queue" }] });
    }
  }
  return { summary: `${header}: ${t("digest.companyTotal", { count: formatNumber(c.total, locale) })}`, blocks, direction: textDirection(locale) };
}
