-- AlterTable
ALTER TABLE "SelfInspection" ADD COLUMN     "late" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'api';

-- CreateTable
CREATE TABLE "CampaignBulletin" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "no" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "issuedBy" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "CampaignBulletin_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CampaignBulletin_campaignId_no_key" ON "CampaignBulletin"("campaignId", "no");
