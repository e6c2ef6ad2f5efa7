// Routing by task area (交办 to the 牵头单位): which department leads the rectification of a hazard
// of each category, among the campaign's participants (成员单位). One table: a preset's task areas
// (common/campaign-presets.ts — each names its lead departments, quoted from its source, and the
// categories it covers), else, where no area of the campaign covers the category, the default
// table below. The API's 交办 (its default unit and its check of the units named) and the assign
// form (the department it proposes, the participants it offers first) both ask `routeHazard`.
// Pure.
import type { CampaignPreset } from '../../common/campaign';
import type { HazardCategory } from '../../common/hazard';

/** The lead department kinds of each category when no task area of the campaign names one. */
export const DEFAULT_CATEGORY_LEADS: Record<HazardCategory, string[]> = {
  food_safety: ['market_supervision'],
  traffic_order: ['traffic_police'],
  cultural_market: ['culture_tourism'],
  public_order: ['public_security'],
  school_bus: ['traffic_police', 'transport'],
  fire: ['fire'],
  buildings_disaster: ['housing_construction', 'emergency_management'],
  drowning: ['education_bureau', 'emergency_management'],
  bullying_violence: ['public_security', 'education_bureau'],
  mental_health: ['education_bureau', 'health'],
  internal_security: ['education_bureau', 'public_security'],
  surroundings: ['urban_management', 'public_security'],
  other: ['education_bureau'],
};

type TaskAreas = Pick<CampaignPreset, 'taskAreas'> | undefined;

/** The task area of a preset that covers a category, if one does. */
export function taskAreaOf(preset: TaskAreas, category: HazardCategory): CampaignPreset['taskAreas'][number] | undefined {
  return preset?.taskAreas.find((a) => a.categories?.includes(category));
}

/** The lead department kinds for a category, in order: the preset's task area's, else the default. */
export function leadKindsOf(preset: TaskAreas, category: HazardCategory): string[] {
  return taskAreaOf(preset, category)?.leadKinds ?? DEFAULT_CATEGORY_LEADS[category];
}

/** A department that may be assigned: its id and kind (Department.kind). */
export interface Assignable {
  id: string;
  kind: string;
}

/** Where a hazard goes at 交办. */
export interface HazardRouting {
  /** The task area of the campaign's preset that covers the category (absent: the default table's)... */
  area?: string;
  /** ...and its source's words. */
  areaQuote?: string;
  /** Its lead department kinds, in order. */
  leadKinds: string[];
  /** The department proposed as the lead unit (牵头单位): the first participant of the first lead kind. */
  suggestedDepartmentId?: string;
  /**
   * The departments a hazard may be assigned to (lead unit or 配合单位): the campaign's participants
   * (the jurisdiction's departments for a hazard of no campaign), those of the area's lead kinds
   * first, in the area's order.
   */
  departmentIds: string[];
}

/** A task area of a campaign: the preset's area, its source's words, the categories it covers and the member departments that lead it. */
export interface ParticipantTaskArea {
  area: string;
  quote?: string;
  categories: HazardCategory[];
  /** The participants of the area's lead kinds, in the area's order (none: no participant leads it). */
  departmentIds: string[];
}

/** Each task area of the preset with the campaign's member departments that lead it: who among the participants carries which area. */
export function participantTaskAreas(preset: TaskAreas, participants: readonly Assignable[]): ParticipantTaskArea[] {
  return (preset?.taskAreas ?? []).map((a) => ({
    area: a.area,
    ...(a.quote ? { quote: a.quote } : {}),
    categories: a.categories ?? [],
    departmentIds: a.leadKinds.flatMap((k) =>
      participants
        .filter((d) => d.kind === k)
        .map((d) => d.id)
        .sort(),
    ),
  }));
}

/** The routing of a hazard of `category` among `participants` (the campaign's member departments). */
export function routeHazard(preset: TaskAreas, category: HazardCategory, participants: readonly Assignable[]): HazardRouting {
  const area = taskAreaOf(preset, category);
  const leadKinds = leadKindsOf(preset, category);
  const rank = (d: Assignable) => (leadKinds.includes(d.kind) ? leadKinds.indexOf(d.kind) : leadKinds.length);
  const ordered = [...participants].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const suggested = ordered.find((d) => leadKinds.includes(d.kind));
  return {
    ...(area ? { area: area.area } : {}),
    ...(area?.quote ? { areaQuote: area.quote } : {}),
    leadKinds,
    ...(suggested ? { suggestedDepartmentId: suggested.id } : {}),
    departmentIds: ordered.map((d) => d.id),
  };
}

/** Why a 交办's units are refused: the field (as the API's 400 names it) and the reason. */
export interface AssignmentProblem {
  field: string;
  reason: string;
  message: string;
}

/**
 * The units of a 交办 checked against the routing: the lead unit (the one named, else the one
 * proposed) and each 配合单位 must take part in the campaign, and the lead unit is not also a
 * co-operating one. Answers the units, or the problem (the API's 400 names its field).
 */
export function routedAssignment(
  routing: HazardRouting,
  command: { departmentId?: string; cooperatingDepartmentIds?: string[] },
  category: string,
): { departmentId: string; cooperatingDepartmentIds?: string[] } | { problem: AssignmentProblem } {
  const departmentId = command.departmentId ?? routing.suggestedDepartmentId;
  const notMember = (id: string, field: string) => ({
    problem: { field, reason: 'not a member department (成员单位) of the campaign', message: `department ${id} does not take part in the hazard's campaign` },
  });
  if (!departmentId)
    return {
      problem: {
        field: 'body.departmentId',
        reason: 'required: no participant leads the category',
        message: `no participant of the campaign leads category ${category} (lead kinds: ${routing.leadKinds.join(', ')}): give departmentId`,
      },
    };
  if (!routing.departmentIds.includes(departmentId)) return notMember(departmentId, 'body.departmentId');
  const cooperating = command.cooperatingDepartmentIds ?? [];
  for (const [i, id] of cooperating.entries()) {
    const field = `body.cooperatingDepartmentIds.${i}`;
    if (id === departmentId) return { problem: { field, reason: 'the lead unit (牵头单位)', message: `department ${id} is the lead unit, not also a co-operating unit` } };
    if (!routing.departmentIds.includes(id)) return notMember(id, field);
  }
  return { departmentId, ...(cooperating.length ? { cooperatingDepartmentIds: cooperating } : {}) };
}
