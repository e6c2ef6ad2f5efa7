// Which jurisdiction a lead office is taken to serve when its account names none: the highest one
// (a city before a district before a street), the first by id among equals — the district a
// deployment is seeded with, not a street added later. Pure: the API and the web app use it.
const LEVEL_RANK: Record<string, number> = { city: 0, district: 1, street: 2 };

export function leadJurisdictionOf<J extends { id: string; level: string }>(jurisdictions: J[]): J | undefined {
  const rank = (j: J) => LEVEL_RANK[j.level] ?? 3;
  return [...jurisdictions].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}
