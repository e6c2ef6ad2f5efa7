// The names a campaign's pages show instead of ids: the campaign's, its obligations' titles, the
// schools and departments of the directory; and who did a step ("school:s01" → the school's name).
import { useEffect, useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../common/hazard';
import { api } from '../api';

export interface CampaignNames {
  campaignName: string;
  obligationTitles: Record<string, string>;
  units: Map<string, string>;
}

/** The names, once loaded (undefined until then: a page waits for them, so ids never flash up in place of names). */
export function useCampaignNames(campaignId: string): CampaignNames | undefined {
  const [names, setNames] = useState<CampaignNames>();
  useEffect(() => {
    Promise.all([
      api<{ name: string; obligations: { key: string; title: string }[] }>('GET', `/api/campaigns/${encodeURIComponent(campaignId)}`),
      api<{ items: { id: string; name: string }[] }>('GET', '/api/schools').catch(() => ({ items: [] })),
      api<{ items: { id: string; name: string }[] }>('GET', '/api/departments').catch(() => ({ items: [] })),
    ])
      .then(([c, s, d]) =>
        setNames({
          campaignName: c.name,
          obligationTitles: Object.fromEntries(c.obligations.map((o) => [o.key, o.title])),
          units: new Map([...s.items, ...d.items].map((u) => [u.id, u.name])),
        }),
      )
      // Without the campaign the page shows ids: better than waiting for ever.
      .catch(() => setNames({ campaignName: '', obligationTitles: {}, units: new Map() }));
  }, [campaignId]);
  return names;
}

/** Who did a step: the system, a unit by its name, or the role ("lead" → 领导小组办公室). */
export function actorText(actor: string, names?: CampaignNames): string {
  const [role, unit] = actor.split(':');
  if (role === 'system') return '系统（按计划自动）';
  if (unit && (role === 'school' || role === 'department' || role === 'bureau')) return names?.units.get(unit) ?? unit;
  return ROLE_LABELS[role as Role] ?? actor;
}
