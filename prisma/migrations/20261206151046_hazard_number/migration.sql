-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "number" INTEGER;

-- CreateTable
CREATE TABLE "HazardNumber" (
    "hazardId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HazardNumber_pkey" PRIMARY KEY ("hazardId")
);

-- CreateIndex
CREATE UNIQUE INDEX "HazardNumber_scope_number_key" ON "HazardNumber"("scope", "number");

