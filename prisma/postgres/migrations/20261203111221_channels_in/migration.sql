-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "acceptsEmail" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "formConfig" JSONB,
ADD COLUMN     "verification" TEXT NOT NULL DEFAULT 'standard-webhooks',
ADD COLUMN     "verificationConfig" JSONB;

-- AlterTable
ALTER TABLE "SourceRejectionCount" ADD COLUMN     "lastMessage" TEXT;

-- CreateTable
CREATE TABLE "HeldDelivery" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HeldDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 993,
    "secure" BOOLEAN NOT NULL DEFAULT true,
    "username" TEXT NOT NULL,
    "passwordEnc" TEXT NOT NULL,
    "folder" TEXT NOT NULL DEFAULT 'INBOX',
    "pollSeconds" INTEGER NOT NULL DEFAULT 60,
    "markSeen" BOOLEAN NOT NULL DEFAULT false,
    "uidValidity" TEXT,
    "lastUid" INTEGER NOT NULL DEFAULT 0,
    "lastPollAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mailbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HeldDelivery_sourceId_receivedAt_idx" ON "HeldDelivery"("sourceId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "HeldDelivery_sourceId_idempotencyKey_key" ON "HeldDelivery"("sourceId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_sourceId_key" ON "Mailbox"("sourceId");

-- AddForeignKey
ALTER TABLE "HeldDelivery" ADD CONSTRAINT "HeldDelivery_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

