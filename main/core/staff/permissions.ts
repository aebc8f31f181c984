// Who may do what at the console. Pure: a role and an action give yes or no.

export const roles = ['staff', 'technician', 'admin'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'retrieve', // night retrieval and the handover manifest
  'return', // put results back, corrections, recalls
  'reports',
  'override', // open any compartment with a reason; out of service
  'diagnostics', // buses, boards, traffic, self-test, logs
  'accounts', // create and disable accounts
  'audit', // view and verify the audit log
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  staff: ['retrieve', 'return', 'reports'],
  technician: ['override', 'diagnostics', 'audit'],
  admin: permissions,
};

export function allows(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...grants[role]];
}
