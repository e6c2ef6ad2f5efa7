-- AlterTable
ALTER TABLE "School" ADD COLUMN     "alarmLinked" BOOLEAN,
ADD COLUMN     "boarders" INTEGER,
ADD COLUMN     "cctvLinked" BOOLEAN,
ADD COLUMN     "closedManagement" BOOLEAN,
ADD COLUMN     "enrolment" INTEGER,
ADD COLUMN     "guardPost" BOOLEAN,
ADD COLUMN     "policeRoom" BOOLEAN,
ADD COLUMN     "securityGuards" INTEGER,
ADD COLUMN     "township" TEXT;

