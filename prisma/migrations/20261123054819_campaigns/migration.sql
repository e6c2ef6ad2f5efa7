-- AlterTable
ALTER TABLE "BulletinEntry" ADD COLUMN     "subject" TEXT;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,
    "presetId" TEXT,
    "plan" JSONB NOT NULL,
    "policy" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "currentPhases" TEXT[],
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSubmission" (
    "id" BIGSERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "obligationKey" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "onTime" BOOLEAN NOT NULL,

    CONSTRAINT "ReportSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfInspection" (
    "campaignId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "hazardCount" INTEGER NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SelfInspection_pkey" PRIMARY KEY ("campaignId","schoolId")
);

-- CreateIndex
CREATE INDEX "ReportSubmission_campaignId_idx" ON "ReportSubmission"("campaignId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportSubmission_campaignId_obligationKey_period_ownerId_key" ON "ReportSubmission"("campaignId", "obligationKey", "period", "ownerId");

