// Small helpers the hazard tests share: reporting through the API and reading the mail of one hazard.
import { formatHour } from '../../common/time';
import type { NotificationKind } from '../../common/notification';
import { samplePrincipalEmail, sampleSafetyOfficerEmail, sampleDepartmentEmail, sampleDepartmentLeaderEmail, SAMPLE_JURISDICTION } from '../../prisma/seed-directory';
import { isCcCopy, mailKey, mailKind } from '../../devstack/cluster-scenarios';
import type { Harness } from './harness';
import type { ParsedMail } from './mail-sink';

export const DAY = 24 * 3600 * 1000;
export const HOUR = 3600 * 1000;

export const addr = {
  school: (id = 's01') => [samplePrincipalEmail(id), sampleSafetyOfficerEmail(id)],
  dept: (id: string) => [sampleDepartmentEmail(id)],
  leader: (id: string) => [sampleDepartmentLeaderEmail(id)],
  bureau: () => [sampleDepartmentEmail('edu')],
  bureauLeader: () => [sampleDepartmentLeaderEmail('edu')],
  leadOffice: () => [SAMPLE_JURISDICTION.leadOfficeEmail],
  government: () => [SAMPLE_JURISDICTION.governmentEmail],
};

export const sorted = (xs: string[]) => [...xs].sort();
export const beijing = (iso: string | number) => formatHour(new Date(iso).toISOString());

let counter = 0;
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/** A hazard's mail as its addressees receive it (not the Cc recipients' copy of a mail with a signed link). */
export function isMailOf(hazardId: string, kind?: NotificationKind, { copy = false } = {}) {
  return (m: ParsedMail) => mailKey(m).startsWith(`hazard:${hazardId}:`) && (kind === undefined || mailKind(m) === kind) && isCcCopy(m) === copy;
}

/** A campaign's mail as its addressees receive it (not the Cc recipients' copy). */
export function isCampaignMailOf(campaignId: string, kind?: string, { copy = false } = {}) {
  return (m: ParsedMail) => mailKey(m).startsWith(`campaign:${campaignId}:`) && (kind === undefined || mailKind(m) === kind) && isCcCopy(m) === copy;
}

export async function mailsOf(h: Harness, hazardId: string, kind?: NotificationKind): Promise<ParsedMail[]> {
  return (await h.mail.messages()).filter(isMailOf(hazardId, kind));
}

export function waitForMail(h: Harness, hazardId: string, kind: NotificationKind): Promise<ParsedMail> {
  return h.mail.waitFor(isMailOf(hazardId, kind));
}

/** Reports a hazard through the API and returns its view. */
export async function reportHazard(h: Harness, body: Record<string, unknown>, key = 'school') {
  const res = await h.request('POST', '/api/hazards', {
    key,
    body: { schoolId: 's01', category: 'food_safety', level: 'general', title: '校门口无证流动摊点', ...body },
  });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Reports a major hazard and has the bureau assign it to a department, due in `dueInMs`. */
export async function assignedHazard(h: Harness, opts: { departmentId?: string; dueInMs?: number; id?: string } = {}) {
  const id = opts.id ?? uniqueId('hz');
  await reportHazard(h, { id, level: 'major', title: '校门口占道经营，影响学生通行' });
  const dueAt = new Date((await h.now()) + (opts.dueInMs ?? 10 * DAY)).toISOString();
  const res = await h.request('POST', `/api/hazards/${id}/assign`, {
    key: 'bureau',
    body: { departmentId: opts.departmentId ?? 'market', dueAt, note: '请依法取缔' },
  });
  if (res.status !== 200) throw new Error(`assign failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id, dueAt, view: res.body };
}

/**
 * Waits until `read` gives what `accept` takes (the read model follows a hazard's transitions
 * within moments: its rows are written beside the deadlines, not before them) and returns it.
 */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
