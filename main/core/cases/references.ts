// Case reference numbers: digits only, so a resident can type one on the keypad of the status
// screen. The cabinet's 3-digit district code when it has one (unique across the district), then
// YYMMDD + a 4-digit sequence of the day: 0172611270001 (shown as 017 261127 0001), or without a
// code 2611270001 (261127 0001).

export function formatReference(localDate: string, sequence: number, cabinetCode = ''): string {
  if (sequence < 1 || sequence > 9999) throw new RangeError(`reference sequence out of range: ${sequence}`);
  if (!/^(\d{3})?$/.test(cabinetCode)) throw new RangeError(`cabinet code must be three digits: ${cabinetCode}`);
  const [year, month, day] = localDate.split('-');
  return `${cabinetCode}${year?.slice(2)}${month}${day}${String(sequence).padStart(4, '0')}`;
}
