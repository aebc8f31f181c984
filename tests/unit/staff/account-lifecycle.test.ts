// The rule that keeps a cabinet manageable (who may be disabled), and the restart that runs once,
// after the console's answer has gone out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refuseDisable } from '../../../main/core/staff/account-lifecycle';
import { deferredRestarter } from '../../../main/app/restart';

describe('refuseDisable', () => {
  const admin = { login: 'boss', role: 'admin', disabled: false };
  it('refuses one’s own account whatever the role', () => {
    expect(refuseDisable(admin, 'boss', 3)).toMatch(/own account/);
    expect(refuseDisable({ login: 'wang', role: 'staff', disabled: false }, 'wang', 3)).toMatch(/own account/);
  });
  it('keeps the last enabled administrator, allows one of several', () => {
    expect(refuseDisable(admin, 'other', 1)).toMatch(/last enabled administrator/);
    expect(refuseDisable(admin, 'other', 2)).toBeNull();
  });
  it('allows staff and technicians, and an admin already disabled', () => {
    expect(refuseDisable({ login: 'wang', role: 'staff', disabled: false }, 'boss', 1)).toBeNull();
    expect(refuseDisable({ login: 'li', role: 'technician', disabled: false }, 'boss', 1)).toBeNull();
    expect(refuseDisable({ ...admin, disabled: true }, 'other', 1)).toBeNull();
  });
});

describe('deferredRestarter', () => {
  afterEach(() => vi.useRealTimers());
  it('runs the shell’s restart once, only after the delay (the answer goes out first)', async () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const restarter = deferredRestarter(run, () => {}, 500);
    restarter.restart();
    restarter.restart();
    await vi.advanceTimersByTimeAsync(499);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });
  it('logs a failed restart instead of throwing', async () => {
    vi.useFakeTimers();
    const logged: string[] = [];
    deferredRestarter(() => Promise.reject(new Error('port busy')), (m) => logged.push(m), 10).restart();
    await vi.advanceTimersByTimeAsync(10);
    expect(logged).toEqual(['restart requested from the console', 'restart failed']);
  });
});
