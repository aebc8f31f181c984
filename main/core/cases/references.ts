// Case reference numbers: digits only, so a resident can type one on the keypad of the status
// screen. YYMMDD + a 4-digit sequence of the day, e.g. 2611270001 (shown as 261127-0001).

export function formatReference(localDate: string, sequence: number): string {
  if (sequence < 1 || sequence > 9999) throw new RangeError(`reference sequence out of range: ${sequence}`);
  const [year, month, day] = localDate.split('-');
  return `${year?.slice(2)}${month}${day}${String(sequence).padStart(4, '0')}`;
}
