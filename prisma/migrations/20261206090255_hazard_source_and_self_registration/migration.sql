-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "selfRegistered" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'self_inspection',
ADD COLUMN     "spotChecked" BOOLEAN NOT NULL DEFAULT false;

