import { describe, expect, it } from 'vitest';
import { chooseCompartment } from '../../main/core/cases/allocation';
import { defaultConfig } from '../../main/core/config';
import { maskPhone } from '../../main/core/cases/phone';
import { formatReference } from '../../main/core/cases/references';
import { addWorkingDays } from '../../main/core/cases/working-days';

const layout = defaultConfig().compartments;
const noon = (date: string) => new Date(`${date}T12:00:00`).getTime();

describe('allocation', () => {
  it('takes the smallest fitting size, top-left first', () => {
    expect(chooseCompartment(layout, () => true, { size: 'S', elderMode: false })?.label).toBe('A01');
    expect(chooseCompartment(layout, () => true, { size: 'M', elderMode: false })?.label).toBe('A07');
    expect(chooseCompartment(layout, () => true, { size: 'L', elderMode: false })?.label).toBe('A11');
  });
  it('in elder mode takes the lowest door of the fitting size', () => {
    expect(chooseCompartment(layout, () => true, { size: 'S', elderMode: true })?.label).toBe('A06');
    expect(chooseCompartment(layout, () => true, { size: 'L', elderMode: true })?.label).toBe('A12');
  });
  it('moves up a size when a size is full, skips excluded labels, and says so when nothing fits', () => {
    const small = new Set(layout.filter((c) => c.size === 'S').map((c) => c.label));
    expect(chooseCompartment(layout, (l) => !small.has(l), { size: 'S', elderMode: false })?.size).toBe('M');
    expect(chooseCompartment(layout, () => true, { size: 'S', elderMode: false, exclude: new Set(['A01']) })?.label).toBe('B01');
    expect(chooseCompartment(layout, () => false, { size: 'S', elderMode: false })).toBeUndefined();
  });
});

describe('working days', () => {
  it('skips weekends (Friday + 1 working day = Monday)', () => {
    expect(addWorkingDays(noon('2026-11-27'), 1)).toBe('2026-11-30');
    expect(addWorkingDays(noon('2026-11-27'), 10)).toBe('2026-12-11');
  });
  it('skips configured holidays and counts make-up weekend workdays (调休)', () => {
    expect(addWorkingDays(noon('2026-11-27'), 1, { holidays: new Set(['2026-11-30']), workdays: new Set() })).toBe('2026-12-01');
    expect(addWorkingDays(noon('2026-11-27'), 1, { holidays: new Set(), workdays: new Set(['2026-11-28']) })).toBe('2026-11-28');
    // National Day week 2026: Oct 1–7 off, Sep 27 (Sun) and Oct 10 (Sat) worked, as such a calendar would say.
    const national = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']), workdays: new Set(['2026-09-27', '2026-10-10']) };
    expect(addWorkingDays(noon('2026-09-30'), 2, national)).toBe('2026-10-09');
  });
  it('counts from the next day even when dropped off on a weekend', () => {
    expect(addWorkingDays(noon('2026-11-28'), 1)).toBe('2026-11-30');
  });
});

describe('references and phones', () => {
  it('formats a digits-only reference from the local date and the day sequence', () => {
    expect(formatReference('2026-11-27', 1)).toBe('2611270001');
    expect(formatReference('2027-01-05', 123)).toBe('2701050123');
    expect(() => formatReference('2026-11-27', 10_000)).toThrow(RangeError);
    expect(formatReference('2026-11-27', 7, '017')).toBe('0172611270007');
    expect(() => formatReference('2026-11-27', 7, '17')).toThrow(RangeError);
  });
  it('masks all but the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('***');
  });
});
