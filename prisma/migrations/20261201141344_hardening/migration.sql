-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitCounter_resetAt_idx" ON "RateLimitCounter"("resetAt");

-- AddForeignKey
ALTER TABLE "Hazard" ADD CONSTRAINT "Hazard_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Rate-limit counters are worth no WAL: unlogged (faster writes, emptied after a crash, which only
-- restarts the current minute's counts).
ALTER TABLE "RateLimitCounter" SET UNLOGGED;
