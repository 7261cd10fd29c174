import type { ActionsBlock, Button as SlackButton, KnownBlock, SectionBlock } from "@slack/types";
import { renderBlockKit, SLACK_LIMITS, slackActionIdPattern } from "../../src/chat/slack/block-kit";
import type { Block, Button, Message, Text } from "../../src/chat/message";

const RLM = "\u200F";
const INJECTION = "<!channel> <@U123> <https://evil|bank> & co";

function section(text: Text, fields?: { label: Text; value: Text }[]): Block {
  return fields ? { type: "section", text, fields } : { type: "section", text };
}

function button(action: string, label: Text, value = "v", extra: Partial<Button> = {}): Button {
  return { action, label, value, ...extra };
}

function render(blocks: Block[], extra: Partial<Message> = {}) {
  return renderBlockKit({ summary: "summary", blocks, ...extra });
}

/** Every `text` string anywhere in the payload, with where it was found. */
function texts(value: unknown, path = "$"): { path: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === "string" && (key === "text" || key === "alt_text") ? [{ path: `${path}.${key}`, text: v }] : texts(v, `${path}.${key}`),
  );
}

function actionsBlocks(blocks: KnownBlock[]): ActionsBlock[] {
  return blocks.filter((b): b is ActionsBlock => b.type === "actions");
}

function buttonsOf(blocks: KnownBlock[]): SlackButton[] {
  return actionsBlocks(blocks).flatMap((b) => b.elements as SlackButton[]);
}

/** Checks a payload against every limit in SLACK_LIMITS. */
function expectWithinLimits(payload: { text: string; blocks: KnownBlock[] }): void {
  expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
  expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  for (const block of payload.blocks) {
    switch (block.type) {
      case "header":
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
        break;
      case "section":
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
        break;
      case "context":
        expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
        for (const element of block.elements) {
          if ("text" in element) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
        }
        break;
      case "image":
        expect("image_url" in block ? block.image_url.length : 0).toBeLessThanOrEqual(SLACK_LIMITS.imageUrl);
        expect(block.alt_text.length).toBeLessThanOrEqual(SLACK_LIMITS.imageAltText);
        break;
      case "actions": {
        expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.actionsElements);
        const ids = (block.elements as SlackButton[]).map((b) => b.action_id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const b of block.elements as SlackButton[]) {
          expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
          expect(b.value?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
          expect(b.action_id?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.actionId);
          if (b.confirm) {
            expect(b.confirm.title?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.confirmTitle);
            expect(b.confirm.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmText);
            expect(b.confirm.confirm?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.confirmButton);
            expect(b.confirm.deny?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.confirmButton);
          }
        }
        break;
      }
    }
  }
}

describe("renderBlockKit: block kinds", () => {
  it("maps every kind of block", () => {
    const { text, blocks } = render(
      [
        { type: "header", text: "New idea" },
        section(["Proposed by ", { bold: "Dana" }], [{ label: "Department", value: "Billing" }]),
        { type: "context", text: { italic: "Submitted today" } },
        { type: "image", url: "https://acme.example/chart.png", alt: "Weekly chart" },
        { type: "divider" },
        {
          type: "actions",
          buttons: [
            button("idea.approve", "Approve", "idea-1", { style: "primary" }),
            button("idea.reject", "Reject", "idea-1", {
              style: "danger",
              confirm: { title: "Reject?", text: "The author will be told.", confirm: "Reject", deny: "Cancel" },
            }),
          ],
        },
      ],
      { summary: "New idea from Dana" },
    );
    expect(text).toBe("New idea from Dana");
    expect(blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "New idea", emoji: true } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "Proposed by *Dana*", verbatim: true },
        fields: [{ type: "mrkdwn", text: "*Department*\nBilling", verbatim: true }],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "_Submitted today_", verbatim: true }] },
      { type: "image", image_url: "https://acme.example/chart.png", alt_text: "Weekly chart" },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: "idea.approve",
            text: { type: "plain_text", text: "Approve", emoji: true },
            value: "idea-1",
            style: "primary",
          },
          {
            type: "button",
            action_id: "idea.reject",
            text: { type: "plain_text", text: "Reject", emoji: true },
            value: "idea-1",
            style: "danger",
            confirm: {
              title: { type: "plain_text", text: "Reject?", emoji: true },
              text: { type: "mrkdwn", text: "The author will be told.", verbatim: true },
              confirm: { type: "plain_text", text: "Reject", emoji: true },
              deny: { type: "plain_text", text: "Cancel", emoji: true },
              style: "danger",
            },
          },
        ],
      },
    ]);
  });

  it("drops blocks whose text is empty, which Slack would refuse", () => {
    const { blocks } = render([{ type: "header", text: "" }, section([]), { type: "context", text: "" }]);
    expect(blocks).toEqual([]);
  });
});

