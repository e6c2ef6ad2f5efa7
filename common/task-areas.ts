// Routing by category (牵头单位): which kind of department leads the rectification of a hazard of
// each category. A campaign launched from a preset routes by the preset's task areas (each names
// its lead departments and the categories it covers); otherwise, or where no area covers the
// category, by this default table. Pure.
import type { CampaignPreset } from './campaign';
import type { HazardCategory } from './hazard';

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

/** The task area of a preset that covers a category, if one does. */
export function taskAreaOf(preset: Pick<CampaignPreset, 'taskAreas'> | undefined, category: HazardCategory): CampaignPreset['taskAreas'][number] | undefined {
  return preset?.taskAreas.find((a) => a.categories?.includes(category));
}

/** The lead department kinds for a category, in order: the preset's task area's, else the default. */
export function leadKindsOf(preset: Pick<CampaignPreset, 'taskAreas'> | undefined, category: HazardCategory): string[] {
  return taskAreaOf(preset, category)?.leadKinds ?? DEFAULT_CATEGORY_LEADS[category];
}
