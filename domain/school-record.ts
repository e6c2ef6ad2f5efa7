// 一校一档: what the sources measure of each school, beside its directory entry — its 乡镇(街道), its
// 学段 (the directory's kind), 在校生数 and 寄宿生数, 专职保安员, and whether it has set up a 护学岗, a
// 校园警务室, a 一键式紧急报警 and 视频监控 linked to the police (联网), and 封闭化管理. Who may edit it,
// its fields with their Chinese names and bounds: written once here, for the API, the roster import,
// the web form and the docs.
import { z } from 'zod';
import type { Actor } from '../common/hazard';
import { line } from '../common/schema-primitives';

/** The record's facts, with the names the sources and the roster's columns use. */
export const SCHOOL_RECORD_LABELS = {
  township: '乡镇（街道）',
  enrolment: '在校生数',
  boarders: '寄宿生数',
  securityGuards: '专职保安员数',
  guardPost: '护学岗',
  policeRoom: '校园警务室',
  alarmLinked: '一键式紧急报警联网',
  cctvLinked: '视频监控联网',
  closedManagement: '封闭化管理',
} as const;
export type SchoolRecordField = keyof typeof SCHOOL_RECORD_LABELS;
export const SCHOOL_RECORD_FIELDS = Object.keys(SCHOOL_RECORD_LABELS) as SchoolRecordField[];

/** The yes/no facts (设置/建成/联网/实行). */
export const SCHOOL_RECORD_FLAGS = ['guardPost', 'policeRoom', 'alarmLinked', 'cctvLinked', 'closedManagement'] as const;
export type SchoolRecordFlag = (typeof SCHOOL_RECORD_FLAGS)[number];

/** A school's record; null where it has not been filled in (未填报). */
export interface SchoolRecord {
  township: string | null;
  enrolment: number | null;
  boarders: number | null;
  securityGuards: number | null;
  guardPost: boolean | null;
  policeRoom: boolean | null;
  alarmLinked: boolean | null;
  cctvLinked: boolean | null;
  closedManagement: boolean | null;
}

const count = (max: number) => z.number().int('must be a whole number').min(0, 'must not be negative').max(max, `must be at most ${max}`).nullable();

/** An edit of the record: any of its fields, each may be cleared (null); bounds as a real school has them. */
export const schoolRecordSchema = z
  .object({
    township: line(40).nullable(),
    enrolment: count(20000),
    boarders: count(20000),
    securityGuards: count(200),
    guardPost: z.boolean().nullable(),
    policeRoom: z.boolean().nullable(),
    alarmLinked: z.boolean().nullable(),
    cctvLinked: z.boolean().nullable(),
    closedManagement: z.boolean().nullable(),
  })
  .partial()
  .strict()
  .refine((r) => r.boarders == null || r.enrolment == null || r.boarders <= r.enrolment, { message: 'must not exceed 在校生数 (enrolment)', path: ['boarders'] });
export type SchoolRecordEdit = z.infer<typeof schoolRecordSchema>;

/** Who may edit a school's record: the school its own, the bureau (教育局) and the lead office any school's. */
export function maySchoolRecordBeEditedBy(actor: Actor, schoolId: string): boolean {
  if (actor.role === 'school') return actor.unitId === schoolId;
  return actor.role === 'bureau' || actor.role === 'lead';
}

/** Who may import a roster (many schools' records at once): the bureau and the lead office. */
export const mayImportRoster = (actor: Actor): boolean => actor.role === 'bureau' || actor.role === 'lead';

/** The record as stored with a school (null columns where nothing was filled in). */
export const schoolRecordOf = (s: Partial<Record<SchoolRecordField, unknown>>): SchoolRecord =>
  Object.fromEntries(SCHOOL_RECORD_FIELDS.map((f) => [f, (s[f] ?? null) as unknown])) as unknown as SchoolRecord;
