// The 通报's units slow to acknowledge (签收), pure: a notice not yet acknowledged counts only while it
// still awaits its 签收 as the acknowledge action has it (domain/hazard/actions.ts, rectifiedIn); one
// acknowledged late counts whatever became of the hazard since.
import { slowAcknowledgements, slowAcknowledgementText, type AcknowledgementFacts } from '../../domain/campaign/bulletins';

const ZONE = 'Asia/Shanghai';
// Issued Monday 30 November 2026 09:00; the 通报 on Tuesday 18:00: 9 + 9.5 working hours later.
const issuedAt = new Date('2026-11-30T09:00:00+08:00');
const now = new Date('2026-12-01T18:00:00+08:00');
const market = { type: 'department' as const, id: 'market', name: '区市场监管局' };
const facts = (hazardId: string, f: Partial<AcknowledgementFacts>): AcknowledgementFacts => ({
  hazardId,
  title: `隐患${hazardId}`,
  schoolName: '第一小学',
  status: 'rectifying',
  listedSupervision: false,
  notice: 'rectification_notice',
  issuedAt,
  acknowledgedAt: null,
  unit: market,
  ...f,
});

test('a notice not acknowledged counts while it awaits its 签收 (as the acknowledge action has it); one acknowledged late counts after the hazard closed', () => {
  const lines = slowAcknowledgements(
    [
      facts('a', {}),
      // Reported rectified: its notice no longer awaits 签收.
      facts('b', { status: 'rectified' }),
      // 挂牌督办 before 交办: the government's notice awaits its 签收 in bureau_review.
      facts('c', { status: 'bureau_review', listedSupervision: true, notice: 'listed_supervision', unit: { type: 'government', id: 'yufeng', name: '鱼峰区人民政府' } }),
      // Acknowledged 6 working hours after, the hazard closed since: late all the same.
      facts('d', { status: 'closed', acknowledgedAt: new Date('2026-11-30T15:00:00+08:00') }),
      // Acknowledged within the 4 working hours: not slow.
      facts('e', { acknowledgedAt: new Date('2026-11-30T12:00:00+08:00') }),
      facts('f', { status: 'withdrawn' }),
    ],
    now,
    ZONE,
  );
  expect(lines.map((l) => [l.hazardId, l.workingHours, l.acknowledgedAt !== null])).toEqual([
    ['a', 18.5, false],
    ['c', 18.5, false],
    ['d', 6, true],
  ]);
  expect(lines.map(slowAcknowledgementText)).toEqual([
    '区市场监管局：第一小学“隐患a”整改通知书，已过18.5个工作小时仍未签收（规定4个工作小时内签收）',
    '鱼峰区人民政府：第一小学“隐患c”挂牌督办，已过18.5个工作小时仍未签收（规定4个工作小时内签收）',
    '区市场监管局：第一小学“隐患d”整改通知书，用时6个工作小时签收（规定4个工作小时内签收）',
  ]);
});
