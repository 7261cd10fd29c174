-- GIN's pending list (fastupdate) makes every search scan the entries not yet merged into the
-- index: with a few thousand recent ideas, each similar-idea lookup cost milliseconds of
-- database CPU. Inserting straight into the index is cheaper overall for this workload.
-- schema.prisma cannot express index storage parameters; the drift test allows this one.
ALTER INDEX "ideas_search_terms_idx" SET (fastupdate = off);
