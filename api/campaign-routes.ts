// The campaign endpoints: launch from a plan or a preset, read its phases and obligations,
// submit reports and self-inspections, and the statistics of the monthly report.
import { randomUUID } from 'node:crypto';
import type { Request, Router } from 'express';
import { CAMPAIGN_PRESETS } from '../common/campaign-presets';
import { campaignTimeZone, PHASE_LABELS, phaseClosing, type CampaignPolicy, type CampaignState } from '../common/campaign';
import type { HazardImportPayload } from '../activities/hazard-import';
import { actorLabel } from '../common/hazard-row';
import { hazardPolicyOf } from '../common/hazard-policy';
import {
  issueCampaignBulletin,
  launchCampaign,
  queryCampaignState,
  recordSelfInspection,
  recordSelfInspectionList,
  startHazardImport,
  submitCampaignReport,
} from '../temporal-client/campaigns';
import { DEFAULT_TIME_ZONE } from '../common/time';
import { actorOf } from './auth';
import { campaignScopedId, sha256Hex } from './derived-ids';
import { documentedRouter } from './route-registry';
import { requestedBulletin } from './requested-bulletin';
import { launchPreview, planLaunch } from './campaign-plan';
import { newCampaignSchema, reportSchema, selfInspectionSchema, statisticsQuery } from './campaign-schemas';
import { campaignStats } from './campaign-stats';
import { periodStatistics, periodStatisticsCsv, statisticsCsvName } from '../common/campaign-statistics';
import { campaignTargetProgress } from './campaign-targets';
import { badRequest, conflict, forbidden, notFound } from './errors';
import { bulletinCsv, hazardsCsv, issuedBulletinCsv, parseHazardImport } from './campaign-csv';
import { bulletinsOf } from '../activities/bulletin-issue';
import { CAMPAIGN_ACTIONS, campaignActionsFor, reportOwnerOf } from '../domain/campaign/actions';
import { campaignAuditView, hazardScopeWhere } from '../domain/scope';
import { PRESET_TARGETS, targetsOfLaunch } from '../domain/campaign/targets';
import { newHazard, startHazard, type HazardRouteDeps } from './hazard-reporting';
import { withTemporalDeadline } from './temporal-deadline';
import { idempotencyKey, parse, updateIdOf } from './parse';
import { id as idSchema } from './hazard-schemas';

export interface CampaignRouteDeps extends HazardRouteDeps {
  defaultCampaignPolicy: CampaignPolicy;
  /** Time zone of the times in CSV exports. */
  timeZone?: string;
  /** The budget of Temporal calls (a request's, and each batch of a self-inspection's hazards). */
  temporalTimeoutMs?: number;
}

function campaignView(s: CampaignState) {
  return {
    id: s.id,
    name: s.name,
    jurisdictionId: s.jurisdictionId,
    presetId: s.presetId ?? null,
    status: s.status,
    currentPhases: s.phases.filter((p) => p.status === 'open').map((p) => p.key),
    phases: s.phases.map((p) => ({
      key: p.key,
      label: PHASE_LABELS[p.key],
      startAt: p.startAt,
      endAt: p.endAt,
      status: p.status,
      closedAt: p.closedAt ?? null,
      outcome: p.outcome ?? null,
      asks: p.asks ?? null,
      closing: phaseClosing(p),
    })),
    obligations: s.obligations.map((o) => ({
      key: o.key,
      title: o.title,
      ownerIds: o.ownerIds,
      addressee: o.addressee ?? null,
      recurrence: o.recurrence ?? null,
      periods: o.periods,
    })),
    policy: s.policy,
    participants: { schoolIds: [...s.schoolIds].sort(), departmentIds: [...s.departmentIds].sort() },
    selfInspected: s.selfInspected,
  };
}

