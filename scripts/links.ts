// The signed links in mails (一键办理).
//   npm run links -- revoke <linkId>                        one link (and the sessions it opened)
//   npm run links -- revoke --role department --unit market  every link of a unit
//   npm run links -- list [--role department --unit market]
import { parseArgs } from 'node:util';
import { revokeLinks } from '../common/sign-in-links';
import { formatHour } from '../common/time';
import { ROLES } from '../common/hazard';
import { roleOption, runAdminCommand } from './admin-command';

const USAGE = `npm run links -- <command>: the signed links in mails (一键办理)

  list [--role <role> [--unit <id>]]     id, role, unit, item, expiry, active/expired/revoked
  revoke <link-id>                       one link, and the sessions it opened
  revoke --role <role> [--unit <id>]     every link of a unit

Roles: ${ROLES.join(', ')}.`;

runAdminCommand(USAGE, async (db) => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: 'string' }, unit: { type: 'string' } } });
  const [command, linkId] = positionals;
  const role = values.role === undefined ? undefined : roleOption(values.role);
  if (command === 'revoke' && linkId) {
    const n = await revokeLinks(db, { linkId });
    if (n === 0) throw new Error(`no active link ${linkId}`);
    console.log(`revoked ${linkId}`);
  } else if (command === 'revoke' && role) {
    console.log(`revoked ${await revokeLinks(db, { role, unitId: values.unit })} link(s) of ${role}${values.unit ? ` ${values.unit}` : ''}`);
  } else if (command === 'list') {
    const links = await db.signInLink.findMany({ where: role ? { role, unitId: values.unit ?? null } : {}, orderBy: { createdAt: 'asc' } });
    for (const l of links)
      console.log([l.id, l.role, l.unitId ?? '-', l.subject, formatHour(l.expiresAt), l.revokedAt ? 'revoked' : l.expiresAt < new Date() ? 'expired' : 'active'].join('\t'));
  } else {
    throw new Error(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
  }
});
