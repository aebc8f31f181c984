// The shapes the console reads from the hub's API (hub/server/console-routes.ts, report-routes.ts).
export type CaseState = 'accepted' | 'in-progress' | 'completed' | 'correction' | 'rejected';
export interface CaseRow {
  id: number;
  cabinet: string;
  reference: string;
  matterId: string;
  departmentId: string | null;
  state: CaseState;
  compartment: string | null;
  depositedAt: number;
  dueDate: string | null;
  completedAt: number | null;
  ended: string | null;
  flags: string[];
}
export interface Cabinet {
  id: string;
  district: string;
  presence: 'online' | 'offline' | 'unknown';
  lastHeartbeatAt: number | null;
  health: { printer?: { lastFailureAt: number | null }; backlog?: { events: number }; doorFaults?: { label: string }[]; freeDiskBytes?: number; compartments?: { free: number; total: number } } | null;
  alerts: string[];
}
export interface Department {
  id: string;
  nameZh: string;
  nameEn: string;
}
export interface Matter extends Department {
  departmentId: string | null;
  committedDays: number;
}
export interface Meta {
  departments: Department[];
  matters: Matter[];
  today: string;
}
export interface Followup {
  id: number;
  cabinet: string;
  reference: string | null;
  caseId: number | null;
  departmentId: string | null;
  level: number;
  openedAt: number;
}
export interface TimelineEntry {
  at: number;
  actor: string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
}
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  outcome: string;
  cabinet: string | null;
  reference: string | null;
  detail: Record<string, unknown> | null;
}
