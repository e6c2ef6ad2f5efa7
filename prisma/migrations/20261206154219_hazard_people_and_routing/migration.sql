-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "cooperatingDepartmentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rectificationOwnerMobile" TEXT,
ADD COLUMN     "rectificationOwnerName" TEXT,
ADD COLUMN     "supervisionOwnerMobile" TEXT,
ADD COLUMN     "supervisionOwnerName" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "departmentIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

