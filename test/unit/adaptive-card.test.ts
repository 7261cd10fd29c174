import type { Block, Message } from "../../src/chat/message";
import {
  type AdaptiveCardJson,
  type CardElementJson,
  renderAdaptiveCard,
  renderTeamsText,
  TEAMS_LIMITS,
} from "../../src/chat/teams/adaptive-card";
import { parseAdaptiveCard } from "../helpers/adaptive-cards";

const DANA = { slack: "U0DANA", teams: { id: "29:dana", name: "Dana Levi" }, name: "Dana Levi" };
const OMER = { teams: { id: "29:omer", name: "Omer Cohen" }, name: "Omer Cohen" };

/** Renders and checks with the adaptivecards parser: every card in these tests must be clean. */
function card(message: Message): AdaptiveCardJson {
  const json = renderAdaptiveCard(message);
  expect(parseAdaptiveCard(json)).toEqual([]);
  return json;
}

function textsOf(json: AdaptiveCardJson): string[] {
  return json.body.flatMap((e: CardElementJson) => {
    if (e.type === "TextBlock") return [e.text];
    if (e.type === "FactSet") return e.facts.flatMap((f) => [f.title, f.value]);
    return [];
  });
}

function byteSize(json: unknown): number {
  return Buffer.byteLength(JSON.stringify(json), "utf8");
}

const weeklyDigest: Message = {
  summary: "Billing: weekly complaints digest",
  blocks: [
    { type: "header", text: "Billing — week 47" },
    {
      type: "section",
      text: ["Complaints this week: ", { bold: "42" }, " (", { italic: "up 12%" }, ") — owner ", { mention: DANA }],
      fields: [
        { label: "Returns", value: "3" },
        { label: "Credits", value: "₪1,240" },
        { label: "Legal threats", value: { bold: "1" } },
        { label: "Retained", value: "5 of 6" },
      ],
    },
    { type: "divider" },
    { type: "image", url: "https://acme.example/charts/billing-47.png", alt: "Complaints per week, last 8 weeks" },
    { type: "context", text: ["Details: ", { link: "https://acme.example/digest/billing/47", label: "full digest" }] },
    { type: "divider" },
    {
      type: "section",
      text: ["Idea from ", { mention: OMER }, ": explain the card fee on the invoice"],
    },
    {
      type: "actions",
      buttons: [
        { action: "idea.approve", label: "Approve", value: "idea-17", style: "primary" },
        {
          action: "idea.reject",
          label: "Reject",
          value: "idea-17",
          style: "danger",
          confirm: {
            title: "Reject this idea?",
            text: ["The author, ", { mention: OMER }, ", will be told."],
            confirm: "Reject",
            deny: "Cancel",
          },
        },
        { action: "idea.discuss", label: "Discuss", value: "idea-17" },
      ],
    },
    { type: "context", text: "Sent by the service-culture bot" },
  ],
};

