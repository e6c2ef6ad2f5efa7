-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "acknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "acknowledgedBy" TEXT,
ADD COLUMN     "acknowledgementNotice" TEXT,
ADD COLUMN     "noticeIssuedAt" TIMESTAMP(3);

