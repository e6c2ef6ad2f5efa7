// Turns a launch request into the campaign's plan: an explicit plan as given, or a preset of
// the source documents with its dates moved to a new start (or mapped onto a compressed
// timeline for a demo), its owners resolved against the directory.
import type { Database } from '../common/database';
import type { CampaignPlan, CampaignPreset, ObligationPlan, PhasePlan, PresetOwner } from '../common/campaign';
import { addDays, localDate, localInstant, occurrences, shiftPreset } from '../common/campaign-calendar';
import { shiftByDuration } from '../common/iso-duration';
import { badRequest } from './errors';

export interface Participants {
  departmentIds: string[];
  schoolIds: string[];
}

/** Who takes part (the participants contract): absent, every school and member department of the jurisdiction. */
export interface ParticipantsChoice {
  schools?: { all: true } | { kinds: string[] } | { ids: string[] };
  departmentIds?: string[];
}

/**
 * The campaign's participants, resolved against the directory at launch (sorted): the chosen
 * schools and departments of the jurisdiction. An id that is not one of its units is a 400 naming the field.
 */
export async function participantsOf(db: Database, jurisdictionId: string, choice: ParticipantsChoice = {}): Promise<Participants & { departmentKinds: Map<string, string[]> }> {
  const [allDepartments, allSchools] = await Promise.all([
    db.department.findMany({ where: { jurisdictionId }, select: { id: true, kind: true }, orderBy: { id: 'asc' } }),
    db.school.findMany({ where: { jurisdictionId }, select: { id: true, kind: true }, orderBy: { id: 'asc' } }),
  ]);
  const unknown = (field: string, ids: string[], known: { id: string }[]) => {
    const have = new Set(known.map((u) => u.id));
    const details = ids.filter((x) => !have.has(x)).map((x) => ({ field, reason: `${x} is not of jurisdiction ${jurisdictionId}` }));
    if (details.length) throw badRequest('unknown participants', details);
  };
  const s = choice.schools;
  if (s && 'ids' in s) unknown('body.participants.schools.ids', s.ids, allSchools);
  if (choice.departmentIds) unknown('body.participants.departmentIds', choice.departmentIds, allDepartments);
  const schools = !s || 'all' in s ? allSchools : 'kinds' in s ? allSchools.filter((x) => s.kinds.includes(x.kind)) : allSchools.filter((x) => s.ids.includes(x.id));
  const departments = choice.departmentIds ? allDepartments.filter((d) => choice.departmentIds!.includes(d.id)) : allDepartments;
  if (!schools.length) throw badRequest('no school takes part', [{ field: 'body.participants.schools', reason: 'selects no school of the jurisdiction' }]);
  const departmentKinds = new Map<string, string[]>();
  for (const d of departments) departmentKinds.set(d.kind, [...(departmentKinds.get(d.kind) ?? []), d.id]);
  return { departmentIds: departments.map((d) => d.id), schoolIds: schools.map((x) => x.id), departmentKinds };
}

function resolveOwners(owners: PresetOwner[], p: Awaited<ReturnType<typeof participantsOf>>): string[] {
  const ids = owners.flatMap((o) => {
    if (o === 'lead_office') return ['lead_office'];
    if (o === 'all_departments') return p.departmentIds;
    if (o === 'all_schools') return p.schoolIds;
    return p.departmentKinds.get(o.slice('kind:'.length)) ?? [];
  });
  return [...new Set(ids.length ? ids : ['lead_office'])];
}

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
  return preset.phases.map((ph) => ({ key: ph.key, startAt: at(localInstant(ph.startDate)), endAt: at(localInstant(addDays(ph.endDate, 1))), asks: ph.asks }));
}

/** The plan of a preset, launched on new dates; `now` bounds recurring reports to the future. */
export function planFromPreset(launch: PresetLaunch, participants: Awaited<ReturnType<typeof participantsOf>>, now: number): CampaignPlan {
  if (launch.startAt && launch.dayLength) return compressedPlan(launch.preset, launch.startAt, launch.dayLength, participants);
  const preset = shiftPreset(launch.preset, launch.startDate ?? localDate(now));
  // Local dates are inclusive: a phase or deadline ends when its last day does.
  const endOf = (date: string) => localInstant(addDays(date, 1));
  return {
    phases: presetPhases(preset),
    obligations: preset.obligations.map((o): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds: resolveOwners(o.owners, participants) };
      return o.recurrence
        ? { ...base, recurrence: { daysOfMonth: o.recurrence.daysOfMonth, until: endOf(o.recurrence.untilDate), time: o.recurrence.time } }
        : { ...base, dueAt: endOf(o.dueDate!) };
    }),
  };
}

/** Every local date of the preset mapped to startAt + (days since its first day) × dayLength. */
function compressedPlan(preset: CampaignPreset, startAt: string, dayLength: string, participants: Awaited<ReturnType<typeof participantsOf>>): CampaignPlan {
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
    obligations: preset.obligations.map((o): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds: resolveOwners(o.owners, participants) };
      if (!o.recurrence) return { ...base, dueAt: endOf(o.dueDate!) };
      const from = localInstant(preset.startDate);
      const until = localInstant(addDays(o.recurrence.untilDate, 1));
      const periods = occurrences({ daysOfMonth: o.recurrence.daysOfMonth, until, time: o.recurrence.time }, from).map((x) => ({ period: x.period, dueAt: at(x.dueAt) }));
      return { ...base, dueAt: undefined, periods };
    }),
  };
}

