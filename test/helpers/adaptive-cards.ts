/**
 * Checks Adaptive Card JSON with Microsoft's own `adaptivecards` parser, which reports
 * unknown element and action types and invalid property values as events.
 */
import type * as AdaptiveCards from "adaptivecards";

// The package's ESM entry fails to load in Node 20; its UMD bundle loads and has the same
// API, so it is typed with the package's own declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as typeof AdaptiveCards;

// Host-specific extensions the parser does not model; Teams reads `msteams`.
const HOST_EXTENSIONS = new Set(["msteams"]);

/**
 * Problems found in a card: parse events, validation events, and properties the parser
 * silently dropped (a misspelt property name is not an event, but it does not survive
 * a parse and serialise round trip). An empty list means the card is clean.
 */
export function parseAdaptiveCard(json: object): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  droppedProperties(json, card.toJSON(), "$", problems);
  return problems;
}

function droppedProperties(input: unknown, output: unknown, path: string, problems: string[]): void {
  if (Array.isArray(input)) {
    const out: unknown[] = Array.isArray(output) ? output : [];
    // A dropped item shifts the others; the parser has already reported why it went.
    if (out.length !== input.length) problems.push(`${path} kept ${out.length} of ${input.length} items`);
    else input.forEach((item, i) => droppedProperties(item, out[i], `${path}[${i}]`, problems));
    return;
  }
  if (!isRecord(input)) return;
  const out = isRecord(output) ? output : {};
  for (const [key, value] of Object.entries(input)) {
    if (path === "$" && HOST_EXTENSIONS.has(key)) continue;
    if (key in out) {
      // `data` is free-form: whatever the bot puts there comes back on submit.
      if (key !== "data") droppedProperties(value, out[key], `${path}.${key}`, problems);
    } else if (!(Array.isArray(value) && value.length === 0)) {
      // (The serialiser leaves out empty arrays, which loses nothing.)
      problems.push(`${path}.${key} was dropped by the parser`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
