// The campaign office's paperwork (issue 28): the preview of the next 通报 before the lead office
// issues it, the 通报 as a PDF document, the hazard ledger (台账) and a period's 统计报表 as Excel.
// Who may read what follows the same rules as the JSON and CSV beside them.
import { previewCampaignBulletin } from '../activities/bulletin-issue';
import { bulletinDocumentOf, bulletinPdf, bulletinPdfName } from '../activities/bulletin-pdf';
import { statisticsQuery } from './campaign-schemas';
import { periodStatistics } from '../common/campaign-statistics';
import { campaignTargetProgress } from './campaign-targets';
import { campaignTimeZone, type CampaignState } from '../common/campaign';
import { hazardScopeWhere } from '../domain/scope';
import { hazardLedger } from './campaign-csv';
import { hazardLedgerXlsx, ledgerXlsxName, periodStatisticsXlsx, statisticsXlsxName, XLSX_TYPE } from './campaign-xlsx';
import { CAMPAIGN_ACTIONS } from '../domain/campaign/actions';
import { bulletinAlwaysIssued, hasNews, ON_DEMAND } from '../domain/campaign/bulletins';
import { queryCampaignState } from '../temporal-client/campaigns';
import { actorOf } from './auth';
import { notFound } from './errors';
import type { CampaignRouteDeps } from './campaign-routes';
import { id as idSchema } from './hazard-schemas';
import { parse } from './parse';
import { documentedRouter } from './route-registry';
import { requestedBulletin } from './requested-bulletin';

export function campaignDocumentRoutes(deps: CampaignRouteDeps) {
  const { db, temporal } = deps;
  const router = documentedRouter('/api/campaigns');

  async function loadCampaign(campaignId: string) {
    const state = await queryCampaignState(temporal, campaignId);
    if (!state) throw notFound(`campaign ${campaignId} not found`);
    return state;
  }
  const zoneOf = (state: Pick<CampaignState, 'policy'>) => campaignTimeZone(state.policy, deps.timeZone);

  /** 通报 preview: what the lead office's bulletin would say now, its 文号 and whether it has news; nothing written. */
  router.get('/:id/bulletins/preview', async (req, res) => {
    const actor = actorOf(req);
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    CAMPAIGN_ACTIONS.issueBulletin.rule(state, actor);
    const now = new Date(deps.clock ? await deps.clock() : Date.now()).toISOString();
    const preview = await previewCampaignBulletin(db, state.id, now, zoneOf(state));
    res.json({ no: (state.bulletins?.length ?? 0) + 1, at: now, ...preview, hasNews: hasNews(preview.news), alwaysIssued: bulletinAlwaysIssued(state, [ON_DEMAND]) });
  });

  /** 通报 as a document: the A4 PDF (GB/T 9704 layout) — the same file the bulletin's mail carries. */
  router.get('/:id/bulletins/:no.pdf', async (req, res) => {
    const bulletin = await requestedBulletin(db, req.params);
    res
      .type('application/pdf')
      .attachment(bulletinPdfName(bulletin))
      .send(await bulletinPdf(await bulletinDocumentOf(db, bulletin, deps.timeZone)));
  });

  /** 隐患排查整治台账 as Excel: the reader's hazards (the same remit as hazards.csv and GET /api/hazards) and each school's 合计. */
  router.get('/:id/hazards.xlsx', async (req, res) => {
    const actor = actorOf(req);
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    const at = new Date(deps.clock ? await deps.clock() : Date.now());
    const rows = await hazardLedger(db, state.id, hazardScopeWhere(actor));
    res
      .type(XLSX_TYPE)
      .attachment(ledgerXlsxName(state.id))
      .send(await hazardLedgerXlsx(rows, { campaignName: state.name, timeZone: zoneOf(state), at }));
  });

  /** 统计报表 of a period as Excel: the rows of statistics.csv (the reader's remit), each dimension with its 合计. */
  router.get('/:id/statistics.xlsx', async (req, res) => {
    const actor = actorOf(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    const { period } = parse(statisticsQuery, req.query, 'query');
    const state = await loadCampaign(campaignId);
    const [stats, targets] = await Promise.all([periodStatistics(db, state.id, period, zoneOf(state), hazardScopeWhere(actor)), campaignTargetProgress(db, state, actor)]);
    const at = new Date(deps.clock ? await deps.clock() : Date.now());
    res
      .type(XLSX_TYPE)
      .attachment(statisticsXlsxName(state.id, stats.period))
      .send(await periodStatisticsXlsx(stats, { campaignName: state.name, timeZone: zoneOf(state), at }, targets));
  });

  return router;
}
