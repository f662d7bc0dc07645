-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "dedupeKey" TEXT;

-- CreateTable
CREATE TABLE "MetricCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" REAL NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Exception_status_reason_createdAt_idx" ON "Exception"("status", "reason", "createdAt");

-- CreateIndex
CREATE INDEX "Exception_teamId_status_createdAt_idx" ON "Exception"("teamId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

