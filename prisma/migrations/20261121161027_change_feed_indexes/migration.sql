-- CreateIndex
CREATE INDEX "Handoff_updatedAt_idx" ON "Handoff"("updatedAt");

-- CreateIndex
CREATE INDEX "Exception_updatedAt_idx" ON "Exception"("updatedAt");

