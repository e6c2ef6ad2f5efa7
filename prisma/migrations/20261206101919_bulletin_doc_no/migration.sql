-- AlterTable
ALTER TABLE "CampaignBulletin" ADD COLUMN     "docNo" TEXT,
ADD COLUMN     "docSeq" INTEGER,
ADD COLUMN     "docYear" INTEGER,
ADD COLUMN     "triggers" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE UNIQUE INDEX "CampaignBulletin_campaignId_docYear_docSeq_key" ON "CampaignBulletin"("campaignId", "docYear", "docSeq");

