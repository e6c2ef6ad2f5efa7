-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "notBefore" TIMESTAMP(3),
ADD COLUMN     "request" JSONB;

-- CreateIndex
CREATE INDEX "Notification_status_notBefore_idx" ON "Notification"("status", "notBefore");

