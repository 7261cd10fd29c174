-- CreateEnum
CREATE TYPE "ReminderStyle" AS ENUM ('STANDARD', 'EVENING');

-- AlterTable
ALTER TABLE "employees" ADD COLUMN     "reminder_style" "ReminderStyle" NOT NULL DEFAULT 'STANDARD';

-- CreateTable
CREATE TABLE "support_presence" (
    "employee_id" INTEGER NOT NULL,
    "shift_id" INTEGER NOT NULL,
    "status_text" TEXT NOT NULL,
    "status_emoji" TEXT NOT NULL,
    "status_expiration" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "support_presence_pkey" PRIMARY KEY ("employee_id")
);

-- AddForeignKey
ALTER TABLE "support_presence" ADD CONSTRAINT "support_presence_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

