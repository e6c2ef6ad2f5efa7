// 一校一档: what the sources measure of each school, beside its directory entry — its 乡镇(街道), its
// 学段 (the directory's kind), 在校生数 and 寄宿生数, 专职保安员, and whether it has set up a 护学岗, a
// 校园警务室, a 一键式紧急报警 and 视频监控 linked to the police (联网), and 封闭化管理. Who may edit it,
// its fields with their Chinese names and bounds: written once here, for the API, the roster import,
// the web form and the docs.
import { z } from 'zod';
import type { Actor } from '../common/hazard';
import { line } from '../common/schema-primitives';

/** What a fact of the record is: a name (乡镇), a count (its upper bound), or yes/no (with the words for each). */
export type SchoolRecordFact =
  | { label: string; kind: 'text'; maxLength: number }
  | { label: string; kind: 'count'; max: number; unit: string }
  | { label: string; kind: 'flag'; yes: string; no: string; met: string; short: string };

/**
 * The record's facts, with the names the sources and the roster's columns use, what each is and its
 * bounds (as a real school has them): the API's schema, the roster, the web form and its template
 * read them from here. A yes/no fact has its words for a cell (yes, no) and, as a target's rule and a
 * school short of it read (domain/campaign/targets.ts), for the fact met and not met.
 */
export const SCHOOL_RECORD_FACTS = {
  township: { label: '乡镇（街道）', kind: 'text', maxLength: 40 },
  enrolment: { label: '在校生数', kind: 'count', max: 20000, unit: '人' },
  boarders: { label: '寄宿生数', kind: 'count', max: 20000, unit: '人' },
  securityGuards: { label: '专职保安员数', kind: 'count', max: 200, unit: '名' },
  guardPost: { label: '护学岗', kind: 'flag', yes: '已设置', no: '未设置', met: '已设置“护学岗”', short: '未设置“护学岗”' },
  policeRoom: { label: '校园警务室', kind: 'flag', yes: '已建成', no: '未建成', met: '已建成校园警务室', short: '未建校园警务室' },
  alarmLinked: { label: '一键式紧急报警联网', kind: 'flag', yes: '已联网', no: '未联网', met: '一键式紧急报警已联网', short: '一键式紧急报警未联网' },
  cctvLinked: { label: '视频监控联网', kind: 'flag', yes: '已联网', no: '未联网', met: '视频监控已联网', short: '视频监控未联网' },
  closedManagement: { label: '封闭化管理', kind: 'flag', yes: '已实行', no: '未实行', met: '已实行封闭化管理', short: '未实行封闭化管理' },
} as const satisfies Record<string, SchoolRecordFact>;
export type SchoolRecordField = keyof typeof SCHOOL_RECORD_FACTS;
export const SCHOOL_RECORD_FIELDS = Object.keys(SCHOOL_RECORD_FACTS) as SchoolRecordField[];
/** Each fact's Chinese name. */
export const SCHOOL_RECORD_LABELS = Object.fromEntries(SCHOOL_RECORD_FIELDS.map((f) => [f, SCHOOL_RECORD_FACTS[f].label])) as Record<SchoolRecordField, string>;

/** The yes/no facts (设置/建成/联网/实行). */
export type SchoolRecordFlag = { [K in SchoolRecordField]: (typeof SCHOOL_RECORD_FACTS)[K] extends { kind: 'flag' } ? K : never }[SchoolRecordField];
export const SCHOOL_RECORD_FLAGS = SCHOOL_RECORD_FIELDS.filter((f) => SCHOOL_RECORD_FACTS[f].kind === 'flag') as [SchoolRecordFlag, ...SchoolRecordFlag[]];

/**
 * The roster's (名册) columns, in the order its template has them: 学校编号 (required), 学校名称 (read
 * past), 学段, and the record's facts by their names. The parser (api/school-roster.ts), the
 * template and the web's import page read them from here.
 */
export const ROSTER_HEADERS = ['学校编号', '学校名称', '学段', ...SCHOOL_RECORD_FIELDS.map((f) => SCHOOL_RECORD_LABELS[f])] as const;

/** What a fact holds: a name, a count, yes/no. */
type FactValue<F> = F extends { kind: 'text' } ? string : F extends { kind: 'count' } ? number : boolean;
/** A school's record; null where it has not been filled in (未填报). */
export type SchoolRecord = { [K in SchoolRecordField]: FactValue<(typeof SCHOOL_RECORD_FACTS)[K]> | null };

/**
 * The record's one rule across its facts: 寄宿生数 is at most 在校生数 (nothing to check while either
 * is 未填报). An edit (schoolRecordSchema), the record it makes with what is stored (PUT
 * /api/schools/:id/record) and each roster row with its school's record (名册导入) are held to it.
 */
export const boardersExceedEnrolment = (r: { boarders?: number | null; enrolment?: number | null }): boolean =>
  r.boarders !== null && r.boarders !== undefined && r.enrolment !== null && r.enrolment !== undefined && r.boarders > r.enrolment;
/** The API's reason when they do (the field: boarders). */
export const BOARDERS_EXCEED_ENROLMENT = 'must not exceed 在校生数 (enrolment)';

const count = (max: number) => z.number().int('must be a whole number').min(0, 'must not be negative').max(max, `must be at most ${max}`).nullable();

/** An edit of the record: any of its fields, each may be cleared (null); bounds as a real school has them. */
export const schoolRecordSchema = z
  .object({
    township: line(SCHOOL_RECORD_FACTS.township.maxLength).nullable(),
    enrolment: count(SCHOOL_RECORD_FACTS.enrolment.max),
    boarders: count(SCHOOL_RECORD_FACTS.boarders.max),
    securityGuards: count(SCHOOL_RECORD_FACTS.securityGuards.max),
    guardPost: z.boolean().nullable(),
    policeRoom: z.boolean().nullable(),
    alarmLinked: z.boolean().nullable(),
    cctvLinked: z.boolean().nullable(),
    closedManagement: z.boolean().nullable(),
  })
  .partial()
  .strict()
  .refine((r) => !boardersExceedEnrolment(r), { message: BOARDERS_EXCEED_ENROLMENT, path: ['boarders'] });
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

/** A fact as people read it: 城关镇, 820人, 已设置 / 未设置, or 未填报. */
export function schoolRecordText(field: SchoolRecordField, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '未填报';
  const fact: SchoolRecordFact = SCHOOL_RECORD_FACTS[field];
  if (fact.kind === 'flag') return value ? fact.yes : fact.no;
  if (fact.kind === 'count') return `${value}${fact.unit}`;
  return String(value);
}
