// The request bodies of a campaign's actions (报送, 摸排): the API parses with them, the OpenAPI
// document is generated from them, the web app's forms check with them.
import { z } from 'zod';
import { id, plain, text } from '../../common/schema-primitives';
import { newHazardSchema } from '../hazard/schemas';

/** 报送: a report for an obligation's period (the earliest not yet submitted when none is named); the office may submit for an owner. */
export const reportSchema = z.object({ obligationKey: plain(64).min(1), period: plain(20).min(1).optional(), note: text(5000), ownerId: id.optional() }).strict();

/** 摸排: a school's self-inspection with its hazards. */
export const selfInspectionSchema = z
  .object({
    schoolId: id,
    hazards: z.array(newHazardSchema.omit({ campaignId: true }).extend({ schoolId: id.optional() })).max(500),
  })
  .strict();
