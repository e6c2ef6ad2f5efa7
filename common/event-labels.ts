// The steps of the audit trail (留痕) in Chinese, as the web app shows them: a hazard's history
// and a campaign's steps; and what set off a bulletin (通报). Pure; shared by the web app.
import { PHASE_LABELS, type PhaseKey } from './campaign';

/** A hazard's history (HistoryView.action). */
export const HAZARD_EVENT_LABELS: Record<string, string> = {
  reported: '上报隐患',
  school_self_rectification: '学校自行整改',
  submitted_to_bureau: '报教育局研判',
  assigned: '交办责任单位',
  rectification_reported: '报告整改完成',
  verified_closed: '验收通过，予以销号',
  verification_failed: '验收未通过，重新整改',
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_refused: '不予延期',
  withdrawn: '撤销',
  acknowledged: '签收',
  escalated_to_bureau: '逾期督办',
  escalated_to_government: '报属地政府挂牌督办',
  progress_reported: '报告督办整改进展',
  deadline_reminder: '整改期限提醒',
  overdue: '逾期通知',
  listed_supervision_reminder: '挂牌督办期限提醒',
  listed_supervision_overdue: '挂牌督办逾期，列入通报',
  look_back_due: '回头看到期',
  look_back_scheduled: '回头看提前安排',
  look_back_passed: '回头看通过',
  reopened: '回头看发现反弹，重新整改',
  look_back_window_closed: '回头看未在期限内登记',
  self_fix_closed: '学校自行整改，登记销号',
  spot_check_passed: '抽查合格',
  spot_check_failed: '抽查不合格，重新整改',
};

/** A bulletin entry's unit type as people read it (the lead office's own misses are its own). */
export const UNIT_TYPE_LABELS: Record<string, string> = { school: '学校', department: '成员单位', government: '属地政府', lead_office: '领导小组办公室' };

/** A campaign's steps (GET /api/campaigns/:id/audit). */
export const CAMPAIGN_EVENT_LABELS: Record<string, string> = {
  campaign_launched: '启动专项行动',
  phase_opened: '阶段开始',
  phase_closed: '阶段结束',
  report_submitted: '报送材料',
  self_inspection_submitted: '提交自查',
  bulletin_issued: '发布通报',
  campaign_completed: '专项行动结束',
};

/**
 * What set off a bulletin, in Chinese: a report's deadline ("report:<key>:<period>"), a phase's
 * closing ("phase:<key>"), or the lead office ("on_demand"). `titles`: the campaign's obligations.
 */
export function bulletinTriggerLabel(trigger: string, titles: Record<string, string> = {}): string {
  const [kind, key, period] = trigger.split(':');
  if (kind === 'on_demand') return '领导小组办公室发布';
  if (kind === 'phase') return `${PHASE_LABELS[key as PhaseKey] ?? key}阶段结束`;
  if (kind === 'report') {
    const title = titles[key] ? `“${titles[key]}”` : '报送事项';
    return `${title}报送期限届满${period && period !== 'once' ? `（${dateText(period)}期）` : ''}`;
  }
  return trigger;
}

/** A local date YYYY-MM-DD as people write it ("2026年11月28日"); other text as it is. */
export const dateText = (s: string): string => s.replace(/(\d{4})-(\d{2})-(\d{2})(?!T)/g, (_m, y, m, d) => `${Number(y)}年${Number(m)}月${Number(d)}日`);
