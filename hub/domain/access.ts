// Who may do what in the district console, and how much of a resident they see. Pure: the server
// asks these rules, the store keeps the accounts. Three roles (issue 16, item 8): department staff
// work their own department's queue; a supervisor sees and steers the whole district; an admin
// runs accounts and pushes to cabinets.

import type { HubRole } from '../store/accounts';

export type { HubRole };
export const hubRoles: readonly HubRole[] = ['dept-staff', 'supervisor', 'admin'];

export const hubPermissions = [
  'cases.view', // the queue and a case's timeline (dept-staff: their department only)
  'cases.transition', // accept, 办理中, 办结, 补正, 退回
  'cases.reassign', // to another department, with a reason
  'followups.close', // a bad rating's follow-up, with a note
  'cabinets.view',
  'cabinets.push', // config, accounts, calendar as signed commands
  'reports.view',
  'accounts.manage',
  'audit.view',
] as const;
export type HubPermission = (typeof hubPermissions)[number];

const grants: Record<HubRole, readonly HubPermission[]> = {
  'dept-staff': ['cases.view', 'cases.transition', 'followups.close', 'cabinets.view'],
  supervisor: ['cases.view', 'cases.transition', 'cases.reassign', 'followups.close', 'cabinets.view', 'reports.view', 'audit.view'],
  // An admin runs the system, not the cases: no transitions or reassignments in their name.
  admin: ['cases.view', 'cabinets.view', 'cabinets.push', 'reports.view', 'accounts.manage', 'audit.view'],
};

export function allows(role: HubRole, permission: HubPermission): boolean {
  return grants[role].includes(permission);
}

export interface HubPrincipal {
  login: string;
  role: HubRole;
  /** The department a dept-staff account works for; null for district-wide roles. */
  departmentId: string | null;
}

/** A department's staff see their own department's cases; district roles see every case. */
export function canSeeDepartment(who: HubPrincipal, departmentId: string | null): boolean {
  if (who.role !== 'dept-staff') return true;
  return who.departmentId !== null && who.departmentId === departmentId;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, Alice Li → A******* (the first character, the rest starred). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812341234 → 138****1234; anything not a phone number is starred but for its last two characters. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (/^\+?\d{11,15}$/.test(digits)) return `${digits.slice(0, digits.length - 8)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 2) + digits.slice(-2);
}

/**
 * Who sees a resident in full: the staff of the department handling the case (they call the
 * resident back). Supervisors and admins steer by reference, state and deadline and see masked
 * names and phones. References are never masked: they are how everyone talks about a case.
 */
export function seesPersonalData(who: HubPrincipal, caseDepartmentId: string | null): boolean {
  return who.role === 'dept-staff' && canSeeDepartment(who, caseDepartmentId);
}

export interface PersonalFields {
  residentName?: string | null;
  residentPhone?: string | null;
}

/** The same record with the resident's name and phone masked unless `who` may see them. */
export function maskFor<T extends object>(who: HubPrincipal, caseDepartmentId: string | null, record: T): T {
  if (seesPersonalData(who, caseDepartmentId)) return record;
  const r = record as T & PersonalFields;
  return {
    ...record,
    ...(typeof r.residentName === 'string' ? { residentName: maskName(r.residentName) } : {}),
    ...(typeof r.residentPhone === 'string' ? { residentPhone: maskPhone(r.residentPhone) } : {}),
  };
}
