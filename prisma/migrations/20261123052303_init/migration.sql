-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Jurisdiction" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "governmentName" TEXT NOT NULL,
    "governmentContactName" TEXT NOT NULL,
    "governmentEmail" TEXT NOT NULL,
    "leadOfficeName" TEXT NOT NULL,
    "leadOfficeEmail" TEXT NOT NULL,
    "educationBureauId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Jurisdiction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmails" TEXT[],
    "leaderName" TEXT NOT NULL,
    "leaderEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "School" (
    "id" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "principalName" TEXT NOT NULL,
    "principalEmail" TEXT NOT NULL,
    "safetyOfficerName" TEXT,
    "safetyOfficerEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "School_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hazard" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT,
    "schoolId" TEXT NOT NULL,
    "departmentId" TEXT,
    "category" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "location" TEXT,
    "evidence" TEXT[],
    "selfFixable" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "responsibleUnitType" TEXT NOT NULL,
    "responsibleUnitId" TEXT,
    "dueAt" TIMESTAMP(3),
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "listedSupervision" BOOLEAN NOT NULL DEFAULT false,
    "governmentDueAt" TIMESTAMP(3),
    "rejectionCount" INTEGER NOT NULL DEFAULT 0,
    "reportedBy" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Hazard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "hazardId" TEXT,
    "campaignId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "data" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" BIGSERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "hazardId" TEXT,
    "campaignId" TEXT,
    "kind" TEXT NOT NULL,
    "to" TEXT[],
    "cc" TEXT[],
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulletinEntry" (
    "id" BIGSERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "campaignId" TEXT,
    "hazardId" TEXT,
    "unitType" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulletinEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Department_jurisdictionId_idx" ON "Department"("jurisdictionId");

-- CreateIndex
CREATE INDEX "School_jurisdictionId_idx" ON "School"("jurisdictionId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "Hazard_campaignId_status_idx" ON "Hazard"("campaignId", "status");

-- CreateIndex
CREATE INDEX "Hazard_departmentId_status_idx" ON "Hazard"("departmentId", "status");

-- CreateIndex
CREATE INDEX "Hazard_schoolId_status_idx" ON "Hazard"("schoolId", "status");

-- CreateIndex
CREATE INDEX "Hazard_status_dueAt_idx" ON "Hazard"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Hazard_overdue_idx" ON "Hazard"("overdue");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_dedupeKey_key" ON "AuditEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "AuditEvent_hazardId_at_idx" ON "AuditEvent"("hazardId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_campaignId_at_idx" ON "AuditEvent"("campaignId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_hazardId_idx" ON "Notification"("hazardId");

-- CreateIndex
CREATE INDEX "Notification_campaignId_idx" ON "Notification"("campaignId");

-- CreateIndex
CREATE UNIQUE INDEX "BulletinEntry_dedupeKey_key" ON "BulletinEntry"("dedupeKey");

-- CreateIndex
CREATE INDEX "BulletinEntry_campaignId_idx" ON "BulletinEntry"("campaignId");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "School" ADD CONSTRAINT "School_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

