-- AlterTable
ALTER TABLE "employees" ADD COLUMN     "monthly_report" BOOLEAN NOT NULL DEFAULT true;

