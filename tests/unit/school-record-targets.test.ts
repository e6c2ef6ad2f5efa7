// 一校一档 and the targets, pure: the facts' table gives the schema's bounds, the roster's columns and
// the words people read; a launch's new targets; whose records a reader's targets cover.
import { campaignTargetsSchema, describeTargetRule, newTarget, PRESET_TARGETS, targetLabelOf, targetSchoolsFor, targetVerdict } from '../../domain/campaign/targets';
import {
  BOARDERS_EXCEED_ENROLMENT,
  boardersExceedEnrolment,
  ROSTER_HEADERS,
  SCHOOL_RECORD_FACTS,
  SCHOOL_RECORD_FLAGS,
  schoolRecordOf,
  schoolRecordSchema,
  schoolRecordText,
} from '../../domain/school-record';

test("the record's facts give the roster's columns, the schema's bounds and the words a page shows", () => {
  expect(ROSTER_HEADERS).toEqual([
    '学校编号',
    '学校名称',
    '学段',
    '乡镇（街道）',
    '在校生数',
    '寄宿生数',
    '专职保安员数',
    '护学岗',
    '校园警务室',
    '一键式紧急报警联网',
    '视频监控联网',
    '封闭化管理',
  ]);
  expect(SCHOOL_RECORD_FLAGS).toEqual(['guardPost', 'policeRoom', 'alarmLinked', 'cctvLinked', 'closedManagement']);
  expect(schoolRecordSchema.safeParse({ securityGuards: SCHOOL_RECORD_FACTS.securityGuards.max }).success).toBe(true);
  expect(schoolRecordSchema.safeParse({ securityGuards: SCHOOL_RECORD_FACTS.securityGuards.max + 1 }).success).toBe(false);
  expect(schoolRecordSchema.safeParse({ township: '镇'.repeat(SCHOOL_RECORD_FACTS.township.maxLength + 1) }).success).toBe(false);
  expect([schoolRecordText('guardPost', true), schoolRecordText('cctvLinked', false), schoolRecordText('boarders', 650), schoolRecordText('township', null)]).toEqual([
    '已设置',
    '未联网',
    '650人',
    '未填报',
  ]);
});

test('寄宿生数 is at most 在校生数: one rule for an edit, the record it makes and a roster row, nothing to check while either is 未填报', () => {
  expect([
    boardersExceedEnrolment({ boarders: 901, enrolment: 900 }),
    boardersExceedEnrolment({ boarders: 900, enrolment: 900 }),
    boardersExceedEnrolment({ boarders: 901, enrolment: null }),
    boardersExceedEnrolment({ boarders: 901 }),
  ]).toEqual([true, false, false, false]);
  const refused = schoolRecordSchema.safeParse({ boarders: 901, enrolment: 900 });
  expect(refused.success ? [] : refused.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['boarders', BOARDERS_EXCEED_ENROLMENT]]);
});

test("a launch's targets: read as people read them, a new one of each kind valid with an unused key", () => {
  expect(PRESET_TARGETS['jiande-2020'].map((t) => describeTargetRule(t.rule))).toEqual(['已设置“护学岗”', '已建成校园警务室']);
  // A facility's words met and short, from the record's facts.
  const facilities = { kind: 'facilities' as const, facilities: ['policeRoom' as const, 'cctvLinked' as const] };
  expect(describeTargetRule(facilities)).toBe('已建成校园警务室，视频监控已联网');
  expect(targetVerdict(facilities, schoolRecordOf({ policeRoom: false, cctvLinked: false }))).toEqual({ state: 'short', reason: '未建校园警务室，视频监控未联网' });
  expect(describeTargetRule({ kind: 'boarding_guards', base: 2, perBoarders: 300 })).toBe('寄宿制学校至少配备2名专职保安员，每增加300名寄宿生增配1名（无寄宿生的学校不计）');
  const first = newTarget('facilities', ['target_1']);
  expect(first).toEqual({ key: 'target_2', label: '护学岗达标率', goal: 100, rule: { kind: 'facilities', facilities: ['guardPost'] } });
  const second = newTarget('boarding_guards', []);
  expect(campaignTargetsSchema.safeParse([...PRESET_TARGETS['qiannan-2020'], first, second]).success).toBe(true);
  expect(targetLabelOf({ kind: 'facilities', facilities: ['alarmLinked', 'cctvLinked'] })).toBe('一键式紧急报警联网、视频监控联网达标率');
});

test("a reader's targets cover the schools of its remit", () => {
  const schools = [
    { id: 'a', jurisdictionId: 'x' },
    { id: 'b', jurisdictionId: 'y' },
  ];
  const ids = (actor: Parameters<typeof targetSchoolsFor>[0]) => targetSchoolsFor(actor, schools).map((s) => s.id);
  expect(ids({ role: 'bureau', unitId: 'edu' })).toEqual(['a', 'b']);
  expect(ids({ role: 'lead' })).toEqual(['a', 'b']);
  expect(ids({ role: 'school', unitId: 'b' })).toEqual(['b']);
  expect(ids({ role: 'government', unitId: 'x' })).toEqual(['a']);
  expect(ids({ role: 'department', unitId: 'market' })).toEqual([]);
});
