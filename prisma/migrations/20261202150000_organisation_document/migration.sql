-- AlterTable: the organisation file's text, so that a server started without ORG_FILE
-- (and the CLI) runs from the last import's settings, not only its people.
ALTER TABLE "organisation_imports" ADD COLUMN     "document" TEXT;
