// The campaign office's paperwork (issue 28): the preview of the next 通报 before the lead office
// issues it, the 通报 as a PDF document, the hazard ledger (台账) and a period's 统计报表 as Excel.
// Who may read what follows the same rules as the JSON and CSV beside them.
import { bulletinsOf, previewCampaignBulletin } from '../activities/bulletin-issue';
import { bulletinDocumentOf, bulletinPdf, bulletinPdfName } from '../activities/bulletin-pdf';
import { bulletinNoSchema } from './campaign-schemas';
import { DEFAULT_TIME_ZONE } from '../common/time';
import { CAMPAIGN_ACTIONS } from '../domain/campaign/actions';
import { bulletinAlwaysIssued, hasNews, ON_DEMAND } from '../domain/campaign/bulletins';
import { queryCampaignState } from '../temporal-client/campaigns';
import { actorOf } from './auth';
import { notFound } from './errors';
import type { CampaignRouteDeps } from './campaign-routes';
import { id as idSchema } from './hazard-schemas';
import { parse } from './parse';
import { documentedRouter } from './route-registry';

export function campaignDocumentRoutes(deps: CampaignRouteDeps) {
  const { db, temporal } = deps;
  const router = documentedRouter('/api/campaigns');

  async function loadCampaign(campaignId: string) {
    const state = await queryCampaignState(temporal, campaignId);
    if (!state) throw notFound(`campaign ${campaignId} not found`);
    return state;
  }

  /** 通报 preview: what the lead office's bulletin would say now, its 文号 and whether it has news; nothing written. */
  router.get('/:id/bulletins/preview', async (req, res) => {
    const actor = actorOf(req);
    const state = await loadCampaign(parse(idSchema, req.params.id, 'params'));
    CAMPAIGN_ACTIONS.issueBulletin.rule(state, actor);
    const now = new Date(deps.clock ? await deps.clock() : Date.now()).toISOString();
    const preview = await previewCampaignBulletin(db, state.id, now, state.policy.timeZone ?? deps.timeZone ?? DEFAULT_TIME_ZONE);
    res.json({ no: (state.bulletins?.length ?? 0) + 1, at: now, ...preview, hasNews: hasNews(preview.news), alwaysIssued: bulletinAlwaysIssued(state, [ON_DEMAND]) });
  });

  /** 通报 as a document: the A4 PDF (GB/T 9704 layout) — the same file the bulletin's mail carries. */
  router.get('/:id/bulletins/:no.pdf', async (req, res) => {
    const campaignId = parse(idSchema, req.params.id, 'params');
    const no = parse(bulletinNoSchema, req.params.no, 'params');
    const [bulletin] = await bulletinsOf(db, campaignId, no);
    if (!bulletin) throw notFound(`campaign ${campaignId} has no bulletin ${no}`);
    res.type('application/pdf').attachment(bulletinPdfName(bulletin)).send(await bulletinPdf(await bulletinDocumentOf(db, bulletin, deps.timeZone)));
  });

  return router;
}
