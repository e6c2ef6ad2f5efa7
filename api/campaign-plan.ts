// Turns a launch request into the campaign's plan: an explicit plan as given, or a preset of
// the source documents with its dates moved to a new start (or mapped onto a compressed
// timeline for a demo), its owners resolved against the directory.
import type { Database } from '../common/database';
import type { CampaignPlan, CampaignPreset, ObligationPlan, ParticipantsChoice, PhasePlan, PresetOwner, SchoolKind } from '../common/campaign';
import { addDays, localDate, localInstant, occurrences, shiftPreset } from '../common/campaign-calendar';
import { shiftByDuration } from '../common/iso-duration';
import { obligationPeriods } from '../common/campaign-calendar';
import { CAMPAIGN_PRESETS } from '../common/campaign-presets';
import { formatHour, localDateHour } from '../common/time';
import { badRequest } from './errors';
import type { NewCampaignBody } from './campaign-schemas';

export interface Participants {
  departmentIds: string[];
  schoolIds: string[];
}

/** The participants, with the departments and schools of each kind (to resolve a preset's owners). */
export type ResolvedParticipants = Participants & { departmentKinds: Map<string, string[]>; schoolKinds: Map<string, string[]> };

const groupBy = (rows: { id: string; kind: string }[]) => {
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.kind, [...(m.get(r.kind) ?? []), r.id]);
  return m;
};

/**
 * Who takes part: the departments and schools of the jurisdiction that the choice names (absent:
 * all of them; a preset may narrow the schools to its kinds). An id outside the jurisdiction, or a
 * choice that leaves no school, is refused naming its field. Ids sorted.
 */
export async function participantsOf(db: Database, jurisdictionId: string, choice: ParticipantsChoice = {}, presetKinds?: SchoolKind[]): Promise<ResolvedParticipants> {
  const [allDepartments, allSchools] = await Promise.all([
    db.department.findMany({ where: { jurisdictionId }, select: { id: true, kind: true }, orderBy: { id: 'asc' } }),
    db.school.findMany({ where: { jurisdictionId }, select: { id: true, kind: true }, orderBy: { id: 'asc' } }),
  ]);
  const unknown = (ids: string[], known: { id: string }[], field: string, what: string) =>
    ids.flatMap((id, i) => (known.some((k) => k.id === id) ? [] : [{ field: `${field}.${i}`, reason: `${id} is no ${what} of ${jurisdictionId}` }]));
  const s = choice.schools;
  const problems = [
    ...(choice.departmentIds ? unknown(choice.departmentIds, allDepartments, 'body.participants.departmentIds', 'member department') : []),
    ...(s && 'ids' in s ? unknown(s.ids, allSchools, 'body.participants.schools.ids', 'school') : []),
  ];
  if (problems.length) throw badRequest('unknown participants', problems);
  const kinds = s === undefined ? presetKinds : 'kinds' in s ? s.kinds : undefined;
  const schools = allSchools.filter((x) => (s && 'ids' in s ? s.ids.includes(x.id) : kinds ? (kinds as string[]).includes(x.kind) : true));
  if (schools.length === 0) {
    throw badRequest(`no school of ${jurisdictionId} takes part`, [{ field: s ? 'body.participants.schools' : 'body.preset', reason: `selects no school${kinds ? ` (kinds: ${kinds.join(', ')})` : ''}` }]);
  }
  const departments = choice.departmentIds ? allDepartments.filter((d) => choice.departmentIds!.includes(d.id)) : allDepartments;
  return { departmentIds: departments.map((d) => d.id), schoolIds: schools.map((x) => x.id), departmentKinds: groupBy(departments), schoolKinds: groupBy(schools) };
}

/**
 * A preset's owners among the participants. Departments of a kind none of which takes part leave
 * the obligation to the lead office; schools (all, or of a kind) none of which takes part owe
 * nothing (the obligation is left out).
 */
