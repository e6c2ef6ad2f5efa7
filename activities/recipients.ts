// Looks up the real addresses of a notification's recipients in the organisation directory.
import { ApplicationFailure } from '@temporalio/activity';
import type { InJurisdiction, Recipient } from '../common/notification';
import type { Database } from '../common/database';
import type { Role } from '../common/hazard';
// The directory's rows, through the worker's short-lived cache (directory-cache.ts).
import { cachedDepartment as departmentOf, cachedJurisdiction as jurisdictionById, cachedSchool as schoolOf } from '../common/directory-cache';

export interface ResolvedRecipient {
  /** How the mail addresses this recipient: "市场监管局", "城关小学 王校长". */
  name: string;
  emails: string[];
  /** The unit it is, as the web app signs it in (a mail link's role and unit). */
  unit: { role: Role; unitId?: string; name: string };
}

/** Who to contact about a mail: the education bureau's contact, who runs the campaign's office work. */
export interface ContactPerson {
  unitName: string;
  name: string;
  email: string;
}

export interface DirectoryFacts {
  schoolName: string;
  jurisdictionName: string;
  governmentName: string;
  leadOfficeName: string;
  bureauName: string;
  departmentName?: string;
  /** 配合单位: the co-operating departments' names. */
  cooperatingNames?: string[];
  contact?: ContactPerson;
}

function missing(what: string): never {
  // The directory is wrong, not the network: retrying cannot help.
  throw ApplicationFailure.nonRetryable(`directory has no ${what}`, 'DirectoryIncomplete');
}

export async function loadDirectoryFacts(db: Database, schoolId: string, departmentId?: string, cooperatingIds: string[] = []): Promise<DirectoryFacts> {
  const school = (await schoolOf(db, schoolId)) ?? missing(`school ${schoolId}`);
  const j = school.jurisdiction;
  const [bureau, department, ...cooperating] = await Promise.all([
    j.educationBureauId ? departmentOf(db, j.educationBureauId) : null,
    departmentId ? departmentOf(db, departmentId) : null,
    ...cooperatingIds.map((id) => departmentOf(db, id)),
  ]);
  return {
    ...(cooperatingIds.length ? { cooperatingNames: cooperating.map((d, i) => d?.name ?? cooperatingIds[i]) } : {}),
    schoolName: school.name,
    jurisdictionName: j.name,
    governmentName: j.governmentName,
    leadOfficeName: j.leadOfficeName,
    bureauName: bureau?.name ?? '教育局',
    departmentName: department?.name,
    contact: contactOf(bureau),
  };
}

const contactOf = (bureau: { name: string; contactName: string; contactEmails: string[] } | null | undefined): ContactPerson | undefined =>
  bureau && bureau.contactEmails[0] ? { unitName: bureau.name, name: bureau.contactName, email: bureau.contactEmails[0] } : undefined;

/** The contact person of a jurisdiction's campaign office (its education bureau's contact). */
export async function loadContact(db: Database, jurisdictionId: string): Promise<ContactPerson | undefined> {
  const j = await jurisdictionById(db, jurisdictionId);
  const bureau = j?.educationBureauId ? await departmentOf(db, j.educationBureauId) : null;
  return contactOf(bureau);
}

