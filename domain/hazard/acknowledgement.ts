// 签收 (acknowledge), as 12345 work orders and PagerDuty do: the unit a 整改通知书 (or a 挂牌督办)
// is addressed to acknowledges it with one tap (the signed link of its mail or its own group's
// message opens the hazard page, whose 签收 button is the action table's `acknowledge`). Until it
// does, the notice climbs: repeated in the unit's own group robots (钉钉, 企业微信) with its contacts
// @-mentioned, then by SMS to its contacts, then its supervising leader (分管领导) is told — each
// after a stated time in working hours (domain/working-hours.ts). Acknowledging stops the climb and
// never moves the rectification deadline. Pure: imported by the workflow, the activities and the web app.
import type { Actor } from '../../common/hazard';
import { addWorkingHours, workingHoursBetween } from '../working-hours';

/** The notices a unit acknowledges (签收). */
export const ACKNOWLEDGED_NOTICES = ['rectification_notice', 'listed_supervision'] as const;
export type AcknowledgedNotice = (typeof ACKNOWLEDGED_NOTICES)[number];
export const isAcknowledgedNotice = (kind: string): kind is AcknowledgedNotice => (ACKNOWLEDGED_NOTICES as readonly string[]).includes(kind);
/** Each notice's name, as the hazard's page, its history, the 工作台 and the 通报 write it. */
export const ACKNOWLEDGED_NOTICE_LABELS: Record<AcknowledgedNotice, string> = { rectification_notice: '整改通知书', listed_supervision: '挂牌督办' };

/** The notice awaiting (or given) its 签收, in the hazard's state. */
export interface Acknowledgement {
  notice: AcknowledgedNotice;
  /** When the notice was issued (its transition's instant). */
  issuedAt: string;
  acknowledgedAt?: string;
  by?: Actor;
}

export type ClimbStep = 'robot' | 'sms' | 'leader';

/**
 * The stated time of a 签收, in working hours after the notice was issued: past it the 分管领导 is
 * told (the climb's last step), and the 通报 lists the unit as slow to acknowledge.
 */
export const ACKNOWLEDGEMENT_DUE_WORKING_HOURS = 4;

/**
 * The climb of an unacknowledged notice, in working hours after it was issued. No source states a
 * figure; chosen so that a notice issued in the morning reaches the leader the same day:
 * the unit's groups after 2 working hours, SMS to its contacts after 3, its 分管领导 after 4.
 */
export const ACKNOWLEDGEMENT_CLIMB: readonly { step: ClimbStep; afterWorkingHours: number; label: string }[] = [
  { step: 'robot', afterWorkingHours: 2, label: '工作群再次提醒签收' },
  { step: 'sms', afterWorkingHours: 3, label: '短信提醒签收' },
  { step: 'leader', afterWorkingHours: ACKNOWLEDGEMENT_DUE_WORKING_HOURS, label: '告知分管领导' },
];

/** The instants of the climb of a notice issued at `issuedAt`, in `zone`. */
export function climbOf(issuedAt: Date, zone: string): { step: ClimbStep; at: Date; label: string }[] {
  return ACKNOWLEDGEMENT_CLIMB.map((c) => ({ step: c.step, label: c.label, at: addWorkingHours(issuedAt, c.afterWorkingHours, zone) }));
}

/** The ChannelDelivery kind of the climb's messages (dropped once the notice is acknowledged). */
export const ACKNOWLEDGEMENT_REMINDER_KIND = 'acknowledgement_reminder';

/** The mail that tells the 分管领导 a notice is still not acknowledged (the climb's last step, beside its SMS). */
export const ACKNOWLEDGEMENT_LEADER_MAIL_KIND = 'acknowledgement_overdue' as const;

/**
 * How a notice's 签收 went, for the 通报: late when it was acknowledged after the stated time
 * (ACKNOWLEDGEMENT_DUE_WORKING_HOURS working hours after it was issued), or not at all by `now`
 * with that time past; `hours`: the working hours it took, or has waited so far, to one decimal.
 */
export function acknowledgementLateness(issuedAt: Date, acknowledgedAt: Date | null, now: Date, zone: string): { late: boolean; hours: number } {
  const until = acknowledgedAt ?? now;
  const hours = Math.round(workingHoursBetween(issuedAt, until, zone) * 10) / 10;
  return { late: until.getTime() > addWorkingHours(issuedAt, ACKNOWLEDGEMENT_DUE_WORKING_HOURS, zone).getTime(), hours };
}
