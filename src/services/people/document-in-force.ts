/**
 * The organisation in force as a source of people merges into it: what `storedOrganisation`
 * reads (the last import's document with the SCIM changes since), with the document parsed
 * once and kept. Parsing a document of 10,000 people takes about a second, and the merge needs
 * the parsed document (to keep its comments) as much as the sources need its settings, so it
 * is parsed here once instead of once for each.
 */
import { parseDocument, type Document } from "yaml";
import { organisationSchema, parseOrganisation, type Organisation } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";
import { applyToDocument, changesOn } from "./people-changes";

export interface DocumentInForce {
  /** The import the document belongs to, and the newest SCIM change on top of it it includes. */
  id: number;
  lastChange: number | null;
  organisation: Organisation;
  text: string;
  /** `text` parsed; a merge changes it in place. */
  document: Document;
  /** What messages call it: the import's source, "and SCIM changes since" when there are any. */
  source: string;
}

/** As `storedOrganisation` reads and names it (src/services/organisation-import.ts). */
export async function documentInForce(prisma: PrismaClient): Promise<DocumentInForce | undefined> {
  const last = await prisma.organisationImport.findFirst({ where: { document: { not: null } }, orderBy: { id: "desc" } });
  if (!last?.document) return undefined;
  const changes = await changesOn(prisma, last.id);
  const text = applyToDocument(last.document, changes);
  const source = changes.length ? `${last.source} and SCIM changes since` : last.source;
  const document = parseDocument(text);
  const organisation = validatedDocument(document, text, `${source} (as imported into the database)`);
  return { id: last.id, lastChange: changes.at(-1)?.id ?? null, organisation, text, document, source };
}

/**
 * The organisation `document` describes, validated as `parseOrganisation` validates `text`
 * but from the parsed document's data, without parsing the text again. A document that does
 * not pass is parsed from its text after all, for the problems with their lines that
 * `parseOrganisation` reports.
 */
export function validatedDocument(document: Document, text: string, fileName: string): Organisation {
  let checked;
  if (document.errors.length === 0 && document.contents !== null) {
    try {
      checked = organisationSchema.safeParse(document.toJS());
    } catch {
      // yaml refuses aliases that would expand enormously; parseOrganisation says so.
    }
  }
  return checked?.success ? checked.data : parseOrganisation(text, fileName);
}
