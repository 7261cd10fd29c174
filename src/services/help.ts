import type { Message } from "../chat/message";
import { translator, type Locale, textDirection } from "../i18n";

/** The commands people can type, in the order help lists them. */
export const COMMANDS = ["idea", "ideas", "story", "complaint", "rotation", "digest", "report"] as const;

/** What the bot can do, for the Slack App Home and the Teams help reply. */
export function helpMessage(locale: Locale, name: string | undefined, commandPrefix: "/" | ""): Message {
  const tr = translator(locale);
  return {
    direction: textDirection(locale),
    summary: tr("help.title"),
    blocks: [
      { type: "header", text: tr("app.name") },
      { type: "section", text: name ? tr("help.intro", { name }) : tr("app.tagline") },
      {
        type: "section",
        text: tr("help.title"),
        fields: COMMANDS.map((command) => ({ label: `${commandPrefix}${command}`, value: tr(`help.${command}`) })),
      },
      { type: "context", text: tr("help.comingSoon") },
    ],
  };
}
