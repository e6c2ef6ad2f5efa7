// A campaign's targets (工作目标), as the plans write them — 建德 "实现“护学岗”设置100%，校园警务室建设100%",
// 黔南 "一键式紧急报警、视频监控系统要与属地公安机关联网……联网率100%", "寄宿制学校至少配备2名专职保安员,
// ……每增加300名寄宿生增配1名保安员" — each a rule over a school's record (一校一档, domain/school-record.ts):
// met, short of it, or not applicable (a day school for a boarders' rule); a school that has not
// filled the fact in is short of it (未填报). The rate is met over applicable. The dashboard, the
// 统计报表 and the docs read them from here; each preset carries its own (PRESET_TARGETS), and the lead
// office may change them at launch.
import { z } from 'zod';
import type { Actor } from '../../common/hazard';
import { line } from '../../common/schema-primitives';
import { hazardScopeOf } from '../scope';
import { SCHOOL_RECORD_FACTS, SCHOOL_RECORD_FLAGS, SCHOOL_RECORD_LABELS, type SchoolRecord, type SchoolRecordFlag } from '../school-record';

/** What a target asks of a school's record. */
export type TargetRule =
  /** Every named fact holds (设置, 建成, 联网, 实行). */
  | { kind: 'facilities'; facilities: SchoolRecordFlag[] }
  /** 寄宿制学校: at least `base` 专职保安员, one more per `perBoarders` 寄宿生 beyond (a day school: not applicable). */
  | { kind: 'boarding_guards'; base: number; perBoarders: number };

export interface CampaignTarget {
  key: string;
  /** The target as people name it: "护学岗设置率". */
  label: string;
  /** The rate to reach, in percent (100: every school). */
  goal: number;
  /** The plan's own words, quoted. */
  source?: string;
  rule: TargetRule;
}

export const targetRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('facilities'), facilities: z.array(z.enum(SCHOOL_RECORD_FLAGS)).min(1).max(SCHOOL_RECORD_FLAGS.length) }).strict(),
  z.object({ kind: z.literal('boarding_guards'), base: z.number().int().min(0).max(50), perBoarders: z.number().int().min(1).max(5000) }).strict(),
]);
export const campaignTargetSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (at most 40)'),
    label: line(60),
    goal: z.number().min(0).max(100),
    source: line(300).optional(),
    rule: targetRuleSchema,
  })
  .strict();
/** A launch's targets: at most 20, each key once. */
export const campaignTargetsSchema = z
  .array(campaignTargetSchema)
  .max(20)
  .refine((ts) => new Set(ts.map((t) => t.key)).size === ts.length, { message: 'each target key at most once' });

/** The presets' targets, quoted from their sources (common/campaign-presets.ts ids). */
export const PRESET_TARGETS: Record<string, CampaignTarget[]> = {
  'jiande-2020': [
    { key: 'guard_post', label: '“护学岗”设置率', goal: 100, source: '实现“护学岗”设置100%，校园警务室建设100%', rule: { kind: 'facilities', facilities: ['guardPost'] } },
    { key: 'police_room', label: '校园警务室建成率', goal: 100, source: '实现“护学岗”设置100%，校园警务室建设100%', rule: { kind: 'facilities', facilities: ['policeRoom'] } },
  ],
  'qiannan-2020': [
    {
      key: 'linked',
      label: '一键式紧急报警、视频监控联网率',
      goal: 100,
      source: '一键式紧急报警、视频监控系统要与属地公安机关联网，2020年底前实现中小学与城镇幼儿园安装联网率100%',
      rule: { kind: 'facilities', facilities: ['alarmLinked', 'cctvLinked'] },
    },
    {
      key: 'boarding_guards',
      label: '寄宿制学校专职保安员配备达标率',
      goal: 100,
      source: '寄宿制学校至少配备2名专职保安员，在上述标准的基础上每增加300名寄宿生增配1名保安员',
      rule: { kind: 'boarding_guards', base: 2, perBoarders: 300 },
    },
    {
      key: 'closed_management',
      label: '封闭化管理达标率',
      goal: 100,
      source: '2020年底前中小学与城市幼儿园封闭化管理达到100%',
      rule: { kind: 'facilities', facilities: ['closedManagement'] },
    },
  ],
};

/** The targets a launch starts with: those it names, else its preset's. */
export const targetsOfLaunch = (presetId: string | null | undefined, named: CampaignTarget[] | undefined): CampaignTarget[] => named ?? (presetId ? (PRESET_TARGETS[presetId] ?? []) : []);

export type TargetVerdict = { state: 'met' } | { state: 'not_applicable' } | { state: 'short'; reason: string };

/** The 专职保安员 a boarding school needs: `base`, one more per full `perBoarders` 寄宿生. */
export const requiredGuards = (boarders: number, rule: { base: number; perBoarders: number }): number => rule.base + Math.floor(boarders / rule.perBoarders);