describe("renderAdaptiveCard", () => {
  it("renders every kind of block into a clean 1.5 card", () => {
    const json = card(weeklyDigest);
    expect(json).toMatchObject({
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
    });
    expect(json.rtl).toBeUndefined();
    expect(json.body.map((e) => e.type)).toEqual([
      "TextBlock",
      "TextBlock",
      "FactSet",
      "Image",
      "TextBlock",
      "TextBlock",
      "ActionSet",
      "TextBlock",
    ]);
    expect(json.body[0]).toEqual({
      type: "TextBlock",
      text: "Billing — week 47",
      wrap: true,
      size: "Large",
      weight: "Bolder",
      style: "heading",
    });
    expect(json.body[1]).toEqual({
      type: "TextBlock",
      text: "Complaints this week: **42** (_up 12%_) — owner <at>Dana Levi</at>",
      wrap: true,
    });
    expect(json.body[2]).toEqual({
      type: "FactSet",
      facts: [
        { title: "Returns", value: "3" },
        { title: "Credits", value: "₪1,240" },
        { title: "Legal threats", value: "**1**" },
        { title: "Retained", value: "5 of 6" },
      ],
    });
    expect(json.body[3]).toEqual({
      type: "Image",
      url: "https://acme.example/charts/billing-47.png",
      altText: "Complaints per week, last 8 weeks",
      separator: true,
      spacing: "Medium",
    });
    expect(json.body[4]).toEqual({
      type: "TextBlock",
      text: "Details: [full digest](https://acme.example/digest/billing/47)",
      wrap: true,
      size: "Small",
      isSubtle: true,
    });
    expect(json.body[5]).toMatchObject({ separator: true });
  });

  it("puts buttons in an ActionSet where the actions block was, as Action.Submit", () => {
    const json = card(weeklyDigest);
    expect(json.body[6]).toEqual({
      type: "ActionSet",
      actions: [
        { type: "Action.Submit", title: "Approve", style: "positive", data: { action: "idea.approve", value: "idea-17" } },
        {
          type: "Action.Submit",
          title: "Reject",
          style: "destructive",
          data: { action: "idea.reject", value: "idea-17", confirm: "The author, Omer Cohen, will be told." },
        },
        { type: "Action.Submit", title: "Discuss", data: { action: "idea.discuss", value: "idea-17" } },
      ],
    });
    expect("actions" in json).toBe(false);
  });

  it("mentions people with <at> tags and one entity per person", () => {
    const json = card({
      summary: "s",
      blocks: [
        { type: "section", text: [{ mention: DANA }, " and ", { mention: DANA }, " and ", { mention: OMER }] },
        { type: "section", text: ["no Teams id: ", { mention: { slack: "U1", name: "Slack Only" } }] },
      ],
    });
    expect(textsOf(json)).toEqual([
      "<at>Dana Levi</at> and <at>Dana Levi</at> and <at>Omer Cohen</at>",
      "no Teams id: Slack Only",
    ]);
    expect(json.msteams).toEqual({
      entities: [
        { type: "mention", text: "<at>Dana Levi</at>", mentioned: { id: "29:dana", name: "Dana Levi" } },
        { type: "mention", text: "<at>Omer Cohen</at>", mentioned: { id: "29:omer", name: "Omer Cohen" } },
      ],
    });
  });

  it("drops blocks whose text is empty", () => {
    const json = card({ summary: "s", blocks: [{ type: "header", text: "" }, { type: "context", text: [] }, { type: "section", text: "" }] });
    expect(json.body).toEqual([]);
  });

  it("leaves msteams out when nobody is mentioned", () => {
    expect("msteams" in card({ summary: "s", blocks: [{ type: "section", text: "hi" }] })).toBe(false);
  });

  it("turns dividers into separators, ignoring leading, repeated and trailing ones", () => {
    const json = card({
      summary: "s",
      blocks: [
        { type: "divider" },
        { type: "section", text: "a" },
        { type: "divider" },
        { type: "divider" },
        { type: "section", text: "b" },
        { type: "divider" },
      ],
    });
    expect(json.body).toEqual([
      { type: "TextBlock", text: "a", wrap: true },
      { type: "TextBlock", text: "b", wrap: true, separator: true, spacing: "Medium" },
    ]);
  });

  it("splits many buttons over several ActionSets", () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ action: "shift.take", label: `Shift ${i}`, value: `s${i}` }));
    const json = card({ summary: "s", blocks: [{ type: "actions", buttons }] });
    expect(json.body.map((e) => (e.type === "ActionSet" ? e.actions.length : 0))).toEqual([5, 5, 2]);
    expect(Math.max(...json.body.map((e) => (e.type === "ActionSet" ? e.actions.length : 0)))).toBeLessThanOrEqual(
      TEAMS_LIMITS.actionsPerSet,
    );
  });

  it("makes line breaks visible: TextBlock markdown needs a blank line", () => {
    const json = card({ summary: "s", blocks: [{ type: "section", text: "line one\nline two" }] });
    expect(textsOf(json)).toEqual(["line one\n\nline two"]);
  });
});

