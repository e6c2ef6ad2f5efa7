// What a signed mail link opens (its subject): "hazard:<id>" signs its reader in as the mail's
// addressed unit to act on that hazard; "hazard-view:<id>" — the copy's link (抄送) — signs a copied
// unit in to read that hazard only, with no action, no list, no other item; "campaign:<id>" a
// campaign's items. Pure: the API, the mail activity and the web app read subjects through it.

/** The subject of a copy's read-only link to a hazard. */
export const hazardViewSubject = (hazardId: string) => `hazard-view:${hazardId}`;

/** A subject's kind and item ("hazard-view:cp:s01:x" → hazard-view, "cp:s01:x"). */
export function subjectOf(subject: string | null | undefined): { kind: string; id: string } {
  const s = subject ?? '';
  const i = s.indexOf(':');
  return i < 0 ? { kind: '', id: '' } : { kind: s.slice(0, i), id: s.slice(i + 1) };
}

/** The hazard a link opens, to act on or to read, if it opens one. */
export function hazardOfSubject(subject: string | null | undefined): string | undefined {
  const { kind, id } = subjectOf(subject);
  return kind === 'hazard' || kind === 'hazard-view' ? id : undefined;
}

/** A copy's link: it reads its hazard and does nothing else. */
export const isReadOnlySubject = (subject: string | null | undefined): boolean => subjectOf(subject).kind === 'hazard-view';
