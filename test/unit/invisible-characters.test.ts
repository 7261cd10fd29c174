import { withoutInvisibleFormatting } from "../../src/domain/text-safety";
import { parseComplaints } from "../../src/services/complaints/complaint-input";
import { validateStoryForm } from "../../src/services/stories/story-input";

/**
 * Text people type reaches channels, cards and digests: the characters that show nothing
 * but reorder or hide what is shown are gone before it is stored.
 */
describe("invisible formatting characters", () => {
  it("removes overrides, embeddings, isolates, zero-width spaces, word joiners and the BOM", () => {
    expect(withoutInvisibleFormatting("a\u202Eb\u202Ac\u202Bd\u202Ce\u202Df\u2066g\u2067h\u2068i\u2069j\u200Bk\u2060l\uFEFFm\u180En")).toBe("abcdefghijklmn");
  });

  it("keeps directional marks, joiners and soft hyphens, which people type on purpose", () => {
    const kept = "\u200E\u200F\u061C\u200C\u200D\u00AD";
    expect(withoutInvisibleFormatting(`x${kept}y`)).toBe(`x${kept}y`);
  });

  it("stores a story without them, and refuses one that is nothing else", () => {
    const story = validateStoryForm({ text: "Dana \u202Ecalled back\u202C the same day\u200B" }, "en", []);
    expect(story).toEqual({ ok: true, value: expect.objectContaining({ text: "Dana called back the same day" }) });
    expect(validateStoryForm({ text: " \u200B\u2066\u2069 " }, "en", [])).toEqual({ ok: false, errors: { text: "Write what happened." } });
  });

  it("takes a complaint from the webhook without them, and refuses an invisible text naming the field", () => {
    const parsed = parseComplaints({ id: "zd-1", received_at: "2026-11-19T08:41:00Z", text: "\uFEFFThe invoice\u200B shows a fee\u202E" });
    expect(parsed).toEqual({ ok: true, complaints: [expect.objectContaining({ text: "The invoice shows a fee" })], paths: [""] });
    expect(parseComplaints({ id: "zd-2", received_at: "2026-11-19T08:41:00Z", text: "\u200B \u2069" })).toEqual({
      ok: false,
      problems: ["text: expected the complaint's text, got an empty string"],
    });
  });
});
