-- CreateIndex
CREATE INDEX "outbox_messages_platform_target_status_idx" ON "outbox_messages"("platform", "target", "status");
