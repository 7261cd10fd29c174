// Prisma 7 CLI configuration. Only `prisma generate` runs here (offline: Prisma 7's engines are not downloaded);
// migrations are applied by the application itself (src/store/migrate.ts).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
