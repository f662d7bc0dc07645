-- CreateTable
CREATE TABLE "SentEmail" (
    "id" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "eventId" TEXT,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SentEmail_eventId_idx" ON "SentEmail"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "SentEmail_destinationId_idempotencyKey_key" ON "SentEmail"("destinationId", "idempotencyKey");