function resolveOwners(owners: PresetOwner[], p: ResolvedParticipants): string[] {
  const ids = owners.flatMap((o) => {
    if (o === 'lead_office') return ['lead_office'];
    if (o === 'all_departments') return p.departmentIds;
    if (o === 'all_schools') return p.schoolIds;
    if (o.startsWith('school_kind:')) return p.schoolKinds.get(o.slice('school_kind:'.length)) ?? [];
    return p.departmentKinds.get(o.slice('kind:'.length)) ?? [];
  });
  const onlySchools = owners.every((o) => o === 'all_schools' || o.startsWith('school_kind:'));
  return [...new Set(ids.length || onlySchools ? ids : ['lead_office'])];
}

/** The preset's obligations that some participant owes, with their owners. */
const owed = (preset: CampaignPreset, participants: ResolvedParticipants) =>
  preset.obligations.map((o) => ({ o, ownerIds: resolveOwners(o.owners, participants) })).filter((x) => x.ownerIds.length > 0);

export interface PresetLaunch {
  preset: CampaignPreset;
  /** Move every date so the campaign starts on this local date. */
  startDate?: string;
  /** Or: a compressed timeline starting at this instant, each day of the plan lasting dayLength. */
  startAt?: string;
  dayLength?: string;
}

/**
 * The preset's phases, each local date mapped to an instant by `at` (by default the calendar
 * itself). Local dates are inclusive: a phase ends when its last day does.
 */
function presetPhases(preset: CampaignPreset, at: (instant: string) => string = (instant) => instant): PhasePlan[] {
  return preset.phases.map((ph) => ({ key: ph.key, startAt: at(localInstant(ph.startDate)), endAt: at(localInstant(addDays(ph.endDate, 1))), asks: ph.asks, ...(ph.closing ? { closing: ph.closing } : {}) }));
}

