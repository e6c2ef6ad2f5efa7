// The campaign office's paperwork (issue 28): the preview of the next 通报 before the lead office
// issues it, the 通报 as a PDF document, the hazard ledger (台账) and a period's 统计报表 as Excel.
// Who may read what follows the same rules as the JSON and CSV beside them.
import { previewCampaignBulletin } from '../activities/bulletin-issue';
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

  return router;
}
