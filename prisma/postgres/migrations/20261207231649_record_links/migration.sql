-- CreateEnum
CREATE TYPE "RecordCheckKind" AS ENUM ('READ_BACK', 'RECONCILE');

-- CreateTable
CREATE TABLE "ExternalRecordLink" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "externalId" TEXT,
    "createKey" TEXT NOT NULL,
    "expected" JSONB,
    "lastEventId" TEXT,
    "lastHandoffId" TEXT,
    "lastWrittenAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "checkedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExternalRecordLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordCheck" (
    "id" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "eventId" TEXT,
    "kind" "RecordCheckKind" NOT NULL,
    "matched" BOOLEAN NOT NULL,
    "fields" JSONB NOT NULL,
    "trace" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExternalRecordLink_destinationId_lastWrittenAt_idx" ON "ExternalRecordLink"("destinationId", "lastWrittenAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalRecordLink_recordId_destinationId_key" ON "ExternalRecordLink"("recordId", "destinationId");

-- CreateIndex
CREATE INDEX "RecordCheck_recordId_matched_createdAt_idx" ON "RecordCheck"("recordId", "matched", "createdAt");

-- CreateIndex
CREATE INDEX "RecordCheck_createdAt_idx" ON "RecordCheck"("createdAt");

-- AddForeignKey
ALTER TABLE "ExternalRecordLink" ADD CONSTRAINT "ExternalRecordLink_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "Record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRecordLink" ADD CONSTRAINT "ExternalRecordLink_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordCheck" ADD CONSTRAINT "RecordCheck_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ExternalRecordLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

