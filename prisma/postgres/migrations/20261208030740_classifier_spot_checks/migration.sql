-- CreateEnum
CREATE TYPE "ClassifierSpotCheckKind" AS ENUM ('SAMPLE', 'CORRECTION');

-- CreateEnum
CREATE TYPE "ClassifierSpotCheckVerdict" AS ENUM ('CONFIRMED', 'CORRECTED');

-- AlterEnum
ALTER TYPE "ClassifierExampleOrigin" ADD VALUE 'SPOT_CHECK';

-- CreateTable
CREATE TABLE "ClassifierSpotCheck" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "handoffId" TEXT,
    "modelId" TEXT,
    "modelVersion" INTEGER NOT NULL,
    "kind" "ClassifierSpotCheckKind" NOT NULL,
    "predictedLabel" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "features" JSONB NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "verdict" "ClassifierSpotCheckVerdict",
    "label" TEXT,
    "checkedById" TEXT,
    "checkedByLabel" TEXT,
    "checkedAt" TIMESTAMP(3),
    "exampleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassifierSpotCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassifierFallback" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "modelId" TEXT,
    "modelVersion" INTEGER NOT NULL,
    "checks" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "precision" DOUBLE PRECISION NOT NULL,
    "lowerBound" DOUBLE PRECISION NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "trippedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMP(3),
    "clearedById" TEXT,
    "clearedNote" TEXT,

    CONSTRAINT "ClassifierFallback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassifierHour" (
    "workflowId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "classified" INTEGER NOT NULL DEFAULT 0,
    "automated" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ClassifierHour_pkey" PRIMARY KEY ("workflowId","hour")
);

-- CreateIndex
CREATE INDEX "ClassifierSpotCheck_workflowId_verdict_decidedAt_idx" ON "ClassifierSpotCheck"("workflowId", "verdict", "decidedAt");

-- CreateIndex
CREATE INDEX "ClassifierSpotCheck_workflowId_modelVersion_checkedAt_idx" ON "ClassifierSpotCheck"("workflowId", "modelVersion", "checkedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClassifierSpotCheck_workflowId_eventId_key" ON "ClassifierSpotCheck"("workflowId", "eventId");

-- CreateIndex
CREATE INDEX "ClassifierFallback_workflowId_clearedAt_idx" ON "ClassifierFallback"("workflowId", "clearedAt");

-- AddForeignKey
ALTER TABLE "ClassifierSpotCheck" ADD CONSTRAINT "ClassifierSpotCheck_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassifierFallback" ADD CONSTRAINT "ClassifierFallback_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassifierHour" ADD CONSTRAINT "ClassifierHour_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