describe("renderAdaptiveCard: right to left", () => {
  const hebrew: Message = {
    summary: "רעיון חדש",
    direction: "rtl",
    blocks: [
      { type: "header", text: "רעיון חדש מהמחלקה" },
      {
        type: "section",
        text: ["הרעיון של ", { mention: DANA }, " אושר על ידי ", { bold: "ההנהלה" }, " (42%)"],
        fields: [
          { label: "מחלקה", value: "Billing" },
          { label: "סטטוס", value: { italic: "בבדיקה" } },
        ],
      },
      { type: "divider" },
      {
        type: "actions",
        buttons: [
          { action: "idea.approve", label: "אישור", value: "1", style: "primary" },
          {
            action: "idea.reject",
            label: "דחייה",
            value: "1",
            style: "danger",
            confirm: { title: "לדחות?", text: "המציע יקבל הודעה.", confirm: "דחייה", deny: "ביטול" },
          },
        ],
      },
      { type: "context", text: "נשלח על ידי הבוט" },
    ],
  };

  it("sets rtl and isolates Latin names inside Hebrew sentences", () => {
    const json = card(hebrew);
    expect(json.rtl).toBe(true);
    expect(textsOf(json)[1]).toBe("הרעיון של \u2068<at>Dana Levi</at>\u2069 אושר על ידי **ההנהלה** (42%)");
    expect(json.msteams?.entities).toHaveLength(1);
  });

  it("isolates a Hebrew name inside an English sentence", () => {
    const json = card({
      summary: "s",
      blocks: [{ type: "section", text: ["Thanks ", { mention: { teams: { id: "29:x", name: "דנה" }, name: "דנה" } }, "!"] }],
    });
    expect(textsOf(json)).toEqual(["Thanks \u2068<at>דנה</at>\u2069!"]);
  });
});

