-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'self_inspection',
ADD COLUMN     "selfRegistered" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "spotChecked" BOOLEAN NOT NULL DEFAULT false;

