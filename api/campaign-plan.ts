// Turns a launch request into the campaign's plan: an explicit plan as given, or a preset of
// the source documents with its dates moved to a new start (or mapped onto a compressed
// timeline for a demo), its owners resolved against the directory.
import { participantTaskAreas, type ParticipantTaskArea } from '../domain/hazard/routing';
import type { Database } from '../common/database';
import type { CampaignPlan, CampaignPreset, DeadlineReading, ObligationPlan, ParticipantsChoice, PhasePlan, PresetOwner, ReportAddressee, SchoolKind } from '../common/campaign';
import { addDays, beforeDay, beforeDayTime, localDate, localInstant, obligationPeriods, occurrences, shiftPreset } from '../common/campaign-calendar';
import { shiftByDuration } from '../common/iso-duration';
import { CAMPAIGN_PRESETS } from '../common/campaign-presets';
import { DEFAULT_TIME_ZONE, formatDeadline } from '../common/time';
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
    throw badRequest(`no school of ${jurisdictionId} takes part`, [
      { field: s ? 'body.participants.schools' : 'body.preset', reason: `selects no school${kinds ? ` (kinds: ${kinds.join(', ')})` : ''}` },
    ]);
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

/** The lead office as a report's addressee: a source that names none, or a body outside the directory. */
export const LEAD_OFFICE_ADDRESSEE: ReportAddressee = { name: '领导小组办公室', unitIds: ['lead_office'] };

/** Whom a preset's report is handed to: the source's name, its units among the participants (none of them: the lead office). */
function resolveAddressee(to: CampaignPreset['obligations'][number]['to'], p: ResolvedParticipants): ReportAddressee {
  if (!to) return LEAD_OFFICE_ADDRESSEE;
  const ids = to.units.flatMap((u) => (u === 'lead_office' ? ['lead_office'] : u.startsWith('kind:') ? (p.departmentKinds.get(u.slice('kind:'.length)) ?? []) : []));
  return { name: to.name, unitIds: ids.length ? [...new Set(ids)] : ['lead_office'] };
}

/** The preset's obligations that some participant owes, with their owners and addressee. */
const owed = (preset: CampaignPreset, participants: ResolvedParticipants) =>
  preset.obligations.map((o) => ({ o, ownerIds: resolveOwners(o.owners, participants), addressee: resolveAddressee(o.to, participants) })).filter((x) => x.ownerIds.length > 0);

export interface PresetLaunch {
  preset: CampaignPreset;
  /** Move every date so the campaign starts on this local date. */
  startDate?: string;
  /** Or: a compressed timeline starting at this instant, each day of the plan lasting dayLength. */
  startAt?: string;
  dayLength?: string;
  /** The campaign's time zone (default Asia/Shanghai) and its reading of "N日前" (default inclusive). */
  timeZone?: string;
  reading?: DeadlineReading;
}

/** How a preset's local dates become instants: in the campaign's zone, "N日前" as it reads it. */
interface PresetCalendar {
  timeZone: string;
  reading: DeadlineReading;
}

/** The end of a day (its last instant's successor, 00:00 of the next) in the zone. */
const endOfDay = (date: string, cal: PresetCalendar) => localInstant(addDays(date, 1), '00:00', cal.timeZone);
/** When a preset's dated limit falls due: the end of its day, or "N日前" as the campaign reads it. */
const dueOf = (date: string, before: boolean | undefined, cal: PresetCalendar) => (before ? beforeDay(date, cal.reading, cal.timeZone) : endOfDay(date, cal));
/** The time of day a preset's recurring report falls due: the source's, or "N日前" as the campaign reads it. */
const recurrenceTime = (o: CampaignPreset['obligations'][number], cal: PresetCalendar) => o.recurrence?.time ?? (o.before ? beforeDayTime(cal.reading) : '24:00');

/**
 * The preset's phases, each local date mapped to an instant by `at` (by default the calendar
 * itself). Local dates are inclusive: a phase ends when its last day does.
 */
function presetPhases(preset: CampaignPreset, cal: PresetCalendar, at: (instant: string) => string = (instant) => instant): PhasePlan[] {
  return preset.phases.map((ph) => ({
    key: ph.key,
    startAt: at(localInstant(ph.startDate, '00:00', cal.timeZone)),
    endAt: at(dueOf(ph.endDate, ph.endsBefore, cal)),
    asks: ph.asks,
    // A preset's closing is its source's, always explicit ('none' where the source names none).
    closing: ph.closing,
  }));
}

/**
 * The phases' texts with each "{due:<key>}" replaced by that obligation's deadline as people write
 * it ("2023年5月15日24时前"), so a moved preset says its own dates.
 */
function withDeadlines(plan: CampaignPlan, cal: PresetCalendar): CampaignPlan {
  const due = (key: string) => plan.obligations.find((o) => o.key === key)?.dueAt;
  return {
    ...plan,
    phases: plan.phases.map((ph) =>
      ph.asks ? { ...ph, asks: ph.asks.replace(/\{due:([a-z0-9_]+)\}/g, (m, key: string) => (due(key) ? `${formatDeadline(due(key), cal.timeZone)}前` : '按规定时限')) } : ph,
    ),
  };
}

/** The plan of a preset, launched on new dates; `now` bounds recurring reports to the future. */
export function planFromPreset(launch: PresetLaunch, participants: ResolvedParticipants, now: number): CampaignPlan {
  const cal: PresetCalendar = { timeZone: launch.timeZone ?? DEFAULT_TIME_ZONE, reading: launch.reading ?? 'inclusive' };
  return withDeadlines(planOfPreset(launch, participants, now, cal), cal);
}

