-- CreateTable
CREATE TABLE "ClassifierExample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "text" JSONB NOT NULL,
    "fields" JSONB NOT NULL,
    "label" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "exceptionId" TEXT,
    "handoffId" TEXT,
    "eventId" TEXT,
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "excludedById" TEXT,
    "excludedReason" TEXT,
    "excludedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClassifierExample_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClassifierModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'TRAINING',
    "labels" JSONB NOT NULL,
    "exampleCount" INTEGER NOT NULL DEFAULT 0,
    "dataThrough" DATETIME NOT NULL,
    "requestedById" TEXT,
    "trainedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    "metrics" JSONB,
    "blob" TEXT,
    "error" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "activatedAt" DATETIME,
    "activatedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClassifierModel_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClassifierExample_workflowId_excluded_createdAt_idx" ON "ClassifierExample"("workflowId", "excluded", "createdAt");

-- CreateIndex
CREATE INDEX "ClassifierExample_workflowId_label_idx" ON "ClassifierExample"("workflowId", "label");

-- CreateIndex
CREATE INDEX "ClassifierExample_exceptionId_idx" ON "ClassifierExample"("exceptionId");

-- CreateIndex
CREATE INDEX "ClassifierModel_workflowId_active_idx" ON "ClassifierModel"("workflowId", "active");

-- CreateIndex
CREATE INDEX "ClassifierModel_status_startedAt_idx" ON "ClassifierModel"("status", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClassifierModel_workflowId_version_key" ON "ClassifierModel"("workflowId", "version");