/** One school against one target. */
export function targetVerdict(rule: TargetRule, r: SchoolRecord): TargetVerdict {
  if (rule.kind === 'facilities') {
    const missing = rule.facilities.filter((f) => r[f] === null);
    if (missing.length) return { state: 'short', reason: `未填报${missing.map((f) => SCHOOL_RECORD_LABELS[f]).join('、')}` };
    const lacking = rule.facilities.filter((f) => r[f] === false);
    return lacking.length ? { state: 'short', reason: lacking.map((f) => SCHOOL_RECORD_FACTS[f].short).join('，') } : { state: 'met' };
  }
  if (r.boarders === null) return { state: 'short', reason: `未填报${SCHOOL_RECORD_LABELS.boarders}` };
  if (r.boarders === 0) return { state: 'not_applicable' };
  const need = requiredGuards(r.boarders, rule);
  if (r.securityGuards === null) return { state: 'short', reason: `未填报${SCHOOL_RECORD_LABELS.securityGuards}（寄宿生${r.boarders}名，应配${need}名）` };
  return r.securityGuards >= need ? { state: 'met' } : { state: 'short', reason: `寄宿生${r.boarders}名，应配专职保安员${need}名，现有${r.securityGuards}名` };
}

/** A target over the schools: how many it applies to, how many meet it, the rate, whether the goal is reached, and the schools short of it. */
export interface TargetProgress {
  key: string;
  label: string;
  goal: number;
  source?: string;
  applicable: number;
  met: number;
  /** met / applicable; null when it applies to none. */
  rate: number | null;
  reached: boolean;
  short: { schoolId: string; name: string; reason: string }[];
}

export function targetProgress(target: CampaignTarget, schools: { id: string; name: string; record: SchoolRecord }[]): TargetProgress {
  const verdicts = schools.map((s) => ({ s, v: targetVerdict(target.rule, s.record) }));
  const applicable = verdicts.filter((x) => x.v.state !== 'not_applicable');
  const met = applicable.filter((x) => x.v.state === 'met').length;
  const rate = applicable.length ? Math.round((met / applicable.length) * 10000) / 10000 : null;
  return {
    key: target.key,
    label: target.label,
    goal: target.goal,
    ...(target.source ? { source: target.source } : {}),
    applicable: applicable.length,
    met,
    rate,
    reached: rate === null || rate * 100 >= target.goal,
    short: applicable.flatMap(({ s, v }) => (v.state === 'short' ? [{ schoolId: s.id, name: s.name, reason: v.reason }] : [])),
  };
}

/** A target's rule as people read it: "已设置“护学岗”，已建成校园警务室"; "寄宿制学校至少配备2名专职保安员，每增加300名寄宿生增配1名". */
export function describeTargetRule(rule: TargetRule): string {
  if (rule.kind === 'facilities') return rule.facilities.map((f) => SCHOOL_RECORD_FACTS[f].met).join('，');
  return `寄宿制学校至少配备${rule.base}名专职保安员，每增加${rule.perBoarders}名寄宿生增配1名（无寄宿生的学校不计）`;
}

/** The kinds of target a launch may name, as the launch form offers them. */
export const TARGET_KIND_LABELS: Record<TargetRule['kind'], string> = {
  facilities: '设施建设（一校一档中的设置、建成、联网、实行）',
  boarding_guards: '寄宿制学校专职保安员配备',
};

/** A target's name from its rule: "护学岗、校园警务室达标率". */
export const targetLabelOf = (rule: TargetRule): string =>
  rule.kind === 'facilities' ? `${rule.facilities.map((f) => SCHOOL_RECORD_LABELS[f]).join('、')}达标率` : '寄宿制学校专职保安员配备达标率';

/** A new target of a kind, its key unused among `taken`: every school, 100%, the first facility or the 黔南 standard. */
export function newTarget(kind: TargetRule['kind'], taken: string[]): CampaignTarget {
  let n = 1;
  while (taken.includes(`target_${n}`)) n += 1;
  const rule: TargetRule = kind === 'facilities' ? { kind, facilities: [SCHOOL_RECORD_FLAGS[0]] } : { kind, base: 2, perBoarders: 300 };
  return { key: `target_${n}`, label: targetLabelOf(rule), goal: 100, rule };
}

/**
 * Whose records a reader's targets cover (the 统计报表's 工作目标): the reader's remit over hazards
 * (domain/scope.ts) — every participating school for the lead office, the bureau and the
 * inspectors, a school its own, the local government the schools of its jurisdiction, a department none.
 */
export function targetSchoolsFor<S extends { id: string; jurisdictionId: string }>(actor: Actor, schools: S[]): S[] {
  const scope = hazardScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return schools;
    case 'school':
      return schools.filter((s) => s.id === scope.schoolId);
    case 'government':
      return schools.filter((s) => s.jurisdictionId === scope.jurisdictionId);
    case 'department':
    case 'none':
      return [];
  }
}
