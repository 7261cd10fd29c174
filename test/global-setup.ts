import { PGLITE_TEMPLATE_ENV, pgliteTemplate, POSTGRES_TEMPLATE_ENV, postgresTemplate } from "./helpers/database-templates";

/** Migrates once for the whole run; the workers inherit where the templates are. */
export default async function globalSetup(): Promise<void> {
  process.env[PGLITE_TEMPLATE_ENV] = await pgliteTemplate();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = await postgresTemplate(serverUrl);
    process.env[POSTGRES_TEMPLATE_ENV] = template.name;
    (globalThis as { dropPostgresTemplate?: () => Promise<void> }).dropPostgresTemplate = template.drop;
  }
}
