// The 通报 a request names (/api/campaigns/:id/bulletins/:no.csv, .pdf): its campaign and number
// validated, the bulletin read, 404 when the campaign has no such bulletin.
import type { Database } from '../common/database';
import { bulletinsOf } from '../activities/bulletin-issue';
import { bulletinNoSchema } from './campaign-schemas';
import { notFound } from './errors';
import { id as idSchema } from './hazard-schemas';
import { parse } from './parse';

export async function requestedBulletin(db: Database, params: Record<string, string>) {
  const campaignId = parse(idSchema, params.id, 'params');
  const no = parse(bulletinNoSchema, params.no, 'params');
  const [bulletin] = await bulletinsOf(db, campaignId, no);
  if (!bulletin) throw notFound(`campaign ${campaignId} has no bulletin ${no}`);
  return bulletin;
}
