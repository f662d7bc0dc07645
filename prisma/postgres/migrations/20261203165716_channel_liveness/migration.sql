-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ExceptionReason" ADD VALUE 'CHANNEL_DOWN';
ALTER TYPE "ExceptionReason" ADD VALUE 'SOURCE_QUIET';
ALTER TYPE "ExceptionReason" ADD VALUE 'SOURCE_REJECTING';

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "alarmConfig" JSONB,
ADD COLUMN     "ownerId" TEXT;

-- CreateTable
CREATE TABLE "SourceArrivalHour" (
    "sourceId" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "byReason" JSONB,

    CONSTRAINT "SourceArrivalHour_pkey" PRIMARY KEY ("sourceId","hourStart")
);

-- CreateTable
CREATE TABLE "ChannelHeartbeat" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT,
    "process" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "beatAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "backlog" INTEGER NOT NULL DEFAULT 0,
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,

    CONSTRAINT "ChannelHeartbeat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SourceArrivalHour_hourStart_idx" ON "SourceArrivalHour"("hourStart");

-- CreateIndex
CREATE INDEX "ChannelHeartbeat_kind_idx" ON "ChannelHeartbeat"("kind");

-- CreateIndex
CREATE INDEX "ChannelHeartbeat_sourceId_idx" ON "ChannelHeartbeat"("sourceId");

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceArrivalHour" ADD CONSTRAINT "SourceArrivalHour_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

