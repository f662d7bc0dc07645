-- CreateTable
CREATE TABLE "ExternalRecordLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recordId" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "externalId" TEXT,
    "createKey" TEXT NOT NULL,
    "expected" JSONB,
    "lastEventId" TEXT,
    "lastHandoffId" TEXT,
    "lastWrittenAt" DATETIME,
    "confirmedAt" DATETIME,
    "checkedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExternalRecordLink_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "Record" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExternalRecordLink_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecordCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "linkId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "eventId" TEXT,
    "kind" TEXT NOT NULL,
    "matched" BOOLEAN NOT NULL,
    "fields" JSONB NOT NULL,
    "trace" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecordCheck_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ExternalRecordLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ExternalRecordLink_destinationId_lastWrittenAt_idx" ON "ExternalRecordLink"("destinationId", "lastWrittenAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalRecordLink_recordId_destinationId_key" ON "ExternalRecordLink"("recordId", "destinationId");

-- CreateIndex
CREATE INDEX "RecordCheck_recordId_matched_createdAt_idx" ON "RecordCheck"("recordId", "matched", "createdAt");

-- CreateIndex
CREATE INDEX "RecordCheck_createdAt_idx" ON "RecordCheck"("createdAt");