/** A deadline as the sources write it: "5月15日前" when due as the day begins, else "2023年5月15日18时前". */
function deadlineWords(dueAt: string): string {
  const { date, hour } = localDateHour(dueAt);
  const minute = new Date(dueAt).getUTCMinutes();
  if (hour === 0 && minute === 0) return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日前`;
  return `${formatHour(dueAt)}前`;
}

/** The phases' texts with each "{due:<key>}" replaced by that obligation's deadline, so a moved preset says its own dates. */
function withDeadlines(plan: CampaignPlan): CampaignPlan {
  const due = (key: string) => plan.obligations.find((o) => o.key === key)?.dueAt;
  return {
    ...plan,
    phases: plan.phases.map((ph) => (ph.asks ? { ...ph, asks: ph.asks.replace(/\{due:([a-z0-9_]+)\}/g, (m, key: string) => (due(key) ? deadlineWords(due(key)!) : '按规定时限')) } : ph)),
  };
}

/** The plan of a preset, launched on new dates; `now` bounds recurring reports to the future. */
export function planFromPreset(launch: PresetLaunch, participants: ResolvedParticipants, now: number): CampaignPlan {
  return withDeadlines(planOfPreset(launch, participants, now));
}

function planOfPreset(launch: PresetLaunch, participants: ResolvedParticipants, now: number): CampaignPlan {
  if (launch.startAt && launch.dayLength) return compressedPlan(launch.preset, launch.startAt, launch.dayLength, participants);
  const preset = shiftPreset(launch.preset, launch.startDate ?? localDate(now));
  // Local dates are inclusive: a phase or deadline ends when its last day does.
  const endOf = (date: string) => localInstant(addDays(date, 1));
  return {
    phases: presetPhases(preset),
    obligations: owed(preset, participants).map(({ o, ownerIds }): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds };
      return o.recurrence
        ? { ...base, recurrence: { daysOfMonth: o.recurrence.daysOfMonth, until: endOf(o.recurrence.untilDate), time: o.recurrence.time } }
        : { ...base, dueAt: endOf(o.dueDate!) };
    }),
  };
}

/** Every local date of the preset mapped to startAt + (days since its first day) × dayLength. */
function compressedPlan(preset: CampaignPreset, startAt: string, dayLength: string, participants: ResolvedParticipants): CampaignPlan {
  const start = Date.parse(startAt);
  const dayMs = shiftByDuration(0, dayLength);
  if (dayMs <= 0) throw badRequest('dayLength must be positive', [{ field: 'body.preset.dayLength', reason: 'must be positive' }]);
  const at = (iso: string) => {
    // An instant of the preset's calendar, as a fraction of days since its first day.
    const days = (Date.parse(iso) - Date.parse(localInstant(preset.startDate))) / (24 * 3600 * 1000);
    return new Date(start + Math.round(days * dayMs)).toISOString();
  };
  const endOf = (date: string) => at(localInstant(addDays(date, 1)));
  return {
    phases: presetPhases(preset, at),
    obligations: owed(preset, participants).map(({ o, ownerIds }): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds };
      if (!o.recurrence) return { ...base, dueAt: endOf(o.dueDate!) };
      const from = localInstant(preset.startDate);
      const until = localInstant(addDays(o.recurrence.untilDate, 1));
      const periods = occurrences({ daysOfMonth: o.recurrence.daysOfMonth, until, time: o.recurrence.time }, from).map((x) => ({ period: x.period, dueAt: at(x.dueAt) }));
      return { ...base, dueAt: undefined, periods };
    }),
  };
}


export interface LaunchPlan {
  presetId?: string;
  plan: CampaignPlan;
  participants: Participants;
}

/**
 * What a launch request amounts to — its plan and participants — checked against the directory:
 * the launch starts it, the preview shows it. Refuses (400, naming the field) an unknown
 * jurisdiction, preset, participant or obligation owner.
 */
export async function planLaunch(db: Database, body: NewCampaignBody, now: number): Promise<LaunchPlan> {
  const jurisdiction = await db.jurisdiction.findUnique({ where: { id: body.jurisdictionId }, select: { id: true } });
  if (!jurisdiction) throw badRequest(`unknown jurisdiction ${body.jurisdictionId}`, [{ field: 'body.jurisdictionId', reason: 'no such jurisdiction' }]);
  let preset: CampaignPreset | undefined;
  let choice: Omit<PresetLaunch, 'preset'> = {};
  if (body.preset !== undefined) {
    choice = typeof body.preset === 'string' ? {} : body.preset;
    const presetId = typeof body.preset === 'string' ? body.preset : body.preset.id;
    preset = CAMPAIGN_PRESETS.find((p) => p.id === presetId);
    if (!preset) throw badRequest(`unknown preset ${presetId}`, [{ field: 'body.preset', reason: `one of ${CAMPAIGN_PRESETS.map((p) => p.id).join(', ')}` }]);
  }
  const participants = await participantsOf(db, body.jurisdictionId, body.participants, preset?.schoolKinds);
  const { departmentIds, schoolIds } = participants;
  if (preset) return { presetId: preset.id, plan: planFromPreset({ ...choice, preset }, participants, now), participants: { departmentIds, schoolIds } };
  const plan = body.plan!;
  const known = new Set(['lead_office', ...departmentIds, ...schoolIds]);
  const details = plan.obligations.flatMap((o, i) =>
    o.ownerIds.filter((x) => !known.has(x)).map((x) => ({ field: `body.plan.obligations.${i}.ownerIds`, reason: `${x} is no participating department, school or lead_office of ${body.jurisdictionId}` })),
  );
  if (details.length) throw badRequest('unknown obligation owners', details);
  return { plan, participants: { departmentIds, schoolIds } };
}

/** The preview of a launch (POST /api/campaigns/preview): the phases, each obligation's due dates, the participants. */
export function launchPreview(body: NewCampaignBody, launch: LaunchPlan, now: number) {
  return {
    name: body.name,
    jurisdictionId: body.jurisdictionId,
    phases: launch.plan.phases.map((p) => ({ key: p.key, startAt: p.startAt, endAt: p.endAt })),
    obligations: launch.plan.obligations.map((o) => ({ key: o.key, title: o.title, ownerIds: o.ownerIds, dueDates: obligationPeriods(o, launch.plan, now).map((x) => x.dueAt) })),
    participants: launch.participants,
  };
}
