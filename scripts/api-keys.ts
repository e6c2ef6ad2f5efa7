// Creates and revokes API keys.
//   npm run keys -- create --role department --unit market [--label "..."]
//   npm run keys -- revoke <key-id>
//   npm run keys -- list
import { parseArgs } from 'node:util';
import { issueApiKey } from '../api/auth';
import { ROLES } from '../common/hazard';
import { roleOption, runAdminCommand } from './admin-command';

const USAGE = `npm run keys -- <command>: the API keys (each bound to a role and, for departments and schools, a unit)

  create --role <role> [--unit <id>] [--label <text>]   a new key, printed once (only its hash is kept)
  revoke <key-id>                                       refused from the next request on
  list                                                  id, role, unit, active/revoked, label

Roles: ${ROLES.join(', ')}; --unit is required for department and school.`;

runAdminCommand(USAGE, async (db) => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, unit: { type: 'string' }, label: { type: 'string' } },
  });
  const [command, arg] = positionals;
  if (command === 'create') {
    const role = roleOption(values.role);
    if ((role === 'department' || role === 'school') && !values.unit) throw new Error(`--unit is required for role ${role}`);
    if (role === 'department' && !(await db.department.findUnique({ where: { id: values.unit! } }))) throw new Error(`no department ${values.unit}`);
    if (role === 'school' && !(await db.school.findUnique({ where: { id: values.unit! } }))) throw new Error(`no school ${values.unit}`);
    const key = await issueApiKey(db, role, values.unit, values.label ?? `${role}${values.unit ? ` ${values.unit}` : ''}`);
    console.log(JSON.stringify(key, null, 2));
    console.error('Store the key now: only its hash is kept.');
  } else if (command === 'revoke' && arg) {
    const { count } = await db.apiKey.updateMany({ where: { id: arg, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new Error(`no active key ${arg}`);
    console.log(`revoked ${arg}`);
  } else if (command === 'list') {
    const keys = await db.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
    for (const k of keys) console.log([k.id, k.role, k.unitId ?? '-', k.revokedAt ? 'revoked' : 'active', k.label].join('\t'));
  } else {
    throw new Error(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
  }
});
