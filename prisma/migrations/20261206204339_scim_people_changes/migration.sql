-- AlterTable
ALTER TABLE "employees" ADD COLUMN     "scim_external_id" TEXT,
ADD COLUMN     "scim_manager_id" INTEGER;

-- CreateTable
CREATE TABLE "people_changes" (
    "id" SERIAL NOT NULL,
    "import_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "manager_email" TEXT,
    "manager_of" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "people_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "people_changes_import_id_id_idx" ON "people_changes"("import_id", "id");

-- CreateIndex
CREATE INDEX "employees_scim_external_id_idx" ON "employees"("scim_external_id");

-- AddForeignKey
ALTER TABLE "employees" ADD CONSTRAINT "employees_scim_manager_id_fkey" FOREIGN KEY ("scim_manager_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "people_changes" ADD CONSTRAINT "people_changes_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "organisation_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

