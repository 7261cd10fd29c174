-- AlterTable
ALTER TABLE "ideas" ADD COLUMN     "search_terms" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "idea_drafts" (
    "id" TEXT NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idea_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idea_drafts_created_at_idx" ON "idea_drafts"("created_at");

-- CreateIndex
CREATE INDEX "ideas_search_terms_idx" ON "ideas" USING GIN ("search_terms");

-- AddForeignKey
ALTER TABLE "idea_drafts" ADD CONSTRAINT "idea_drafts_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

