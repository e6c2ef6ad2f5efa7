-- CreateTable
CREATE TABLE "UnitChannel" (
    "unitType" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "contactMobiles" TEXT[],
    "leaderMobiles" TEXT[],
    "dingtalkWebhook" TEXT,
    "dingtalkSecret" TEXT,
    "wecomWebhook" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitChannel_pkey" PRIMARY KEY ("unitType","unitId")
);

-- CreateTable
CREATE TABLE "ChannelDelivery" (
    "id" BIGSERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "hazardId" TEXT,
    "campaignId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "mentions" TEXT[],
    "notBefore" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageId" BIGINT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "ChannelDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelMessage" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "digest" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "answer" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ChannelMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelDelivery_status_channel_target_idx" ON "ChannelDelivery"("status", "channel", "target");

-- CreateIndex
CREATE INDEX "ChannelDelivery_hazardId_idx" ON "ChannelDelivery"("hazardId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelDelivery_dedupeKey_channel_target_key" ON "ChannelDelivery"("dedupeKey", "channel", "target");

-- CreateIndex
CREATE INDEX "ChannelMessage_channel_target_createdAt_idx" ON "ChannelMessage"("channel", "target", "createdAt");

