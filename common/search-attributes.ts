// The project's custom search attributes: hazards are listed and counted through them
// (Temporal Web UI, visibility queries). Importable from workflow code: it imports nothing but
// @temporalio/common.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const HazardStatusKey = defineSearchAttributeKey('HazardStatus', SearchAttributeType.KEYWORD);
export const DepartmentIdKey = defineSearchAttributeKey('DepartmentId', SearchAttributeType.KEYWORD);
export const SchoolIdKey = defineSearchAttributeKey('SchoolId', SearchAttributeType.KEYWORD);
export const DueAtKey = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
export const EscalationLevelKey = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);

/** Every custom search attribute key, for registering them with a server. */
export const SEARCH_ATTRIBUTE_KEYS = [CampaignIdKey, HazardStatusKey, DepartmentIdKey, SchoolIdKey, DueAtKey, EscalationLevelKey] as const;

/**
 * Name → type, as the dev server's `--search-attribute Name=Type` flag and the Web UI spell them
 * (the same attributes as {@link SEARCH_ATTRIBUTE_KEYS}).
 */
export const SEARCH_ATTRIBUTES = {
  CampaignId: 'Keyword',
  HazardStatus: 'Keyword',
  DepartmentId: 'Keyword',
  SchoolId: 'Keyword',
  DueAt: 'Datetime',
  EscalationLevel: 'Int',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;
export type SearchAttributeTypeName = (typeof SEARCH_ATTRIBUTES)[SearchAttributeName];
