// Invitations to an account (开通邀请): the lead office (or the bureau, for schools: domain/accounts.ts)
// invites a person of a unit by mail; the mail's link (its token in the page's #fragment, so no
// server log ever holds it) opens a page where the person sets the password, once, within
// INVITATION_TTL_DAYS. Only the token's sha256 is stored. The mail itself is sent by a small
// workflow (workflows/invitation.ts), retried until it is out.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../common/database';
import { ROLE_LABELS, ROLES, type Role } from '../common/hazard';
import { plain } from '../common/schema-primitives';
import { ACCOUNT_FIELDS, accountUnitProblem, INVITATION_REFUSALS, INVITATION_TTL_MS, invitationRefusal, mayInvite, passwordSchema, unitKindOf } from '../domain/accounts';
import { hashInvitationToken } from '../common/invitation-token';
import { startInvitationMail } from '../temporal-client/invitations';
import { actorOf } from './auth';
import { conflict, forbidden, HttpError, notFound } from './errors';
import { parse } from './parse';
import { unitName } from './people-routes';
import { documentedRouter } from './route-registry';
import { hashPassword } from './sessions';

export const invitationSchema = z
  .object(ACCOUNT_FIELDS)
  .strict()
  .superRefine((u, ctx) => {
    const problem = accountUnitProblem(u.role, u.unitId);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['unitId'] });
  });

export const invitationTokenSchema = z.object({ token: plain(200).min(20) }).strict();
export const invitationAcceptSchema = z.object({ token: plain(200).min(20), password: passwordSchema }).strict();

export interface InvitationView {
  id: string;
  email: string;
  name: string;
  role: Role;
  roleLabel: string;
  unitId: string | null;
  unitName: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
  createdAt: string;
}

async function unitExists(db: Database, role: Role, unitId: string): Promise<boolean> {
  switch (unitKindOf(role)) {
    case 'department':
      return (await db.department.count({ where: { id: unitId } })) > 0;
    case 'school':
      return (await db.school.count({ where: { id: unitId } })) > 0;
    case 'jurisdiction':
      return (await db.jurisdiction.count({ where: { id: unitId } })) > 0;
    default:
      return false;
  }
}

type InvitationRow = Awaited<ReturnType<Database['invitation']['findFirstOrThrow']>>;

function viewOf(inv: InvitationRow, now: Date): InvitationView {
  const refusal = invitationRefusal(inv, now);
  return {
    id: inv.id,
    email: inv.email,
    name: inv.name,
    role: inv.role as Role,
    roleLabel: ROLE_LABELS[inv.role as Role],
    unitId: inv.unitId,
    unitName: inv.unitName,
    expiresAt: inv.expiresAt.toISOString(),
    status: refusal === 'used' ? 'accepted' : (refusal ?? 'pending'),
    createdAt: inv.createdAt.toISOString(),
  };
}

/** POST/GET /api/invitations: invite (lead office; bureau for schools), and the invitations one may see. */
export function invitationRoutes(deps: { db: Database; temporal: Client; taskQueue: string }): Router {
  const { db } = deps;
  const router = documentedRouter('/api/invitations');

  router.post('/', async (req, res) => {
    const actor = actorOf(req);
    const body = parse(invitationSchema, req.body);
    if (!mayInvite(actor, body.role)) throw forbidden(`${ROLE_LABELS[actor.role as Role] ?? actor.role} may not invite a ${body.role} account`);
    if (body.unitId && !(await unitExists(db, body.role, body.unitId)))
      throw new HttpError(400, 'invalid_request', `unitId: no ${unitKindOf(body.role)} ${body.unitId}`, [{ field: 'unitId', message: `no ${unitKindOf(body.role)} ${body.unitId}` }]);
    if (await db.user.findUnique({ where: { email: body.email } })) throw conflict(`an account with the address ${body.email} exists already`);
    const now = new Date();
    const invitationId = randomUUID();
    await db.$transaction([
      // A new invitation to the same address replaces the ones still open: only the latest mail's link works.
      db.invitation.updateMany({ where: { email: body.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } }),
      db.invitation.create({
        data: {
          id: invitationId,
          email: body.email,
          name: body.name,
          role: body.role,
          unitId: body.unitId ?? null,
          unitName: await unitName(db, body.role, body.unitId),
          invitedBy: actor.keyId ?? actor.role,
          inviterName: await unitName(db, actor.role as Role, actor.unitId),
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        },
      }),
    ]);
    await startInvitationMail(deps.temporal, { taskQueue: deps.taskQueue, invitationId });
    const created = await db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    res.status(201).json(viewOf(created, now));
  });

  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    const roles = ROLES.filter((r) => mayInvite(actor, r));
    if (!roles.length) throw forbidden('only those who may invite see the invitations');
    const rows = await db.invitation.findMany({ where: { role: { in: roles } }, orderBy: { createdAt: 'desc' }, take: 200 });
    const now = new Date();
    res.json({ items: rows.map((r) => viewOf(r, now)) });
  });

  return router;
}

async function usableInvitation(db: Database, token: string, now: Date): Promise<InvitationRow> {
  const inv = await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
  if (!inv) throw notFound('邀请链接无效，请从邀请邮件中重新打开');
  const refusal = invitationRefusal(inv, now);
  if (refusal) throw new HttpError(410, `invitation_${refusal}`, INVITATION_REFUSALS[refusal]);
  return inv;
}

/** The invitation page's two calls, before authentication: what the link invites to, and setting the password. */
export function invitationPageRoutes(db: Database): Router {
  const router = documentedRouter('/api/invitation');

  router.post('/', async (req, res) => {
    const { token } = parse(invitationTokenSchema, req.body);
    const now = new Date();
    res.json(viewOf(await usableInvitation(db, token, now), now));
  });

  router.post('/accept', async (req, res) => {
    const { token, password } = parse(invitationAcceptSchema, req.body);
    const now = new Date();
    const inv = await usableInvitation(db, token, now);
    const passwordHash = await hashPassword(password);
    const user = await db.$transaction(async (tx) => {
      // Single use: only the first acceptance changes the row.
      const { count } = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } });
      if (count !== 1) throw new HttpError(410, 'invitation_used', INVITATION_REFUSALS.used);
      if (await tx.user.findUnique({ where: { email: inv.email } })) throw new HttpError(410, 'invitation_used', INVITATION_REFUSALS.used);
      return tx.user.create({ data: { id: randomUUID(), email: inv.email, name: inv.name, role: inv.role, unitId: inv.unitId, passwordHash } });
    });
    await db.auditEvent.create({
      data: {
        dedupeKey: `invitation:${inv.id}:accepted`,
        at: now,
        actor: `user:${user.id}`,
        action: 'invitation_accepted',
        note: inv.email,
        data: { invitedBy: inv.invitedBy, role: inv.role, unitId: inv.unitId },
      },
    });
    res.status(201).json({ email: user.email, name: user.name, role: user.role });
  });

  return router;
}