export async function resolveRecipient(db: Database, r: Recipient): Promise<ResolvedRecipient> {
  switch (r.kind) {
    case 'school': {
      const s = (await schoolOf(db, r.schoolId)) ?? missing(`school ${r.schoolId}`);
      const emails = [s.principalEmail, ...(s.safetyOfficerEmail ? [s.safetyOfficerEmail] : [])];
      return { name: `${s.name}（校长${s.principalName}）`, emails, unit: { role: 'school', unitId: s.id, name: s.name } };
    }
    case 'department':
    case 'department_leader': {
      const d = (await departmentOf(db, r.departmentId)) ?? missing(`department ${r.departmentId}`);
      const unit = { role: 'department' as const, unitId: d.id, name: d.name };
      return r.kind === 'department' ? { name: d.name, emails: d.contactEmails, unit } : { name: `${d.name}分管领导${d.leaderName}`, emails: [d.leaderEmail], unit };
    }
    case 'bureau':
    case 'bureau_leader': {
      const j = await jurisdictionOf(db, r);
      if (!j.educationBureauId) missing(`education bureau for ${j.name}`);
      const d = (await departmentOf(db, j.educationBureauId)) ?? missing(`department ${j.educationBureauId}`);
      const unit = { role: 'bureau' as const, unitId: d.id, name: d.name };
      return r.kind === 'bureau' ? { name: d.name, emails: d.contactEmails, unit } : { name: `${d.name}分管领导${d.leaderName}`, emails: [d.leaderEmail], unit };
    }
    case 'lead_office': {
      const j = await jurisdictionOf(db, r);
      return { name: j.leadOfficeName, emails: [j.leadOfficeEmail], unit: { role: 'lead', name: j.leadOfficeName } };
    }
    case 'government': {
      const j = await jurisdictionOf(db, r);
      return { name: j.governmentName, emails: [j.governmentEmail], unit: { role: 'government', unitId: j.id, name: j.governmentName } };
    }
    case 'inspectors': {
      // The inspectors' accounts (验收人员 act for no unit): each active one's address; none, none.
      const users = await db.user.findMany({ where: { role: 'inspector', disabledAt: null }, select: { email: true }, orderBy: { email: 'asc' } });
      return { name: '验收人员', emails: users.map((u) => u.email), unit: { role: 'inspector', name: '验收人员' } };
    }
  }
}

/** The jurisdiction a recipient is in. */
export async function jurisdictionOf(db: Database, where: InJurisdiction) {
  if (where.jurisdictionId !== undefined) {
    return (await jurisdictionById(db, where.jurisdictionId)) ?? missing(`jurisdiction ${where.jurisdictionId}`);
  }
  const s = (await schoolOf(db, where.schoolId)) ?? missing(`school ${where.schoolId}`);
  return s.jurisdiction;
}

/** Addresses for To and Cc, lower-cased, each once; nobody in To is copied again. */
export async function resolveAddresses(db: Database, to: Recipient[], cc: Recipient[]) {
  const toResolved = await Promise.all(to.map((r) => resolveRecipient(db, r)));
  const ccResolved = await Promise.all(cc.map((r) => resolveRecipient(db, r)));
  const toEmails = [...new Set(toResolved.flatMap((r) => r.emails.map((e) => e.toLowerCase())))];
  const ccEmails = [...new Set(ccResolved.flatMap((r) => r.emails.map((e) => e.toLowerCase())))].filter((e) => !toEmails.includes(e));
  // The inspectors may be none (no 验收人员 account yet): their notice then has nobody to go to.
  if (toEmails.length === 0 && !to.every((r) => r.kind === 'inspectors')) missing(`address for ${to.map((r) => r.kind).join(', ')}`);
  // The units the mail is addressed to, each once (a department and its leader are one unit).
  const toUnits = [...new Map(toResolved.map((r) => [`${r.unit.role}:${r.unit.unitId ?? ''}`, r.unit])).values()];
  // The units copied, each once with its addresses (none in To, none in an earlier copy): each gets its own copy.
  const copied = new Map<string, { unit: ResolvedRecipient['unit']; emails: string[] }>();
  const seen = new Set(toEmails);
  for (const r of ccResolved) {
    const key = `${r.unit.role}:${r.unit.unitId ?? ''}`;
    const group = copied.get(key) ?? { unit: r.unit, emails: [] };
    copied.set(key, group);
    for (const e of r.emails.map((x) => x.toLowerCase())) {
      if (seen.has(e)) continue;
      group.emails.push(e);
      seen.add(e);
    }
  }
  const ccUnits = [...copied.values()].filter((c) => c.emails.length > 0);
  return { toNames: toResolved.map((r) => r.name), toEmails, ccEmails, toUnits, ccUnits };
}