describe("renderBlockKit: limits", () => {
  it("keeps 49 of 60 blocks and says the message was shortened", () => {
    const blocks = Array.from({ length: 60 }, (_, i) => section(`Block ${i}`));
    const out = render(blocks);
    expect(out.blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    expect(out.blocks[48]).toMatchObject({ type: "section", text: { text: "Block 48" } });
    expect(out.blocks[49]).toMatchObject({
      type: "context",
      elements: [{ type: "mrkdwn", text: "This message was shortened to fit Slack's limits." }],
    });
    expectWithinLimits(out);
  });

  it("uses the notice it is given, and a Hebrew one for rtl messages", () => {
    const blocks = Array.from({ length: 51 }, () => section("x"));
    expect(texts(renderBlockKit({ summary: "s", blocks }, { shortenedNotice: "Shortened." }).blocks).at(-1)?.text).toBe(
      "Shortened.",
    );
    expect(texts(render(blocks, { direction: "rtl" }).blocks).at(-1)?.text).toMatch(/^\u200F.*[\u0590-\u05FF]/);
  });

  it("counts the blocks produced by splitting, not the blocks given", () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ label: `F${i}`, value: "v" }));
    const out = render(Array.from({ length: 20 }, () => section("s", fields)));
    expect(out.blocks).toHaveLength(50);
    expectWithinLimits(out);
  });

  it("cuts a 5000-character section to 3000", () => {
    const out = render([section("a".repeat(5000))]);
    const text = (out.blocks[0] as SectionBlock).text?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text.length).toBeGreaterThan(2900);
    expect(text.endsWith("…")).toBe(true);
  });

  it("cuts where escaping makes a text longer than it looks", () => {
    const out = render([section("&".repeat(2000))]);
    const text = (out.blocks[0] as SectionBlock).text?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text).toMatch(/^(&amp;)+…$/);
  });

  it("cuts an 80-character button label to 75", () => {
    const out = render([{ type: "actions", buttons: [button("a", "x".repeat(80))] }]);
    expect(buttonsOf(out.blocks)[0]?.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  });

  it("splits 15 fields over two sections, the text only in the first", () => {
    const fields = Array.from({ length: 15 }, (_, i) => ({ label: `Label ${i}`, value: `Value ${i}` }));
    const out = render([section("Totals", fields)]);
    expect(out.blocks).toHaveLength(2);
    const [first, second] = out.blocks as SectionBlock[];
    expect(first?.text?.text).toBe("Totals");
    expect(first?.fields).toHaveLength(10);
    expect(second?.text).toBeUndefined();
    expect(second?.fields).toHaveLength(5);
    expect(second?.fields?.[4]?.text).toBe("*Label 14*\nValue 14");
  });

  it("splits 30 buttons over two actions blocks", () => {
    const buttons = Array.from({ length: 30 }, (_, i) => button(`b.${i}`, `B${i}`));
    const out = render([{ type: "actions", buttons }]);
    expect(actionsBlocks(out.blocks).map((b) => b.elements.length)).toEqual([25, 5]);
  });

  it("cuts long headers, fields, context, alt text, confirmations and the top-level text", () => {
    const long = "word ".repeat(10_000);
    const out = render(
      [
        { type: "header", text: long },
        section(long, [{ label: long, value: long }]),
        { type: "context", text: long },
        { type: "image", url: "https://acme.example/i.png", alt: long },
        {
          type: "actions",
          buttons: [button("a", long, "v", { confirm: { title: long, text: long, confirm: long, deny: long } })],
        },
      ],
      { summary: long },
    );
    expectWithinLimits(out);
    expect(out.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    for (const { text } of texts(out)) expect(text).toMatch(/…\*?$/);
  });

  it("refuses values and URLs that cutting would corrupt", () => {
    expect(() => render([{ type: "actions", buttons: [button("a", "A", "v".repeat(2001))] }])).toThrow(RangeError);
    expect(() => render([{ type: "image", url: `https://x.example/${"a".repeat(3000)}`, alt: "a" }])).toThrow(RangeError);
    expect(() => render([{ type: "actions", buttons: [button("a".repeat(256), "A")] }])).toThrow(RangeError);
  });
});

describe("renderBlockKit: action ids", () => {
  it("makes action ids unique within a block and matchable by action", () => {
    const buttons = [
      button("idea.approve", "Approve #1", "1"),
      button("idea.approve", "Approve #2", "2"),
      button("idea.reject", "Reject #1", "1"),
      button("idea.approve", "Approve #3", "3"),
    ];
    const ids = buttonsOf(render([{ type: "actions", buttons }]).blocks).map((b) => b.action_id);
    expect(ids).toEqual(["idea.approve", "idea.approve#2", "idea.reject", "idea.approve#3"]);
    const pattern = slackActionIdPattern("idea.approve");
    expect(ids.filter((id) => id !== undefined && pattern.test(id))).toEqual([
      "idea.approve",
      "idea.approve#2",
      "idea.approve#3",
    ]);
    expect(pattern.test("ideaXapprove")).toBe(false);
  });
});

