-- The web surface posts like a chat platform: its outbox rows name it, its posts are kept here.
ALTER TYPE "Platform" ADD VALUE 'WEB';

CREATE TABLE "web_posts" (
    "id" SERIAL NOT NULL,
    "target" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "outbox_id" INTEGER,
    "posted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "web_posts_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "web_posts_outbox_id_key" ON "web_posts"("outbox_id");
CREATE INDEX "web_posts_target_id_idx" ON "web_posts"("target", "id");
