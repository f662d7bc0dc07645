-- CreateTable
CREATE TABLE "ClassifierSpotCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "handoffId" TEXT,
    "modelId" TEXT,
    "modelVersion" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "predictedLabel" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "features" JSONB NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "verdict" TEXT,
    "label" TEXT,
    "checkedById" TEXT,
    "checkedByLabel" TEXT,
    "checkedAt" DATETIME,
    "exampleId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClassifierSpotCheck_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClassifierFallback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "modelId" TEXT,
    "modelVersion" INTEGER NOT NULL,
    "checks" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "precision" REAL NOT NULL,
    "lowerBound" REAL NOT NULL,
    "target" REAL NOT NULL,
    "trippedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" DATETIME,
    "clearedById" TEXT,
    "clearedNote" TEXT,
    CONSTRAINT "ClassifierFallback_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClassifierHour" (
    "workflowId" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "classified" INTEGER NOT NULL DEFAULT 0,
    "automated" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("workflowId", "hour"),
    CONSTRAINT "ClassifierHour_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClassifierSpotCheck_workflowId_verdict_decidedAt_idx" ON "ClassifierSpotCheck"("workflowId", "verdict", "decidedAt");

-- CreateIndex
CREATE INDEX "ClassifierSpotCheck_workflowId_modelVersion_checkedAt_idx" ON "ClassifierSpotCheck"("workflowId", "modelVersion", "checkedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClassifierSpotCheck_workflowId_eventId_key" ON "ClassifierSpotCheck"("workflowId", "eventId");

-- CreateIndex
CREATE INDEX "ClassifierFallback_workflowId_clearedAt_idx" ON "ClassifierFallback"("workflowId", "clearedAt");