describe("renderBlockKit: injection", () => {
  const everywhere: Block[] = [
    { type: "header", text: INJECTION },
    section(INJECTION, [{ label: INJECTION, value: INJECTION }]),
    section(["Quoted: ", { bold: INJECTION }, " ", { italic: INJECTION }]),
    { type: "context", text: INJECTION },
    { type: "image", url: "https://acme.example/i.png", alt: INJECTION },
    {
      type: "actions",
      buttons: [
        button("a", INJECTION, "v", {
          confirm: { title: INJECTION, text: INJECTION, confirm: "<!here>", deny: "<!everyone>" },
        }),
      ],
    },
    section({ mention: { name: INJECTION } }),
    section({ mention: { slack: "U1> <!channel", name: "Mallory" } }),
    section({ link: "https://acme.example/ideas/1", label: INJECTION }),
  ];

  it("escapes user text in every kind of block and in the top-level text", () => {
    const out = render(everywhere, { summary: INJECTION });
    const found = texts(out);
    expect(found.length).toBeGreaterThan(12);
    for (const { path, text } of found) {
      expect({ path, text }).toEqual({ path, text: expect.not.stringMatching(/<!|<@U123|<https:\/\/evil/) });
      expect({ path, text }).toEqual({ path, text: expect.not.stringMatching(/&(?!amp;|lt;|gt;)/) });
    }
    expect(out.text).toBe("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|bank&gt; &amp; co");
    expect(JSON.stringify(out)).toContain("&lt;!here&gt;");
  });

  it("cannot fake our formatting or links with markdown-like text", () => {
    const out = render([section("*urgent* _now_ ~old~ `code` [bank](https://evil)")]);
    const text = (out.blocks[0] as SectionBlock).text?.text ?? "";
    expect(text).not.toMatch(/[*_~`]/);
    expect(text).toContain("[bank](https://evil)");
  });
});

describe("renderBlockKit: text we build", () => {
  it("renders mentions, links, bold and italic", () => {
    const out = render([
      section([
        "Approved by ",
        { mention: { slack: "U0DANA", name: "Dana Levi" } },
        " for ",
        { mention: { name: "Omer" } },
        ": ",
        { link: "https://acme.example/ideas/7?a=1|2", label: ["Idea ", { bold: "#7" }, " & more"] },
        " ",
        { bold: ["very ", { italic: "good" }] },
      ]),
    ]);
    expect((out.blocks[0] as SectionBlock).text?.text).toBe(
      "Approved by <@U0DANA> for Omer: <https://acme.example/ideas/7?a=1%7C2|Idea #7 &amp; more> *very _good_*",
    );
  });

  it("shows the name when the Slack id is not a user id", () => {
    const out = render([section({ mention: { slack: "not-an-id", name: "Dana <3" } })]);
    expect((out.blocks[0] as SectionBlock).text?.text).toBe("Dana &lt;3");
  });

  it("shows mentions by name in plain_text, where Slack cannot mention", () => {
    const out = render([{ type: "header", text: ["Welcome ", { mention: { slack: "U0DANA", name: "Dana" } }] }]);
    expect(texts(out.blocks)[0]?.text).toBe("Welcome Dana");
  });

  it("isolates a Hebrew name inside an English sentence", () => {
    const out = render([section(["Thanks ", { mention: { slack: "U0DANA", name: "דנה לוי" } }, "!"])]);
    expect((out.blocks[0] as SectionBlock).text?.text).toBe("Thanks \u2068<@U0DANA>\u2069!");
  });
});

describe("renderBlockKit: right to left", () => {
  const hebrew: Message = {
    summary: "רעיון חדש מ-Dana",
    direction: "rtl",
    blocks: [
      { type: "header", text: "רעיון חדש" },
      section(["הוצע על ידי ", { mention: { slack: "U0DANA", name: "Dana Levi" } }, "\nשורה שנייה: 42%"], [
        { label: "מחלקה", value: "Billing" },
      ]),
      { type: "context", text: "נשלח היום" },
      { type: "actions", buttons: [button("idea.approve", "אישור", "1")] },
    ],
  };

  it("starts every paragraph of every text with a right-to-left mark", () => {
    const out = renderBlockKit(hebrew);
    const found = texts(out);
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const { path, text } of found) {
      for (const line of text.split("\n")) expect({ path, line: line[0] }).toEqual({ path, line: RLM });
    }
    expect((out.blocks[1] as SectionBlock).text?.text).toBe(
      `${RLM}הוצע על ידי \u2068<@U0DANA>\u2069\n${RLM}שורה שנייה: 42%`,
    );
  });

  it("counts the marks against the limits", () => {
    const lines = Array.from({ length: 1000 }, () => "שורה").join("\n");
    const out = render([section(lines), { type: "header", text: "א".repeat(200) }], { direction: "rtl" });
    expectWithinLimits(out);
    const text = (out.blocks[0] as SectionBlock).text?.text ?? "";
    for (const line of text.split("\n")) expect(line[0]).toBe(RLM);
  });

  it("adds no marks to left-to-right messages", () => {
    expect(JSON.stringify(render([section("hello")]))).not.toContain(RLM);
  });
});
