import type { RawSql } from "../../src/store/database";

// Index storage parameters set by migrations that schema.prisma cannot express (see the
// migration that sets them for why).
const MIGRATION_ONLY = / WITH \(fastupdate='?off'?\)/;

/**
 * Everything about the public schema that a migration can change, as sorted text: two
 * databases with equal snapshots have the same tables, columns, types, defaults,
 * constraints, indexes and enums.
 */
export async function catalogSnapshot(raw: RawSql): Promise<string[]> {
  const rows = await raw.query<{ line: string }>(`
    SELECT format('column %s.%s %s %s nullable=%s default=%s', table_name, column_name, data_type, udt_name,
                  is_nullable, coalesce(column_default, '-')) AS line
      FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    UNION ALL
    SELECT format('constraint %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations'
    UNION ALL
    SELECT format('index %s', indexdef) FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
    UNION ALL
    SELECT format('enum %s %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' GROUP BY t.typname`);
  return rows.map((r) => r.line.replace(MIGRATION_ONLY, "")).sort();
}
