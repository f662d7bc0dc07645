-- DropIndex
DROP INDEX "Exception_status_reason_idx";

-- DropIndex
DROP INDEX "Exception_teamId_status_idx";

-- CreateIndex
CREATE INDEX "Record_phone_idx" ON "Record"("phone");

