import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../hub/domain/report-tables';

describe('report CSV', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvField('民政局')).toBe('民政局');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('starts with a BOM and ends lines with CRLF', () => {
    expect(toCsv({ name: 't', headers: ['事项', 'n'], rows: [['x', 1]] })).toBe('\uFEFF事项,n\r\nx,1\r\n');
  });
});
