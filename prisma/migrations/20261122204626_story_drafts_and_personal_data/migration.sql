-- AlterEnum
ALTER TYPE "StoryStatus" ADD VALUE 'DRAFT';

-- AlterTable
ALTER TABLE "service_stories" ADD COLUMN     "personal_data_confirmed" BOOLEAN NOT NULL DEFAULT false;

