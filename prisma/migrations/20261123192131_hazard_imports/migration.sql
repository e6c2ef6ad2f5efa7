-- CreateTable
CREATE TABLE "HazardImport" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "rows" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "started" INTEGER NOT NULL DEFAULT 0,
    "alreadyImported" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "HazardImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HazardImport_campaignId_idx" ON "HazardImport"("campaignId");

