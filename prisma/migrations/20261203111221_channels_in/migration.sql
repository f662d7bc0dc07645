-- AlterTable
ALTER TABLE "SourceRejectionCount" ADD COLUMN "lastMessage" TEXT;

-- CreateTable
CREATE TABLE "HeldDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HeldDelivery_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "lastPollAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Mailbox_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "verification" TEXT NOT NULL DEFAULT 'standard-webhooks',
    "verificationConfig" JSONB,
    "signingSecret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretExpiresAt" DATETIME,
    "contract" JSONB,
    "identityMapping" JSONB,
    "fieldMapping" JSONB,
    "maxBodyBytes" INTEGER NOT NULL DEFAULT 1048576,
    "formConfig" JSONB,
    "acceptsEmail" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Source" ("active", "contract", "createdAt", "description", "fieldMapping", "id", "identityMapping", "key", "maxBodyBytes", "name", "previousSecret", "previousSecretExpiresAt", "signingSecret", "updatedAt") SELECT "active", "contract", "createdAt", "description", "fieldMapping", "id", "identityMapping", "key", "maxBodyBytes", "name", "previousSecret", "previousSecretExpiresAt", "signingSecret", "updatedAt" FROM "Source";
DROP TABLE "Source";
ALTER TABLE "new_Source" RENAME TO "Source";
CREATE UNIQUE INDEX "Source_key_key" ON "Source"("key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HeldDelivery_sourceId_receivedAt_idx" ON "HeldDelivery"("sourceId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "HeldDelivery_sourceId_idempotencyKey_key" ON "HeldDelivery"("sourceId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_sourceId_key" ON "Mailbox"("sourceId");

