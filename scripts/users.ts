// Accounts of the people who sign in to the web app (lead office, bureau staff, inspectors,
// government; departments and schools act from their mail links but may have accounts too).
//   npm run users -- create --role inspector --name 张三 --email zhang@example.org [--unit edu]
//        (the password is read from USER_PASSWORD, or asked for on the terminal)
//   npm run users -- password --email zhang@example.org     set a new password, unlock
//   npm run users -- disable --email zhang@example.org      ends the account and its sessions
//   npm run users -- list
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createUser, hashPassword, newUserSchema } from '../api/sessions';
import { ROLES } from '../common/hazard';
import { runAdminCommand } from './admin-command';

async function askPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question('password (at least 10 characters): ');
  } finally {
    rl.close();
  }
}

const USAGE = `npm run users -- <command>: the accounts people sign in to the web app with

  create --role <role> --name <name> --email <email> [--unit <id>]
                              the password from USER_PASSWORD, or asked for on the terminal
  password --email <email>    a new password (same source); unlocks, ends its sessions
  disable --email <email>     ends the account and its sessions
  list                        email, role, unit, name, active/locked/disabled

Roles: ${ROLES.join(', ')}. Without a terminal: the lead office invites people from the web app's
组织名录 → 开通账号 (they set their own password from the invitation mail).`;

runAdminCommand(USAGE, async (db) => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
  });
  const [command] = positionals;
  if (command === 'create') {
    const input = { role: values.role, unitId: values.unit, name: values.name, email: values.email, password: await askPassword() };
    const checked = newUserSchema.safeParse(input);
    if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
    const unit = checked.data.unitId;
    if (unit && ['department', 'bureau'].includes(checked.data.role) && !(await db.department.findUnique({ where: { id: unit } }))) throw new Error(`no department ${unit}`);
    if (unit && checked.data.role === 'school' && !(await db.school.findUnique({ where: { id: unit } }))) throw new Error(`no school ${unit}`);
    if (unit && checked.data.role === 'government' && !(await db.jurisdiction.findUnique({ where: { id: unit } }))) throw new Error(`no jurisdiction ${unit}`);
    const user = await createUser(db, input as Parameters<typeof createUser>[1]);
    console.log(JSON.stringify({ id: user.id, email: user.email, name: user.name, role: user.role, unitId: user.unitId }, null, 2));
  } else if (command === 'password' && values.email) {
    const user = await db.user.update({
      where: { email: values.email.toLowerCase() },
      data: { passwordHash: await hashPassword(newUserSchema.shape.password.parse(await askPassword())), failedCount: 0, failedSince: null, lockedUntil: null },
    });
    await db.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    console.log(`password set for ${user.email}; its sessions ended`);
  } else if (command === 'disable' && values.email) {
    const user = await db.user.update({ where: { email: values.email.toLowerCase() }, data: { disabledAt: new Date() } });
    await db.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    console.log(`disabled ${user.email}`);
  } else if (command === 'list') {
    for (const u of await db.user.findMany({ orderBy: { createdAt: 'asc' } })) {
      console.log([u.email, u.role, u.unitId ?? '-', u.name, u.disabledAt ? 'disabled' : u.lockedUntil && u.lockedUntil > new Date() ? 'locked' : 'active'].join('\t'));
    }
  } else {
    throw new Error(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
  }
});
