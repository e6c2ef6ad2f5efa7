// The hazard endpoints: report, act on and read hazards. Actions are workflow Updates, so a
// refused transition is answered at once (409) and an accepted one returns the new state.
import { defaultOrigin, requireMayReport } from '../domain/hazard/rules';
import { randomUUID } from 'node:crypto';
import type { Request, Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../common/hazard';
import { cachedSchool } from '../common/directory-cache';
import { HAZARD_ACTIONS, HAZARD_ACTION_KEYS, type HazardActionKey } from '../domain/hazard/actions';
import { hazardScopeWhere } from '../domain/scope';
import { actOnHazard } from '../temporal-client/hazards';
import { actorOf } from './auth';
import { sha256Hex } from './derived-ids';
import { documentedRouter } from './route-registry';
import { badRequest, conflict, forbidden, notFound } from './errors';
import { hazardListQuerySchema, id as idSchema, newHazardSchema } from './hazard-schemas';
import { idempotencyKey, parse, updateIdOf } from './parse';
import { canSee, loadHazardView, startHazard, type HazardRouteDeps } from './hazard-reporting';
import { assignedUnits, routingOf } from './hazard-routing';
import { hazardView, hazardViewFromRecord, type HazardView } from './hazard-view';

export function hazardRoutes(deps: HazardRouteDeps): Router {
  const { db, temporal } = deps;
  const router = documentedRouter('/api/hazards');
  const loadHazard = (hazardId: string, actor?: Actor) => loadHazardView(deps, hazardId, actor);

  /** A human action: the hazard's workflow Update, whose validator runs the action table's rule. */
  async function act(req: Request, key: HazardActionKey, command: object): Promise<HazardView> {
    const actor = actorOf(req);
    const hazardId = parse(idSchema, req.params.id, 'params');
    const idempotency = idempotencyKey(req);
    if (actor.role !== 'lead' && actor.role !== 'bureau' && actor.role !== 'inspector') {
      // Only within the actor's remit (domain/scope.ts); a hazard reported a moment ago may not be in the read model yet — its rule decides then.
      const row = await db.hazard.findUnique({ where: { id: hazardId }, select: { schoolId: true, departmentId: true, cooperatingDepartmentIds: true, escalationLevel: true, level: true } });
      if (row && !(await canSee(db, actor, row))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    }
    const state = await actOnHazard(temporal, hazardId, key, { ...command, actor }, updateIdOf(actor, idempotency));
    if (state) return hazardView(state, actor);
    // No running workflow: either no such hazard, or its loop has ended.
    const row = await db.hazard.findUnique({ where: { id: hazardId } });
    if (!row) throw notFound(`hazard ${hazardId} not found`);
    if (!(await canSee(db, actor, row))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    throw conflict(`hazard ${hazardId} is ${row.status} and its closed loop has ended; no further action is possible`);
  }

  router.post('/', async (req, res) => {
    const actor = actorOf(req);
    const body = parse(newHazardSchema, req.body);
    requireMayReport(actor, body.schoolId);
    if (body.policy && actor.role !== 'lead') throw forbidden('only the campaign lead may override the deadline policy');
    const school = await cachedSchool(db, body.schoolId);
    if (!school) throw badRequest(`unknown school ${body.schoolId}`, [{ field: 'body.schoolId', reason: 'no such school' }]);
    if (body.dueAt && Date.parse(body.dueAt) <= Date.now()) {
      throw badRequest('dueAt must be in the future', [{ field: 'body.dueAt', reason: 'must be in the future' }]);
    }
    if (body.campaignId && !(await db.campaign.findUnique({ where: { id: body.campaignId } }))) {
      throw badRequest(`unknown campaign ${body.campaignId}`, [{ field: 'body.campaignId', reason: 'no such campaign' }]);
    }

    const key = idempotencyKey(req);
    const hazardId = body.id ?? (key ? `hz-${sha256Hex(`${actor.keyId}:${key}`, 24)}` : `hz-${randomUUID()}`);
    const { created, view } = await startHazard(deps, actor, hazardId, { ...body, origin: body.origin ?? defaultOrigin(actor) });
    res.status(created ? 201 : 200).json(view);
  });

  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    const q = parse(hazardListQuerySchema, req.query, 'query');
    const where = {
      AND: [
        hazardScopeWhere(actor),
        {
          ...(q.campaignId ? { campaignId: q.campaignId } : {}),
          ...(q.departmentId ? { departmentId: q.departmentId } : {}),
          ...(q.schoolId ? { schoolId: q.schoolId } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.level ? { level: q.level } : {}),
          ...(q.category ? { category: q.category } : {}),
        },
        q.overdue ? { overdue: q.overdue === 'true' } : {},
        q.listedSupervision ? { listedSupervision: q.listedSupervision === 'true' } : {},
        q.escalated ? (q.escalated === 'true' ? { escalationLevel: { gte: 2 } } : { escalationLevel: { lt: 2 } }) : {},
      ],
    };
    const [items, total] = await Promise.all([db.hazard.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: q.limit, skip: q.offset }), db.hazard.count({ where })]);
    res.json({ items: items.map((row) => hazardViewFromRecord(row)), total, limit: q.limit, offset: q.offset });
  });

  router.get('/:id', async (req, res) => {
    const actor = actorOf(req);
    const hazardId = parse(idSchema, req.params.id, 'params');
    const view = await loadHazard(hazardId, actor);
    if (!(await canSee(db, actor, view))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    // Whoever may assign it is told where it goes: the department proposed, the participants to offer first.
    if (view.actions.includes('assign')) {
      const { area, areaQuote, suggestedDepartmentId, departmentIds } = await routingOf(db, view);
      res.json({ ...view, routing: { ...(area ? { area } : {}), ...(areaQuote ? { areaQuote } : {}), ...(suggestedDepartmentId ? { suggestedDepartmentId } : {}), departmentIds } });
      return;
    }
    res.json(view);
  });

  // The actions, one route each, from the action table: its path, its schema, its Update.
  for (const key of HAZARD_ACTION_KEYS) {
    const def = HAZARD_ACTIONS[key];
    router.post(`/:id/${def.path}`, async (req, res) => {
      const command = parse(def.schema, req.body) as Record<string, unknown>;
      res.json(await act(req, key, key === 'assign' ? await assignedDepartment(command as z.infer<typeof HAZARD_ACTIONS.assign.schema>, req) : command));
    });
  }

  /** 交办: the department named, or the participant whose task area covers the category (牵头单位); the 配合单位 among the participants too. */
  async function assignedDepartment(command: z.infer<typeof HAZARD_ACTIONS.assign.schema>, req: Request) {
    const hazard = await loadHazard(parse(idSchema, req.params.id, 'params'));
    return { ...command, ...(await assignedUnits(db, hazard, command)) };
  }

  return router;
}
