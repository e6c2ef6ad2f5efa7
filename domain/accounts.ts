// Accounts (账号) and invitations (开通邀请): which roles act for a unit, and who may invite whom.
// The one place of these rules: the API's invitation routes, the users command, the directory
// page's invitation form and the docs follow it. Pure: imports only common/.
import { z } from 'zod';
import { ROLES, type Actor, type Role } from '../common/hazard';
import { email, id, line, plain } from '../common/schema-primitives';

/** A person's account as it is opened (by an invitation, or the users command): the address (lower-cased), the name, the role, the unit it acts for. */
export const ACCOUNT_FIELDS = {
  email: email.transform((e) => e.toLowerCase()),
  name: line(100),
  role: z.enum(ROLES),
  unitId: id.optional(),
};

/** A password as its person sets it: 10 to 200 characters. */
export const passwordSchema = plain(200).min(10, 'at least 10 characters');

/** Roles whose account acts for one unit: a department (also the bureau, a department), a school, a local government. */
export const ROLES_WITH_UNIT: readonly Role[] = ['department', 'school', 'bureau', 'government'];

/**
 * Whether an account's unit goes with its role: a role that acts for a unit names it, another names
 * none. The problem (for the unitId field), or undefined: the invitation's schema and the users
 * command's ask it.
 */
export function accountUnitProblem(role: Role, unitId: string | undefined): string | undefined {
  if (ROLES_WITH_UNIT.includes(role)) return unitId ? undefined : 'this role acts for a unit: unitId is required';
  return unitId ? 'this role acts for no unit: leave unitId out' : undefined;
}

/** What kind of unit a role's unitId names in the directory. */
export function unitKindOf(role: Role): 'department' | 'school' | 'jurisdiction' | undefined {
  if (role === 'department' || role === 'bureau') return 'department';
  if (role === 'school') return 'school';
  if (role === 'government') return 'jurisdiction';
  return undefined;
}

/**
 * Who may invite whom to an account (开通账号): the lead office (领导小组办公室) any role; the
 * education bureau (教育局) the schools, whose safety work it supervises; nobody else.
 */
export const INVITES: Readonly<Record<Actor['role'], readonly Role[]>> = {
  lead: ['lead', 'bureau', 'department', 'school', 'inspector', 'government'],
  bureau: ['school'],
  department: [],
  school: [],
  inspector: [],
  government: [],
  system: [],
};

export function mayInvite(inviter: Actor, role: Role): boolean {
  return INVITES[inviter.role].includes(role);
}

/** How long an invitation's link sets a password: 7 days, once. */
export const INVITATION_TTL_DAYS = 7;
export const INVITATION_TTL_MS = INVITATION_TTL_DAYS * 24 * 3600 * 1000;

/** Why an invitation's link no longer sets a password (the page says it in these words). */
export type InvitationRefusal = 'expired' | 'used' | 'revoked';
export const INVITATION_REFUSALS: Record<InvitationRefusal, string> = {
  expired: '邀请链接已过期，请联系领导小组办公室重新发送邀请',
  used: '邀请链接已使用，账号已开通，请直接登录',
  revoked: '邀请链接已作废，请使用最新收到的邀请邮件',
};

/** The state of an invitation at `now`: usable, or why not. */
export function invitationRefusal(inv: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }, now: Date): InvitationRefusal | undefined {
  if (inv.acceptedAt) return 'used';
  if (inv.revokedAt) return 'revoked';
  if (inv.expiresAt.getTime() <= now.getTime()) return 'expired';
  return undefined;
}

/** The workflow that sends an invitation's mail (workflows/invitation.ts), one per invitation. */
export const INVITATION_MAIL_WORKFLOW_TYPE = 'invitationMailWorkflow';
export type InvitationMailWorkflow = (input: { invitationId: string }) => Promise<void>;
export const invitationMailWorkflowId = (invitationId: string) => `invitation-${invitationId}`;
