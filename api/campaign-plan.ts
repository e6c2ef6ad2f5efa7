// Turns a launch request into the campaign's plan: an explicit plan as given, or a preset of
// the source documents with its dates moved to a new start (or mapped onto a compressed
// timeline for a demo), its owners resolved against the directory.
import type { Database } from '../common/database';
import type { CampaignPlan, CampaignPreset, DeadlineReading, ObligationPlan, PhasePlan, PresetOwner } from '../common/campaign';
import { addDays, beforeDay, beforeDayTime, localDate, localInstant, occurrences, shiftPreset } from '../common/campaign-calendar';
import { DEFAULT_TIME_ZONE } from '../common/time';
import { shiftByDuration } from '../common/iso-duration';
import { badRequest } from './errors';

export interface Participants {
  departmentIds: string[];
  schoolIds: string[];
}

export async function participantsOf(db: Database, jurisdictionId: string): Promise<Participants & { departmentKinds: Map<string, string[]> }> {
  const [departments, schools] = await Promise.all([
    db.department.findMany({ where: { jurisdictionId }, select: { id: true, kind: true }, orderBy: { id: 'asc' } }),
    db.school.findMany({ where: { jurisdictionId }, select: { id: true }, orderBy: { id: 'asc' } }),
  ]);
  const departmentKinds = new Map<string, string[]>();
  for (const d of departments) departmentKinds.set(d.kind, [...(departmentKinds.get(d.kind) ?? []), d.id]);
  return { departmentIds: departments.map((d) => d.id), schoolIds: schools.map((s) => s.id), departmentKinds };
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
  return preset.phases.map((ph) => ({ key: ph.key, startAt: at(localInstant(ph.startDate, '00:00', cal.timeZone)), endAt: at(dueOf(ph.endDate, ph.endsBefore, cal)), asks: ph.asks }));
}

/** The plan of a preset, launched on new dates; `now` bounds recurring reports to the future. */
export function planFromPreset(launch: PresetLaunch, participants: Awaited<ReturnType<typeof participantsOf>>, now: number): CampaignPlan {
  const cal: PresetCalendar = { timeZone: launch.timeZone ?? DEFAULT_TIME_ZONE, reading: launch.reading ?? 'inclusive' };
  if (launch.startAt && launch.dayLength) return compressedPlan(launch.preset, launch.startAt, launch.dayLength, participants, cal);
  const preset = shiftPreset(launch.preset, launch.startDate ?? localDate(now, cal.timeZone));
  // Local dates are inclusive: a phase or deadline ends when its last day does.
  return {
    phases: presetPhases(preset, cal),
    obligations: preset.obligations.map((o): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds: resolveOwners(o.owners, participants) };
      return o.recurrence
        ? { ...base, recurrence: { daysOfMonth: o.recurrence.daysOfMonth, until: endOfDay(o.recurrence.untilDate, cal), time: recurrenceTime(o, cal) } }
        : { ...base, dueAt: dueOf(o.dueDate!, o.before, cal) };
    }),
  };
}

/** Every local date of the preset mapped to startAt + (days since its first day) × dayLength. */
function compressedPlan(preset: CampaignPreset, startAt: string, dayLength: string, participants: Awaited<ReturnType<typeof participantsOf>>, cal: PresetCalendar): CampaignPlan {
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
    obligations: preset.obligations.map((o): ObligationPlan => {
      const base = { key: o.key, title: o.title, ownerIds: resolveOwners(o.owners, participants) };
      if (!o.recurrence) return { ...base, dueAt: at(dueOf(o.dueDate!, o.before, cal)) };
      const from = localInstant(preset.startDate, '00:00', cal.timeZone);
      const until = endOfDay(o.recurrence.untilDate, cal);
      const periods = occurrences({ daysOfMonth: o.recurrence.daysOfMonth, until, time: recurrenceTime(o, cal) }, from, cal.timeZone).map((x) => ({ period: x.period, dueAt: at(x.dueAt) }));
      return { ...base, dueAt: undefined, periods };
    }),
  };
}

