// The seed a new hub starts from: departments and matter routes (hub/seed/routes.json, committed
// days from the cabinets' default catalogue) and the 2026 official calendar
// (hub/seed/calendar-2026.json, from the State Council notice named in the file). Upserts: run it
// again after editing the files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMatters } from '../../main/core/cases/default-matters';
import type { Pool } from '../db/pool';
import { upsertCalendar, type CalendarRow } from '../store/calendar';
import { upsertDepartments, upsertMatters } from '../store/departments';

const SEED_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'seed');

interface RoutesFile {
  departments: { id: string; nameZh: string; nameEn: string }[];
  routes: Record<string, string>;
}
interface CalendarFile {
  holidays: { day: string; name: string }[];
  workdays: { day: string; name: string }[];
}

export function seedCalendarRows(file = join(SEED_DIR, 'calendar-2026.json')): CalendarRow[] {
  const cal = JSON.parse(readFileSync(file, 'utf8')) as CalendarFile;
  return [...cal.holidays.map((h) => ({ ...h, kind: 'holiday' as const })), ...cal.workdays.map((w) => ({ ...w, kind: 'workday' as const }))];
}

export async function seed(pool: Pool, dir = SEED_DIR): Promise<void> {
  const routes = JSON.parse(readFileSync(join(dir, 'routes.json'), 'utf8')) as RoutesFile;
  await upsertDepartments(pool, routes.departments);
  await upsertMatters(
    pool,
    defaultMatters.map((m) => ({ id: m.id, nameZh: m.name['zh-CN'], nameEn: m.name.en, departmentId: routes.routes[m.id] ?? null, committedDays: m.processingDays })),
  );
  await upsertCalendar(pool, seedCalendarRows(join(dir, 'calendar-2026.json')));
}