describe("renderAdaptiveCard: injection", () => {
  const attack = "<at>Dana Levi</at> [bank](https://evil) **loud** <!channel> &lt;at&gt;x&lt;/at&gt;\n# Heading\n- list";
  const attacked: Message = {
    summary: attack,
    blocks: [
      { type: "header", text: attack },
      { type: "section", text: [attack, " ", { bold: attack }], fields: [{ label: attack, value: attack }] },
      { type: "context", text: attack },
      { type: "image", url: "https://acme.example/i.png", alt: attack },
      {
        type: "actions",
        buttons: [
          {
            action: "a",
            label: attack,
            value: "v",
            confirm: { title: attack, text: attack, confirm: attack, deny: attack },
          },
        ],
      },
      { type: "section", text: [{ mention: { name: attack } }, { link: "https://acme.example/(x)", label: attack }] },
      { type: "section", text: ["Legit: ", { mention: DANA }] },
    ],
  };

  it("escapes user text so it cannot mention, link or format", () => {
    const json = card(attacked);
    for (const text of textsOf(json)) {
      expect(text).not.toMatch(/(^|[^\\])<at>(?!Dana Levi<\/at>\u2069?$)/);
      expect(text).not.toMatch(/(^|[^\\])\[bank/);
      expect(text).not.toMatch(/(^|[^\\])&lt;/);
      expect(text).not.toMatch(/^#/m);
      expect(text).not.toMatch(/^- /m);
    }
    expect(textsOf(json)[0]).toBe(
      "\\<at>Dana Levi\\</at> \\[bank\\](https://evil) \\*\\*loud\\*\\* \\<!channel> \\&lt;at\\&gt;x\\&lt;/at\\&gt;\n\n\\# Heading\n\n\\- list",
    );
    expect(json.msteams?.entities).toEqual([
      { type: "mention", text: "<at>Dana Levi</at>", mentioned: { id: "29:dana", name: "Dana Levi" } },
    ]);
  });

  it("keeps our own link intact around a hostile label", () => {
    const json = card(attacked);
    expect(textsOf(json).at(-2)).toMatch(/\]\(https:\/\/acme\.example\/%28x%29\)$/);
  });

  it("escapes the confirmation text carried in the submit data", () => {
    const json = card(attacked);
    const actionSet = json.body.find((e) => e.type === "ActionSet");
    const confirm = actionSet?.type === "ActionSet" ? actionSet.actions[0]?.data.confirm : undefined;
    expect(confirm).toMatch(/^\\<at>Dana Levi\\<\/at> \\\[bank\\\]/);
  });
});

describe("renderAdaptiveCard: size", () => {
  it("shortens long texts to keep the card under the Teams limit", () => {
    const story = "A customer called about a fee nobody had explained. ".repeat(200);
    const blocks: Block[] = Array.from({ length: 12 }, () => ({ type: "section", text: story }));
    const json = card({ summary: "s", blocks: [...blocks, { type: "actions", buttons: [{ action: "a", label: "A", value: "1" }] }] });
    expect(byteSize(json)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    expect(json.body).toHaveLength(13);
    for (const text of textsOf(json)) {
      expect(text.length).toBeLessThanOrEqual(TEAMS_LIMITS.textChars);
      expect(text.endsWith("…")).toBe(true);
    }
  });

  it("caps a single text even when the card is small enough", () => {
    const json = card({ summary: "s", blocks: [{ type: "section", text: "x".repeat(TEAMS_LIMITS.textChars + 10) }] });
    expect(textsOf(json)[0]?.length).toBeLessThanOrEqual(TEAMS_LIMITS.textChars);
  });

  it("drops trailing text blocks, keeps the buttons and says so, when shortening is not enough", () => {
    const blocks: Block[] = Array.from({ length: 300 }, (_, i) => ({ type: "section", text: `Complaint ${i}: ${"x".repeat(150)}` }));
    const json = card({
      summary: "s",
      blocks: [...blocks, { type: "actions", buttons: [{ action: "digest.ack", label: "Seen", value: "w47" }] }],
    });
    expect(byteSize(json)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    expect(json.body.some((e) => e.type === "ActionSet")).toBe(true);
    expect(textsOf(json).at(-1)).toBe("This message was shortened to fit Teams' limits.");
    expect(textsOf(json)[0]).toMatch(/^Complaint 0:/);
  });

  it("keeps Hebrew cards, two bytes a letter, under the limit too", () => {
    const blocks: Block[] = Array.from({ length: 20 }, () => ({ type: "section", text: "לקוח התקשר בעניין עמלה. ".repeat(200) }));
    const json = card({ summary: "s", direction: "rtl", blocks });
    expect(byteSize(json)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
  });

  it("drops the entity of a mention cut off with its text", () => {
    const json = card({
      summary: "s",
      blocks: Array.from({ length: 30 }, (_, i) => ({
        type: "section" as const,
        text: ["x".repeat(3000), { mention: { teams: { id: `29:${i}`, name: `Person ${i}` }, name: `Person ${i}` } }],
      })),
    });
    expect(json.msteams).toBeUndefined();
  });
});

describe("renderTeamsText", () => {
  it("renders text with its mention entities for a plain message", () => {
    expect(renderTeamsText(["Your idea was approved by ", { mention: DANA }, " <at>x</at>"])).toEqual({
      text: "Your idea was approved by <at>Dana Levi</at> \\<at>x\\</at>",
      entities: [{ type: "mention", text: "<at>Dana Levi</at>", mentioned: { id: "29:dana", name: "Dana Levi" } }],
    });
  });

  it("returns no entities when nobody is mentioned", () => {
    expect(renderTeamsText({ bold: "Done" })).toEqual({ text: "**Done**", entities: [] });
  });
});

describe("parseAdaptiveCard", () => {
  it("reports unknown elements, invalid values and dropped properties", () => {
    const problems = parseAdaptiveCard({
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "Bogus" },
        { type: "TextBlock", text: "x", size: "Huge" },
        { type: "TextBlock", text: "x", wrapp: true },
      ],
    });
    expect(problems).toEqual([
      expect.stringContaining('Unknown element type "Bogus"'),
      expect.stringContaining('Invalid value "Huge"'),
      "$.body kept 2 of 3 items",
    ]);
    expect(
      parseAdaptiveCard({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x", wrapp: true }] }),
    ).toEqual(["$.body[0].wrapp was dropped by the parser"]);
  });
});
