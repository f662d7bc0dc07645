-- CreateEnum
CREATE TYPE "DestinationKind" AS ENUM ('WEBHOOK', 'EMAIL', 'RECORD');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ExceptionReason" ADD VALUE 'DRAFT_REVIEW';
ALTER TYPE "ExceptionReason" ADD VALUE 'VERIFY_MISMATCH';
ALTER TYPE "ExceptionReason" ADD VALUE 'RECONCILE_DRIFT';

-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "kind" "DestinationKind" NOT NULL DEFAULT 'WEBHOOK',
ADD COLUMN     "settings" JSONB;