function planOfPreset(launch: PresetLaunch, participants: ResolvedParticipants, now: number, cal: PresetCalendar): CampaignPlan {
  if (launch.startAt && launch.dayLength) return compressedPlan(launch.preset, launch.startAt, launch.dayLength, participants, cal);
  const preset = shiftPreset(launch.preset, launch.startDate ?? localDate(now, cal.timeZone));
  // Local dates are inclusive: a phase or deadline ends when its last day does.
  return {
    phases: presetPhases(preset, cal),
    obligations: owed(preset, participants).map(({ o, ownerIds, addressee }): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds, addressee };
      return o.recurrence
        ? { ...base, recurrence: { daysOfMonth: o.recurrence.daysOfMonth, until: endOfDay(o.recurrence.untilDate, cal), time: recurrenceTime(o, cal) } }
        : { ...base, dueAt: dueOf(o.dueDate!, o.before, cal) };
    }),
  };
}

/** Every local date of the preset mapped to startAt + (days since its first day) × dayLength. */
function compressedPlan(preset: CampaignPreset, startAt: string, dayLength: string, participants: ResolvedParticipants, cal: PresetCalendar): CampaignPlan {
  const start = Date.parse(startAt);
  const dayMs = shiftByDuration(0, dayLength);
  if (dayMs <= 0) throw badRequest('dayLength must be positive', [{ field: 'body.preset.dayLength', reason: 'must be positive' }]);
  const at = (iso: string) => {
    // An instant of the preset's calendar, as a fraction of days since its first day.
    const days = (Date.parse(iso) - Date.parse(localInstant(preset.startDate, '00:00', cal.timeZone))) / (24 * 3600 * 1000);
    return new Date(start + Math.round(days * dayMs)).toISOString();
  };
  return {
    phases: presetPhases(preset, cal, at),
    obligations: owed(preset, participants).map(({ o, ownerIds, addressee }): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds, addressee };
      if (!o.recurrence) return { ...base, dueAt: at(dueOf(o.dueDate!, o.before, cal)) };
      const from = localInstant(preset.startDate, '00:00', cal.timeZone);
      const until = endOfDay(o.recurrence.untilDate, cal);
      const periods = occurrences({ daysOfMonth: o.recurrence.daysOfMonth, until, time: recurrenceTime(o, cal) }, from, cal.timeZone).map((x) => ({ period: x.period, dueAt: at(x.dueAt) }));
      return { ...base, dueAt: undefined, periods };
    }),
  };
}

export interface LaunchPlan {
  presetId?: string;
  plan: CampaignPlan;
  participants: Participants;
  /** A preset's task areas with the member departments that lead each (routing by task area). */
  taskAreas?: ParticipantTaskArea[];
}

/**
 * What a launch request amounts to — its plan and participants — checked against the directory:
 * the launch starts it, the preview shows it. Refuses (400, naming the field) an unknown
 * jurisdiction, preset, participant or obligation owner.
 */
export async function planLaunch(db: Database, body: NewCampaignBody, now: number, cal: { timeZone: string; reading: DeadlineReading }): Promise<LaunchPlan> {
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
  if (preset)
    return {
      presetId: preset.id,
      plan: planFromPreset({ ...choice, preset, timeZone: cal.timeZone, reading: cal.reading }, participants, now),
      participants: { departmentIds, schoolIds },
      taskAreas: participantTaskAreas(
        preset,
        [...participants.departmentKinds].flatMap(([kind, ids]) => ids.map((id) => ({ id, kind }))),
      ),
    };
  const plan = body.plan!;
  const known = new Set(['lead_office', ...departmentIds, ...schoolIds]);
  const details = plan.obligations.flatMap((o, i) => [
    ...o.ownerIds
      .filter((x) => !known.has(x))
      .map((x) => ({ field: `body.plan.obligations.${i}.ownerIds`, reason: `${x} is no participating department, school or lead_office of ${body.jurisdictionId}` })),
    ...(o.addressee?.unitIds ?? [])
      .filter((x) => !known.has(x))
      .map((x) => ({ field: `body.plan.obligations.${i}.addressee.unitIds`, reason: `${x} is no participating department, school or lead_office of ${body.jurisdictionId}` })),
  ]);
  if (details.length) throw badRequest('unknown obligation owners', details);
  // A report names whom it is handed to; a plan that does not says the lead office.
  return { plan: { ...plan, obligations: plan.obligations.map((o) => ({ ...o, addressee: o.addressee ?? LEAD_OFFICE_ADDRESSEE })) }, participants: { departmentIds, schoolIds } };
}

/** The preview of a launch (POST /api/campaigns/preview): the phases, each obligation's due dates, the participants. */
export function launchPreview(body: NewCampaignBody, launch: LaunchPlan, now: number, cal: { timeZone: string; reading: DeadlineReading }) {
  return {
    name: body.name,
    jurisdictionId: body.jurisdictionId,
    phases: launch.plan.phases.map((p) => ({ key: p.key, startAt: p.startAt, endAt: p.endAt })),
    obligations: launch.plan.obligations.map((o) => ({
      key: o.key,
      title: o.title,
      ownerIds: o.ownerIds,
      addressee: o.addressee ?? null,
      dueDates: obligationPeriods(o, launch.plan, now, cal.timeZone, cal.reading).map((x) => x.dueAt),
    })),
    participants: launch.participants,
    // Who of the participants carries which task area (a preset's; none for a plan of the lead office's own).
    taskAreas: launch.taskAreas ?? [],
  };
}
