// Ids the API derives for what a campaign creates (a self-inspection's hazards, an imported
// list and its rows), so that a retried request creates nothing twice. They must fit the id
// format of every route (1–64 characters): readable when they fit, shortened with a hash of
// the whole when the campaign's own id is long (still one id per input).
import { createHash } from 'node:crypto';

const MAX_ID = 64;

export const sha256Hex = (text: string, length = 16): string => createHash('sha256').update(text).digest('hex').slice(0, length);

export function campaignScopedId(campaignId: string, suffix: string): string {
  const id = `${campaignId}-${suffix}`;
  if (id.length <= MAX_ID) return id;
  return `${campaignId.slice(0, 40)}-${sha256Hex(id, MAX_ID - 41)}`;
}
