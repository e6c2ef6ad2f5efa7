// Reporting a hazard (上报): starts its workflow, once per id, and returns its triaged state.
// Used by POST /api/hazards and by a school's self-inspection in a campaign.
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { CampaignPolicy } from '../common/campaign';
import type { Database } from '../common/database';
import { cachedSchool } from '../common/directory-cache';
import { hazardPolicyOf } from '../common/hazard-policy';
import { hazardNumberScope, takeHazardNumber } from '../common/hazard-numbers';
import { mayViewHazard, type HazardVisibilityFacts } from '../domain/scope';
import { queryHazardState, reportHazard } from '../temporal-client/hazards';
import type { Actor, HazardPolicy, NewHazard } from '../common/hazard';
import { conflict, forbidden, HttpError, isTemporalUnavailable, isWorkflowBetweenWorkers, notFound } from './errors';
import type { newHazardSchema } from './hazard-schemas';
import { hazardView, hazardViewFromRecord, type HazardView } from './hazard-view';

export interface HazardRouteDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  defaultPolicy: HazardPolicy;
  /** The time a report is received (default the machine's clock; the tests' time-skipping server gives its own). */
  clock?: () => number | Promise<number>;
}

export type NewHazardBody = z.infer<typeof newHazardSchema>;

/** May this actor see this hazard (domain/scope.ts)? Its school's jurisdiction from the directory. */
export async function canSee(db: Database, actor: Actor, h: Omit<HazardVisibilityFacts, 'jurisdictionId'>): Promise<boolean> {
  const jurisdictionId = actor.role === 'government' ? (await cachedSchool(db, h.schoolId))?.jurisdictionId : undefined;
  return mayViewHazard(actor, { ...h, jurisdictionId });
}

/** How long a read waits for the live state before it answers from the read model (issue 29). */
export const LIVE_READ_TIMEOUT_MS = 1_500;

/**
 * The live state from the workflow (with what `viewer` may do now), or the read model once the
 * workflow is gone. A workflow that cannot answer within LIVE_READ_TIMEOUT_MS (its worker restarting:
 * the Query waits for one, or Temporal refuses it for a moment) is answered from the read model,
 * marked `source: 'read_model'`; a hazard not in the read model yet is a 503 with Retry-After.
 * `live` false: the live state or nothing (an action needs it).
 */
export async function loadHazardView({ db, temporal }: HazardRouteDeps, hazardId: string, viewer?: Actor, { live = false }: { live?: boolean } = {}): Promise<HazardView> {
  let state: Awaited<ReturnType<typeof queryHazardState>>;
  try {
    state = await (live ? queryHazardState(temporal, hazardId) : temporal.connection.withDeadline(Date.now() + LIVE_READ_TIMEOUT_MS, () => queryHazardState(temporal, hazardId)));
  } catch (err) {
    if (live || !(isTemporalUnavailable(err) || isWorkflowBetweenWorkers(err))) throw err;
    const row = await db.hazard.findUnique({ where: { id: hazardId } });
    // Not in the read model yet: Temporal unreachable says so (errors.ts); a workflow between workers is a moment's wait.
    if (!row) throw isWorkflowBetweenWorkers(err) ? new HttpError(503, 'unavailable', "the hazard's workflow is moving to another worker; retry in a moment", undefined, 2) : err;
    const events = await db.auditEvent.findMany({ where: { hazardId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return { ...hazardViewFromRecord(row, events), source: 'read_model', asOf: row.updatedAt.toISOString() };
  }
  if (state) return hazardView(state, viewer);
  const row = await db.hazard.findUnique({ where: { id: hazardId } });
  if (!row) throw notFound(`hazard ${hazardId} not found`);
  const events = await db.auditEvent.findMany({ where: { hazardId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return hazardViewFromRecord(row, events);
}

/** Starts the hazard's workflow unless one with this id exists; never a second workflow. */
export async function startHazard(
  deps: HazardRouteDeps,
  actor: Actor,
  hazardId: string,
  body: NewHazardBody,
  campaignPolicy?: CampaignPolicy,
): Promise<{ created: boolean; view: HazardView }> {
  // A campaign's hazard follows the campaign's ladder and zone unless it brings its own policy.
  const campaign = campaignPolicy ?? (body.campaignId ? await campaignPolicyOf(deps.db, body.campaignId) : undefined);
  // Its 编号, given once per id before the workflow starts (the same id again finds the one it was given).
  const scope = hazardNumberScope(body.campaignId ? { campaignId: body.campaignId } : { jurisdictionId: (await cachedSchool(deps.db, body.schoolId))?.jurisdictionId ?? '' });
  const number = await takeHazardNumber(deps.db, scope, hazardId);
  const reported = await reportHazard({
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    reportedBy: actor,
    hazard: newHazard(hazardId, body, number),
    policy: hazardPolicyOf(deps.defaultPolicy, campaign, body.policy),
    clock: deps.clock,
  });
  if (reported?.created) return { created: true, view: hazardView(reported.state, actor) };
  // The same id again: the existing hazard (live, or ended and in the read model), if it is the same one.
  const view = reported ? hazardView(reported.state, actor) : await loadHazardView(deps, hazardId, actor, { live: true });
  if (view.schoolId !== body.schoolId || view.title !== body.title) {
    throw conflict(`hazard id ${hazardId} is already used by a different hazard`);
  }
  if (!(await canSee(deps.db, actor, view))) throw forbidden(`hazard ${hazardId} is not within your remit`);
  return { created: false, view };
}

/** The policy of a campaign, from the read model (written at its launch). */
export async function campaignPolicyOf(db: Database, campaignId: string): Promise<CampaignPolicy | undefined> {
  const row = await db.campaign.findUnique({ where: { id: campaignId }, select: { policy: true } });
  return (row?.policy ?? undefined) as CampaignPolicy | undefined;
}

/** A validated report as the hazard workflow takes it, with its 编号. */
export function newHazard(hazardId: string, body: NewHazardBody, number?: number): NewHazard {
  const { policy: _policy, id: _id, ...hazard } = body;
  return { ...hazard, id: hazardId, evidence: hazard.evidence ?? [], selfFixable: hazard.selfFixable ?? false, ...(number ? { number } : {}) };
}
