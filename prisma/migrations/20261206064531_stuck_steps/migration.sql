-- CreateTable
CREATE TABLE "StuckStep" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "firstFailedAt" TIMESTAMP(3) NOT NULL,
    "lastFailedAt" TIMESTAMP(3) NOT NULL,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "StuckStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StuckStep_resolvedAt_idx" ON "StuckStep"("resolvedAt");

