-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "IdeaStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'IN_PROGRESS', 'DONE', 'REJECTED', 'MERGED');

-- CreateEnum
CREATE TYPE "StoryStatus" AS ENUM ('AWAITING_CURATOR', 'PUBLISHED', 'DECLINED');

-- CreateEnum
CREATE TYPE "ContactChannel" AS ENUM ('PHONE', 'CHAT', 'EMAIL', 'SOCIAL', 'STORE', 'OTHER');

-- CreateEnum
CREATE TYPE "AttributionSource" AS ENUM ('SENDER', 'RULE', 'MANAGER', 'NONE');

-- CreateEnum
CREATE TYPE "ShiftStatus" AS ENUM ('PLANNED', 'PUBLISHED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SwapStatus" AS ENUM ('OFFERED', 'ACCEPTED', 'APPROVED', 'DECLINED', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('SLACK', 'TEAMS');

-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('RUNNING', 'DONE', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "departments" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slack_channel" TEXT,
    "teams_channel" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "departments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employees" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "department_id" INTEGER,
    "slack_user_id" TEXT,
    "teams_user_id" TEXT,
    "timezone" TEXT,
    "locale" TEXT,
    "fte" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "start_date" DATE,
    "is_admin" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivated_at" TIMESTAMP(3),
    "calendar_token" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "employees_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department_managers" (
    "department_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,

    CONSTRAINT "department_managers_pkey" PRIMARY KEY ("department_id","employee_id")
);

-- CreateTable
CREATE TABLE "organisation_imports" (
    "id" SERIAL NOT NULL,
    "checksum" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ideas" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "problem" TEXT,
    "proposal" TEXT,
    "department_id" INTEGER NOT NULL,
    "proposer_id" INTEGER NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "status" "IdeaStatus" NOT NULL DEFAULT 'SUBMITTED',
    "owner_id" INTEGER,
    "target_date" DATE,
    "rejection_reason" TEXT,
    "merged_into_id" INTEGER,
    "source_message_url" TEXT,
    "status_changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ideas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idea_events" (
    "id" SERIAL NOT NULL,
    "idea_id" INTEGER NOT NULL,
    "actor_id" INTEGER,
    "from_status" "IdeaStatus",
    "to_status" "IdeaStatus" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idea_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idea_votes" (
    "idea_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "muted_updates" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idea_votes_pkey" PRIMARY KEY ("idea_id","employee_id")
);

-- CreateTable
CREATE TABLE "idea_comments" (
    "id" SERIAL NOT NULL,
    "idea_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idea_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idea_posts" (
    "id" SERIAL NOT NULL,
    "idea_id" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idea_posts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_stories" (
    "id" SERIAL NOT NULL,
    "author_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "customer_impact" TEXT,
    "department_id" INTEGER,
    "status" "StoryStatus" NOT NULL DEFAULT 'AWAITING_CURATOR',
    "curator_id" INTEGER,
    "source_message_url" TEXT,
    "published_at" TIMESTAMP(3),
    "story_of_week" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_stories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_colleagues" (
    "story_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,

    CONSTRAINT "story_colleagues_pkey" PRIMARY KEY ("story_id","employee_id")
);

-- CreateTable
CREATE TABLE "story_posts" (
    "id" SERIAL NOT NULL,
    "story_id" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "channel" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,

    CONSTRAINT "story_posts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_reactions" (
    "story_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "emoji" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "story_reactions_pkey" PRIMARY KEY ("story_id","employee_id","emoji")
);

-- CreateTable
CREATE TABLE "complaints" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL,
    "channel" "ContactChannel" NOT NULL DEFAULT 'OTHER',
    "category" TEXT,
    "department_id" INTEGER,
    "attributed_by" "AttributionSource" NOT NULL DEFAULT 'NONE',
    "text" TEXT NOT NULL,
    "customer_hash" TEXT,
    "returned" BOOLEAN NOT NULL DEFAULT false,
    "credit_amount" DECIMAL(12,2),
    "credit_currency" TEXT,
    "legal_threat" BOOLEAN NOT NULL DEFAULT false,
    "churn_threat" BOOLEAN NOT NULL DEFAULT false,
    "retained" BOOLEAN NOT NULL DEFAULT false,
    "reopened" BOOLEAN NOT NULL DEFAULT false,
    "repeat_of_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "complaints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint_moves" (
    "id" SERIAL NOT NULL,
    "complaint_id" INTEGER NOT NULL,
    "from_department_id" INTEGER,
    "to_department_id" INTEGER NOT NULL,
    "moved_by_id" INTEGER NOT NULL,
    "moved_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "complaint_moves_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shift_templates" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weekdays" INTEGER[],
    "start_time" TEXT NOT NULL,
    "end_time" TEXT NOT NULL,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "language" TEXT,
    "skill" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shift_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shifts" (
    "id" SERIAL NOT NULL,
    "template_id" INTEGER,
    "seat" INTEGER NOT NULL DEFAULT 1,
    "starts_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "employee_id" INTEGER,
    "status" "ShiftStatus" NOT NULL DEFAULT 'PLANNED',
    "is_onboarding" BOOLEAN NOT NULL DEFAULT false,
    "buddy_id" INTEGER,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "published_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shifts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "absences" (
    "id" SERIAL NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "absences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "swap_requests" (
    "id" SERIAL NOT NULL,
    "shift_id" INTEGER NOT NULL,
    "from_employee_id" INTEGER NOT NULL,
    "to_employee_id" INTEGER,
    "status" "SwapStatus" NOT NULL DEFAULT 'OFFERED',
    "needs_manager_approval" BOOLEAN NOT NULL DEFAULT false,
    "decided_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "swap_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "run_key" TEXT NOT NULL,
    "scheduled_for" TIMESTAMP(3) NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'RUNNING',
    "claimed_by" TEXT NOT NULL,
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "late" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" SERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "sent_message_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_requests" (
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_requests_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "teams_conversations" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "teams_user_id" TEXT,
    "teams_channel_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_conversations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "departments_key_key" ON "departments"("key");

-- CreateIndex
CREATE UNIQUE INDEX "employees_email_key" ON "employees"("email");

-- CreateIndex
CREATE UNIQUE INDEX "employees_slack_user_id_key" ON "employees"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "employees_teams_user_id_key" ON "employees"("teams_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "employees_calendar_token_key" ON "employees"("calendar_token");

-- CreateIndex
CREATE INDEX "employees_department_id_idx" ON "employees"("department_id");

-- CreateIndex
CREATE INDEX "ideas_department_id_status_idx" ON "ideas"("department_id", "status");

-- CreateIndex
CREATE INDEX "ideas_proposer_id_idx" ON "ideas"("proposer_id");

-- CreateIndex
CREATE INDEX "ideas_owner_id_idx" ON "ideas"("owner_id");

-- CreateIndex
CREATE INDEX "idea_events_idea_id_created_at_idx" ON "idea_events"("idea_id", "created_at");

-- CreateIndex
CREATE INDEX "idea_comments_idea_id_idx" ON "idea_comments"("idea_id");

-- CreateIndex
CREATE INDEX "idea_posts_idea_id_idx" ON "idea_posts"("idea_id");

-- CreateIndex
CREATE UNIQUE INDEX "idea_posts_platform_channel_message_id_key" ON "idea_posts"("platform", "channel", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "service_stories_story_of_week_key" ON "service_stories"("story_of_week");

-- CreateIndex
CREATE INDEX "service_stories_status_published_at_idx" ON "service_stories"("status", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "story_posts_platform_channel_message_id_key" ON "story_posts"("platform", "channel", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "complaints_external_id_key" ON "complaints"("external_id");

-- CreateIndex
CREATE INDEX "complaints_department_id_received_at_idx" ON "complaints"("department_id", "received_at");

-- CreateIndex
CREATE INDEX "complaints_customer_hash_received_at_idx" ON "complaints"("customer_hash", "received_at");

-- CreateIndex
CREATE INDEX "complaint_moves_complaint_id_idx" ON "complaint_moves"("complaint_id");

-- CreateIndex
CREATE UNIQUE INDEX "shift_templates_key_key" ON "shift_templates"("key");

-- CreateIndex
CREATE INDEX "shifts_employee_id_starts_at_idx" ON "shifts"("employee_id", "starts_at");

-- CreateIndex
CREATE INDEX "shifts_starts_at_idx" ON "shifts"("starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "shifts_template_id_starts_at_seat_key" ON "shifts"("template_id", "starts_at", "seat");

-- CreateIndex
CREATE INDEX "absences_employee_id_starts_on_idx" ON "absences"("employee_id", "starts_on");

-- CreateIndex
CREATE INDEX "swap_requests_shift_id_idx" ON "swap_requests"("shift_id");

-- CreateIndex
CREATE INDEX "job_runs_job_scheduled_for_idx" ON "job_runs"("job", "scheduled_for");

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_run_key_key" ON "job_runs"("job", "run_key");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_dedupe_key_key" ON "outbox_messages"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_messages_status_next_attempt_at_idx" ON "outbox_messages"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "processed_requests_created_at_idx" ON "processed_requests"("created_at");

-- CreateIndex
CREATE INDEX "teams_conversations_teams_user_id_idx" ON "teams_conversations"("teams_user_id");

-- CreateIndex
CREATE INDEX "teams_conversations_teams_channel_id_idx" ON "teams_conversations"("teams_channel_id");

-- AddForeignKey
ALTER TABLE "employees" ADD CONSTRAINT "employees_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_managers" ADD CONSTRAINT "department_managers_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_managers" ADD CONSTRAINT "department_managers_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_proposer_id_fkey" FOREIGN KEY ("proposer_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "ideas"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_events" ADD CONSTRAINT "idea_events_idea_id_fkey" FOREIGN KEY ("idea_id") REFERENCES "ideas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_events" ADD CONSTRAINT "idea_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_idea_id_fkey" FOREIGN KEY ("idea_id") REFERENCES "ideas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_comments" ADD CONSTRAINT "idea_comments_idea_id_fkey" FOREIGN KEY ("idea_id") REFERENCES "ideas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_comments" ADD CONSTRAINT "idea_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idea_posts" ADD CONSTRAINT "idea_posts_idea_id_fkey" FOREIGN KEY ("idea_id") REFERENCES "ideas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_stories" ADD CONSTRAINT "service_stories_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_stories" ADD CONSTRAINT "service_stories_curator_id_fkey" FOREIGN KEY ("curator_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_stories" ADD CONSTRAINT "service_stories_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_colleagues" ADD CONSTRAINT "story_colleagues_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "service_stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_colleagues" ADD CONSTRAINT "story_colleagues_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_posts" ADD CONSTRAINT "story_posts_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "service_stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_reactions" ADD CONSTRAINT "story_reactions_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "service_stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_reactions" ADD CONSTRAINT "story_reactions_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_repeat_of_id_fkey" FOREIGN KEY ("repeat_of_id") REFERENCES "complaints"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_moves" ADD CONSTRAINT "complaint_moves_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_moves" ADD CONSTRAINT "complaint_moves_from_department_id_fkey" FOREIGN KEY ("from_department_id") REFERENCES "departments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_moves" ADD CONSTRAINT "complaint_moves_to_department_id_fkey" FOREIGN KEY ("to_department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_moves" ADD CONSTRAINT "complaint_moves_moved_by_id_fkey" FOREIGN KEY ("moved_by_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "shift_templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_buddy_id_fkey" FOREIGN KEY ("buddy_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "absences" ADD CONSTRAINT "absences_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_shift_id_fkey" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_from_employee_id_fkey" FOREIGN KEY ("from_employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_to_employee_id_fkey" FOREIGN KEY ("to_employee_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