export function presetRoutes(): Router {
  const router = documentedRouter('/api/presets');
  router.get('/', (_req, res) => {
    // Each with its targets (工作目标), quoted from its source.
    res.json({ items: CAMPAIGN_PRESETS.map((p) => ({ ...p, targets: PRESET_TARGETS[p.id] ?? [] })), total: CAMPAIGN_PRESETS.length });
  });
  return router;
}

/** A link's use without where it came from: no address, user agent, link or session. */
function withoutForensics(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const { ip: _ip, userAgent: _ua, linkId: _link, sessionId: _session, requestId: _request, ...rest } = data as Record<string, unknown>;
  return rest;
}

export function campaignRoutes(deps: CampaignRouteDeps): Router {
  const { db, temporal, taskQueue } = deps;
  const router = documentedRouter('/api/campaigns');

  async function loadCampaign(campaignId: string): Promise<CampaignState> {
    const state = await queryCampaignState(temporal, campaignId);
    if (!state) throw notFound(`campaign ${campaignId} not found`);
    return state;
  }

  /** The campaign's zone: every date a page, a CSV or a mail writes for it is in this zone. */
  const campaignZone = (state: Pick<CampaignState, 'policy'>): string => campaignTimeZone(state.policy, deps.timeZone);
  /** The same from the read model (no query of the workflow). */
  const zoneOfCampaign = async (campaignId: string): Promise<string> => {
    const row = await db.campaign.findUnique({ where: { id: campaignId }, select: { policy: true } });
    return campaignTimeZone(row?.policy, deps.timeZone);
  };

  /** The campaign's one zone and reading of "N日前": its own, else the defaults (DISPLAY_TIME_ZONE, inclusive). */
  const policyOf = (body: { policy?: Partial<CampaignPolicy> }): CampaignPolicy => ({
    timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE,
    deadlineReading: 'inclusive',
    ...deps.defaultCampaignPolicy,
    ...body.policy,
  });

  /** The preview of a launch: what POST /api/campaigns would start, nothing written or started. */
  router.post('/preview', async (req, res) => {
    const actor = actorOf(req);
    const body = parse(newCampaignSchema, req.body);
    if (actor.role !== 'lead') throw forbidden('only the campaign lead (领导小组办公室) may preview a launch');
    const now = Date.now();
    const policy = policyOf(body);
    const cal = { timeZone: policy.timeZone!, reading: policy.deadlineReading! };
    const launch = await planLaunch(db, body, now, cal);
    res.json({ ...launchPreview(body, launch, now, cal), targets: targetsOfLaunch(launch.presetId, body.targets) });
  });

  router.post('/', async (req, res) => {
    const actor = actorOf(req);
    const body = parse(newCampaignSchema, req.body);
    if (actor.role !== 'lead') throw forbidden('only the campaign lead (领导小组办公室) may launch a campaign');
    const { presetId, plan, participants } = await planLaunch(db, body, Date.now(), { timeZone: policyOf(body).timeZone!, reading: policyOf(body).deadlineReading! });
    const targets = targetsOfLaunch(presetId, body.targets);
    // 重大问题第一时间报送: a preset's, where its source says so.
    const majorHazardReport = CAMPAIGN_PRESETS.find((p) => p.id === presetId)?.majorHazardReport;
    const policy = { ...policyOf(body), ...(targets.length ? { targets } : {}), ...(majorHazardReport ? { majorHazardReport } : {}) };

    const key = idempotencyKey(req);
    const campaignId = body.id ?? (key ? `cp-${sha256Hex(`${actor.keyId}:${key}`, 24)}` : `cp-${randomUUID()}`);
    // Started and answered with its recorded launch in one round trip; the same id again finds
    // the running campaign, or the ended one's last state.
    const launched = await launchCampaign(temporal, {
      taskQueue,
      campaign: {
        id: campaignId,
        name: body.name,
        jurisdictionId: body.jurisdictionId,
        presetId,
        plan,
        policy,
        departmentIds: participants.departmentIds,
        schoolIds: participants.schoolIds,
      },
      createdBy: actor,
    });
    if (!launched) throw notFound(`campaign ${campaignId} not found`);
    const { state, created } = launched;
    if (!created && state.name !== body.name) throw conflict(`campaign id ${campaignId} is already used by "${state.name}"`);
    res.status(created ? 201 : 200).json({ ...campaignView(state), stats: await campaignStats(db, campaignId, state.schoolIds.length) });
  });

  router.get('/:id', async (req, res) => {
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    // `actions`: what this viewer may do on it now, from the campaign's action table.
    res.json({ ...campaignView(state), stats: await campaignStats(db, state.id, state.schoolIds.length), actions: campaignActionsFor(state, actorOf(req)) });
  });

  router.get('/:id/stats', async (req, res) => {
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    res.json(await campaignStats(db, state.id, state.schoolIds.length));
  });

  router.post('/:id/reports', async (req, res) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    const body = parse(reportSchema, req.body);
    const ownerId = reportOwnerOf(actor, body.ownerId);
    await loadCampaign(campaignId);
    const result = await submitCampaignReport(
      temporal,
      campaignId,
      { actor, ownerId, obligationKey: body.obligationKey, period: body.period, note: body.note },
      updateIdOf(actor, idempotencyKey(req)),
    );
    res.status(201).json({ campaignId, obligationKey: body.obligationKey, ownerId, ...result });
  });

  // 统计报表 of one report period (a month YYYY-MM, or a half month YYYY-MM-H1/-H2, in the campaign's
  // zone), from the audit trail, over the hazards the reader sees (a unit its own, the bureau and the lead all).
  const statisticsOf = async (req: Request) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    const { period } = parse(statisticsQuery, req.query, 'query');
    const state = await loadCampaign(campaignId);
    // With the campaign's targets (工作目标) over the schools of the reader's remit: the dashboard's function.
    const [stats, targets] = await Promise.all([periodStatistics(db, state.id, period, campaignZone(state), hazardScopeWhere(actor)), campaignTargetProgress(db, state, actor)]);
    return { stats, targets };
  };
  router.get('/:id/statistics', async (req, res) => {
    const { stats, targets } = await statisticsOf(req);
    res.json({ ...stats, targets });
  });
  router.get('/:id/statistics.csv', async (req, res) => {
    const { stats, targets } = await statisticsOf(req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(statisticsCsvName(String(req.params.id), stats.period))
      .send(periodStatisticsCsv(stats, targets));
  });

  router.post('/:id/self-inspections', async (req, res) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    const body = parse(selfInspectionSchema, req.body);
    const mismatched = body.hazards.flatMap((h, i) => (h.schoolId && h.schoolId !== body.schoolId ? [{ field: `body.hazards.${i}.schoolId`, reason: `must be ${body.schoolId}` }] : []));
    if (mismatched.length) throw badRequest('hazards of another school', mismatched);
    if (actor.role !== 'lead' && body.hazards.some((h) => h.policy)) throw forbidden('only the campaign lead may override the deadline policy');
    const state = await loadCampaign(campaignId);
    // Checked before any hazard is started, so a refused self-inspection writes nothing.
    if (!state.schoolIds.includes(body.schoolId))
      throw badRequest(`school ${body.schoolId} does not take part in campaign ${campaignId}`, [{ field: 'body.schoolId', reason: 'not a participant' }]);
    CAMPAIGN_ACTIONS.selfInspection.rule(state, actor, body.schoolId);

    // Each hazard its own workflow, a few at a time; ids derived from the campaign, the school
    // and the position, so a retried request starts no second workflow.
    const hazardIds: string[] = [];
    const PARALLEL = 8;
    for (let i = 0; i < body.hazards.length; i += PARALLEL) {
      // Each batch with a Temporal deadline of its own: up to 500 hazards may take longer than one request's budget.
      await withTemporalDeadline(temporal, deps.temporalTimeoutMs, () =>
        Promise.all(
          body.hazards.slice(i, i + PARALLEL).map((h, j) => {
            const hazardId = h.id ?? campaignScopedId(campaignId, `${body.schoolId}-${i + j + 1}`);
            hazardIds.push(hazardId);
            return startHazard(deps, actor, hazardId, { ...h, schoolId: body.schoolId, campaignId }, state.policy);
          }),
        ),
      );
    }
    const result = await withTemporalDeadline(temporal, deps.temporalTimeoutMs, () =>
      recordSelfInspection(temporal, campaignId, { actor, schoolId: body.schoolId, hazardIds }, updateIdOf(actor, idempotencyKey(req))),
    );
    res.status(201).json({ campaignId, schoolId: body.schoolId, hazardIds, ...result });
  });

  router.get('/:id/hazards.csv', async (req, res) => {
    const actor = actorOf(req);
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    // Scoped like GET /api/hazards: a department exports what is assigned to it, a school its own.
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${state.id}-hazards.csv`)
      .send(await hazardsCsv(db, state.id, campaignZone(state), hazardScopeWhere(actor)));
  });

  router.get('/:id/bulletin.csv', async (req, res) => {
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${state.id}-bulletin.csv`)
      .send(await bulletinCsv(db, state.id, campaignZone(state)));
  });

  /**
   * 一校一表: a school's (or many schools') hazard list as CSV; any bad row refuses the whole
   * file. A good one is stored and handed to an import workflow, which starts the rows' hazard
   * workflows a few at a time: the answer (202) comes at once, with where to follow its progress.
   * The same file again is the same import (200 with its progress); a row already imported by
   * another file is not started twice.
   */
  router.post('/:id/hazards.csv', async (req, res) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    if (!['school', 'bureau', 'lead'].includes(actor.role)) throw forbidden(`role ${actor.role} may not import hazards`);
    if (typeof req.body !== 'string' || !req.is('text/csv')) throw badRequest('send the hazard list as text/csv (UTF-8, Chinese headers)');
    const state = await loadCampaign(campaignId);
    const allowed = new Set(actor.role === 'school' ? state.schoolIds.filter((s) => s === actor.unitId) : state.schoolIds);
    const { hazards, zeroHazardSchools, problems } = parseHazardImport(req.body, allowed, campaignZone(state));
    if (problems.length) {
      throw badRequest(`${problems.length} problem(s) in the file; nothing was imported`, problems.slice(0, 1000));
    }
    const rows = hazards.map(({ row, ...h }) => {
      const hazardId = campaignScopedId(campaignId, sha256Hex(`${h.schoolId}|${row}|${h.title}|${h.location ?? ''}`));
      return { hazardId, hazard: newHazard(hazardId, { ...h, campaignId }) };
    });
    const importId = campaignScopedId(campaignId, `import-${sha256Hex(req.body)}`);
    const payload: HazardImportPayload = { actor, policy: hazardPolicyOf(deps.defaultPolicy, state.policy), rows };
    await db.hazardImport.upsert({
      where: { id: importId },
      create: {
        id: importId,
        campaignId,
        requestedBy: actorLabel(actor),
        payload: JSON.parse(JSON.stringify(payload)) as object,
        rows: rows.length,
        status: 'running',
        createdAt: new Date(),
      },
      update: {},
    });
    const startedNow = await startHazardImport(temporal, { taskQueue, importId });
    // 一校一表: each school of the list has submitted its self-inspection (late after 摸排 closed, 补报); one Update for the list.
    const bySchool = new Map<string, string[]>();
    for (const r of rows) bySchool.set(r.hazard.schoolId, [...(bySchool.get(r.hazard.schoolId) ?? []), r.hazardId]);
    for (const schoolId of zeroHazardSchools) bySchool.set(schoolId, []);
    if ([...bySchool.keys()].some((s) => !state.selfInspected.includes(s))) {
      await withTemporalDeadline(temporal, deps.temporalTimeoutMs, () =>
        recordSelfInspectionList(
          temporal,
          campaignId,
          { actor, schools: [...bySchool].map(([schoolId, hazardIds]) => ({ schoolId, hazardIds })) },
          { updateId: `${importId}:self-inspections` },
        ),
      );
    }
    req.log?.info({ campaignId, importId, rows: rows.length, startedNow }, 'hazard list accepted');
    res.status(startedNow ? 202 : 200).json({ ...(await importView(importId)), hazardIds: rows.map((r) => r.hazardId), zeroHazardSchools });
  });

  async function importView(importId: string) {
    const job = await db.hazardImport.findUnique({ where: { id: importId }, omit: { payload: true } });
    if (!job) throw notFound(`hazard import ${importId} not found`);
    return {
      importId: job.id,
      campaignId: job.campaignId,
      status: job.status,
      rows: job.rows,
      processed: job.processed,
      started: job.started,
      alreadyImported: job.alreadyImported,
      error: job.error,
      requestedBy: job.requestedBy,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      statusUrl: `/api/campaigns/${job.campaignId}/imports/${job.id}`,
    };
  }

  /** The progress of an import: the lead and the bureau see every one, a school its own. */
  router.get('/:id/imports/:importId', async (req, res) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    const importId = parse(idSchema, req.params.importId, 'params');
    const view = await importView(importId);
    if (view.campaignId !== campaignId) throw notFound(`campaign ${campaignId} has no import ${importId}`);
    const mine = view.requestedBy === actorLabel(actor);
    if (!['lead', 'bureau'].includes(actor.role) && !mine) throw forbidden(`import ${importId} is not within your remit`);
    res.json(view);
  });

  /** 通报 on demand: the lead office issues the next numbered bulletin now. */
  router.post('/:id/bulletins', async (req, res) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    CAMPAIGN_ACTIONS.issueBulletin.rule(await loadCampaign(campaignId), actor);
    const { no } = await issueCampaignBulletin(temporal, campaignId, { actor }, updateIdOf(actor, idempotencyKey(req)));
    res.status(201).json((await bulletinsOf(db, campaignId, no))[0]);
  });

  router.get('/:id/bulletins', async (req, res) => {
    const campaignId = parse(idSchema, req.params.id, 'params');
    const items = await bulletinsOf(db, campaignId);
    if (items.length === 0) await loadCampaign(campaignId);
    res.json({ items, total: items.length });
  });

  router.get('/:id/bulletins/:no.csv', async (req, res) => {
    const bulletin = await requestedBulletin(db, req.params);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${bulletin.campaignId}-bulletin-${bulletin.no}.csv`)
      .send(issuedBulletinCsv(bulletin, await zoneOfCampaign(bulletin.campaignId)));
  });

  /** 留痕: the campaign's steps — launched, phases opened and closed, reports, self-inspections, bulletins — who, when, what. */
  router.get('/:id/audit', async (req, res) => {
    const campaignId = parse(idSchema, req.params.id, 'params');
    // Who sees which uses of a signed link, and their forensics (domain/scope.ts).
    const view = campaignAuditView(actorOf(req));
    const linkUses = view.linkUsesOf === 'all' ? {} : { NOT: { action: 'link_used', actor: { not: view.linkUsesOf } } };
    const events = await db.auditEvent.findMany({ where: { campaignId, hazardId: null, ...linkUses }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    if (events.length === 0) await loadCampaign(campaignId);
    const dataOf = (e: (typeof events)[number]) => (view.forensics || e.action !== 'link_used' || !e.data ? e.data : withoutForensics(e.data));
    res.json({ items: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, action: e.action, note: e.note, data: dataOf(e) })), total: events.length });
  });

  return router;
}
