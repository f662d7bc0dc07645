-- CreateTable
CREATE TABLE "SourceArrivalHour" (
    "sourceId" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "byReason" JSONB,

    PRIMARY KEY ("sourceId", "hourStart"),
    CONSTRAINT "SourceArrivalHour_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelHeartbeat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT,
    "process" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "beatAt" DATETIME NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastSuccessAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "backlog" INTEGER NOT NULL DEFAULT 0,
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB
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
    "ownerId" TEXT,
    "alarmConfig" JSONB,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Source_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Source" ("acceptsEmail", "active", "contract", "createdAt", "description", "fieldMapping", "formConfig", "id", "identityMapping", "key", "maxBodyBytes", "name", "previousSecret", "previousSecretExpiresAt", "signingSecret", "updatedAt", "verification", "verificationConfig") SELECT "acceptsEmail", "active", "contract", "createdAt", "description", "fieldMapping", "formConfig", "id", "identityMapping", "key", "maxBodyBytes", "name", "previousSecret", "previousSecretExpiresAt", "signingSecret", "updatedAt", "verification", "verificationConfig" FROM "Source";
DROP TABLE "Source";
ALTER TABLE "new_Source" RENAME TO "Source";
CREATE UNIQUE INDEX "Source_key_key" ON "Source"("key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SourceArrivalHour_hourStart_idx" ON "SourceArrivalHour"("hourStart");

-- CreateIndex
CREATE INDEX "ChannelHeartbeat_kind_idx" ON "ChannelHeartbeat"("kind");

-- CreateIndex
CREATE INDEX "ChannelHeartbeat_sourceId_idx" ON "ChannelHeartbeat"("sourceId");

