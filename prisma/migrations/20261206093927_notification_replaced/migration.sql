-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "notSentReason" TEXT;

