// The search attributes that list a hazard (Temporal Web UI, visibility queries): set when its
// workflow is started with the triaged state (temporal-client/hazards.ts), upserted by the workflow
// as its state changes (workflows/hazard-steps.ts). Pure: the API computes them as the workflow would.
import type { SearchAttributePair, SearchAttributeUpdatePair } from '@temporalio/common';
import type { HazardState } from '../../common/hazard';
import { CampaignIdKey, DepartmentIdKey, DueAtKey, EscalationLevelKey, HazardStatusKey, SchoolIdKey } from '../../common/search-attributes';
import { runningDeadline } from './deadlines';

/** What lists the hazard for good: its school, and its campaign when it has one. */
export function hazardIdentityListing(state: HazardState): SearchAttributeUpdatePair[] {
  const pairs: SearchAttributeUpdatePair[] = [{ key: SchoolIdKey, value: state.schoolId }];
  if (state.campaignId) pairs.push({ key: CampaignIdKey, value: state.campaignId });
  return pairs;
}

/** What lists the hazard as it moves: its status, department, running deadline and level (null: unset). */
export function hazardStateListing(state: HazardState): SearchAttributeUpdatePair[] {
  const deadline = runningDeadline(state);
  return [
    { key: HazardStatusKey, value: state.status },
    { key: DepartmentIdKey, value: state.departmentId ?? null },
    { key: DueAtKey, value: deadline ? new Date(deadline) : null },
    { key: EscalationLevelKey, value: state.escalationLevel },
  ];
}

/**
 * All of them, as a workflow's start sets them (the unset ones left out): a hazard started with
 * its triaged state is listed from its first instant, and its first workflow task has nothing to
 * upsert (issue 14: an event and a visibility write less per report).
 */
export function hazardStartListing(state: HazardState): SearchAttributePair[] {
  return [...hazardIdentityListing(state), ...hazardStateListing(state)].filter((p): p is SearchAttributePair => p.value !== null);
}
