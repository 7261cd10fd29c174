-- AlterTable
ALTER TABLE "complaints" ADD COLUMN     "terms" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "themes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "departments" ADD COLUMN     "complaint_keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "complaint_patterns" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "timezone" TEXT;

-- CreateTable
CREATE TABLE "digest_charts" (
    "token" TEXT NOT NULL,
    "png" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_charts_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE INDEX "digest_charts_created_at_idx" ON "digest_charts"("created_at");

-- CreateIndex
CREATE INDEX "complaints_received_at_idx" ON "complaints"("received_at");

