// The hazard endpoints: report, act on and read hazards. Actions are workflow Updates, so a
// refused transition is answered at once (409) and an accepted one returns the new state.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Request, Router } from 'express';
import type { z } from 'zod';
import type { Actor, HazardState } from '../common/hazard';
import { cachedSchool } from '../common/directory-cache';
import {
  assignUpdate,
  escalationUpdate,
  extensionDecisionUpdate,
  extensionRequestUpdate,
  hazardWorkflowId,
  lookBackUpdate,
  progressUpdate,
  rectificationUpdate,
  verificationUpdate,
  withdrawUpdate,
} from '../workflows/hazard-messages';
import { actorOf } from './auth';
import { sha256Hex } from './derived-ids';
import { documentedRouter } from './route-registry';
import { badRequest, conflict, forbidden, fromZod, notFound } from './errors';
import {
  assignSchema,
  escalationSchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  hazardListQuerySchema,
  id as idSchema,
  idempotencyKeySchema,
  lookBackSchema,
  newHazardSchema,
  progressSchema,
  rectificationSchema,
  verificationSchema,
  withdrawSchema,
} from './hazard-schemas';
import { canSee, hazardScope, loadHazardView, startHazard, type HazardRouteDeps } from './hazard-reporting';
import { leadDepartmentOf } from './hazard-routing';
import { hazardView, hazardViewFromRecord, type HazardView } from './hazard-view';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' = 'body'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw fromZod(r.error, where);
  return r.data;
}

export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  return key === undefined ? undefined : parse(idempotencyKeySchema, key, 'params');
}

/** The same Idempotency-Key from the same key is the same Update: Temporal runs it once. */
export function updateIdOf(actor: Actor, key: string | undefined): { updateId?: string } {
  return key ? { updateId: `${actor.keyId}:${key}` } : {};
}

export function hazardRoutes(deps: HazardRouteDeps): Router {
  const { db, temporal } = deps;
  const router = documentedRouter('/api/hazards');
  const loadHazard = (hazardId: string) => loadHazardView(deps, hazardId);

  async function act<C>(req: Request, update: UpdateDefinition<HazardState, [C & { actor: Actor }]>, command: C): Promise<HazardView> {
    const actor = actorOf(req);
    const hazardId = parse(idSchema, req.params.id, 'params');
    const key = idempotencyKey(req);
    if (actor.role === 'government') {
      // The local government acts only on the hazards of its own jurisdiction (the workflow's validator checks 挂牌督办).
      const row = await db.hazard.findUnique({ where: { id: hazardId }, select: { schoolId: true, departmentId: true, escalationLevel: true, level: true } });
      if (row && !(await canSee(db, actor, row))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    }
    const handle = temporal.workflow.getHandle(hazardWorkflowId(hazardId));
    try {
      const state = await handle.executeUpdate(update, {
        args: [{ ...command, actor }],
        ...updateIdOf(actor, key),
      });
      return hazardView(state);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      // No running workflow: either no such hazard, or its loop has ended.
      const row = await db.hazard.findUnique({ where: { id: hazardId } });
      if (!row) throw notFound(`hazard ${hazardId} not found`);
      if (!(await canSee(db, actor, row))) throw forbidden(`hazard ${hazardId} is not within your remit`);
      throw conflict(`hazard ${hazardId} is ${row.status} and its closed loop has ended; no further action is possible`);
    }
  }

  router.post('/', async (req, res) => {
    const actor = actorOf(req);
    const body = parse(newHazardSchema, req.body);
    if (!['school', 'bureau', 'lead', 'inspector'].includes(actor.role)) throw forbidden(`role ${actor.role} may not report hazards`);
    if (actor.role === 'school' && body.schoolId !== actor.unitId) throw forbidden('a school may report hazards only for itself');
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
    const hazardId =
      body.id ?? (key ? `hz-${sha256Hex(`${actor.keyId}:${key}`, 24)}` : `hz-${randomUUID()}`);
    const { created, view } = await startHazard(deps, actor, hazardId, body);
    res.status(created ? 201 : 200).json(view);
  });

  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    const q = parse(hazardListQuerySchema, req.query, 'query');
    const where = {
      AND: [
        hazardScope(actor),
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
    const [items, total] = await Promise.all([
      db.hazard.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: q.limit, skip: q.offset }),
      db.hazard.count({ where }),
    ]);
    res.json({ items: items.map((row) => hazardViewFromRecord(row)), total, limit: q.limit, offset: q.offset });
  });

  router.get('/:id', async (req, res) => {
    const actor = actorOf(req);
    const hazardId = parse(idSchema, req.params.id, 'params');
    const view = await loadHazard(hazardId);
    if (!(await canSee(db, actor, view))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    res.json(view);
  });

  router.post('/:id/assign', async (req, res) => {
    const body = parse(assignSchema, req.body);
    const departmentId = body.departmentId ?? (await leadDepartmentOf(db, await loadHazard(parse(idSchema, req.params.id, 'params'))));
    const department = await db.department.findUnique({ where: { id: departmentId } });
    if (!department) throw badRequest(`unknown department ${departmentId}`, [{ field: 'body.departmentId', reason: 'no such department' }]);
    res.json(await act(req, assignUpdate, { ...body, departmentId }));
  });
  router.post('/:id/rectification', async (req, res) => {
    res.json(await act(req, rectificationUpdate, parse(rectificationSchema, req.body)));
  });
  router.post('/:id/progress', async (req, res) => {
    res.json(await act(req, progressUpdate, parse(progressSchema, req.body)));
  });
  router.post('/:id/verification', async (req, res) => {
    res.json(await act(req, verificationUpdate, parse(verificationSchema, req.body)));
  });
  router.post('/:id/extension', async (req, res) => {
    res.json(await act(req, extensionRequestUpdate, parse(extensionRequestSchema, req.body)));
  });
  router.post('/:id/extension/decision', async (req, res) => {
    res.json(await act(req, extensionDecisionUpdate, parse(extensionDecisionSchema, req.body)));
  });
  router.post('/:id/escalation', async (req, res) => {
    res.json(await act(req, escalationUpdate, parse(escalationSchema, req.body)));
  });
  router.post('/:id/withdraw', async (req, res) => {
    res.json(await act(req, withdrawUpdate, parse(withdrawSchema, req.body)));
  });
  router.post('/:id/look-back', async (req, res) => {
    res.json(await act(req, lookBackUpdate, parse(lookBackSchema, req.body)));
  });

  return router;
}
