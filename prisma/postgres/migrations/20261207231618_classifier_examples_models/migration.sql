-- CreateEnum
CREATE TYPE "ClassifierExampleOrigin" AS ENUM ('DECISION', 'IMPORT', 'API');

-- CreateEnum
CREATE TYPE "ClassifierModelStatus" AS ENUM ('TRAINING', 'READY', 'FAILED');

-- CreateTable
CREATE TABLE "ClassifierExample" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "text" JSONB NOT NULL,
    "fields" JSONB NOT NULL,
    "label" TEXT NOT NULL,
    "origin" "ClassifierExampleOrigin" NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "exceptionId" TEXT,
    "handoffId" TEXT,
    "eventId" TEXT,
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "excludedById" TEXT,
    "excludedReason" TEXT,
    "excludedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassifierExample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassifierModel" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ClassifierModelStatus" NOT NULL DEFAULT 'TRAINING',
    "labels" JSONB NOT NULL,
    "exampleCount" INTEGER NOT NULL DEFAULT 0,
    "dataThrough" TIMESTAMP(3) NOT NULL,
    "requestedById" TEXT,
    "trainedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "metrics" JSONB,
    "blob" TEXT,
    "error" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "activatedAt" TIMESTAMP(3),
    "activatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassifierModel_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ClassifierExample" ADD CONSTRAINT "ClassifierExample_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassifierModel" ADD CONSTRAINT "ClassifierModel_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

