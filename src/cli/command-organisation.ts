import { parseOrganisation, type Organisation } from "../config/organisation";

/**
 * The organisation a report or preview command reads its settings from: the server's when the
 * command runs there, else the file the CLI sent along (ORG_FILE), else none.
 */
export function commandOrganisation(serverOrganisation: Organisation | undefined, file: { fileName: string; content: string } | undefined): Organisation | undefined {
  return serverOrganisation ?? (file ? parseOrganisation(file.content, file.fileName) : undefined);
}
