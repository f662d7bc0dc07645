-- AlterTable
ALTER TABLE "Event" ADD COLUMN "chain" JSONB;

