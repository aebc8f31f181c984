// The 256-byte text of a resident ID card, as the reader returns it: UCS-2 little-endian,
// fixed fields padded with spaces (same sources as codec.ts; the field widths are those of the
// GA 467 text file). Pure. Nation names are GB 3304 (codes 01–56 in its order).

/** Field widths in bytes, in order. */
export const TEXT_FIELDS = [
  ['name', 30],
  ['sex', 2],
  ['nation', 4],
  ['birth', 16],
  ['address', 70],
  ['idNumber', 36],
  ['issuer', 30],
  ['validFrom', 16],
  ['validTo', 16],
  ['reserved', 36],
] as const;
export const TEXT_BYTES = 256;

type FieldName = (typeof TEXT_FIELDS)[number][0];

const NATIONS =
  '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'.split(' ');

/** The nation's name for a GB 3304 code ("01" → 汉); other codes as they are. */
export const nationName = (code: string): string => NATIONS[Number(code) - 1] ?? (code === '97' ? '其他' : code === '98' ? '外国血统中国籍人士' : code);

export interface IdCardText {
  name: string;
  /** 1 male, 2 female (GB/T 2261.1), as on the card. */
  sexCode: string;
  sex: 'male' | 'female' | 'unknown';
  nationCode: string;
  nation: string;
  /** YYYYMMDD. */
  birth: string;
  address: string;
  /** 18 characters, the last a digit or X. */
  idNumber: string;
  issuer: string;
  /** YYYYMMDD. */
  validFrom: string;
  /** YYYYMMDD, or 长期 (no end). */
  validTo: string;
  /** Whether the ID number's check character (GB 11643, ISO 7064 MOD 11-2) is right. */
  idNumberValid: boolean;
}

const decodeUcs2 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] as number) | ((b[i + 1] as number) << 8));
  // Padding is spaces; some readers pad with NULs.
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\0')) end -= 1;
  return s.slice(0, end);
};

/** The 18th character of an ID number from its first 17 digits (GB 11643-1999). */
export function idCheckCharacter(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, d, i) => n + Number(d) * (weights[i] as number), 0);
  return '10X98765432'[sum % 11] as string;
}

export const idNumberValid = (id: string): boolean => /^\d{17}[\dX]$/.test(id) && idCheckCharacter(id.slice(0, 17)) === id[17];

/** Decode the card's text; throws when it is not 256 bytes. */
export function decodeIdText(bytes: Uint8Array): IdCardText {
  if (bytes.length !== TEXT_BYTES) throw new RangeError(`ID card text must be ${TEXT_BYTES} bytes, got ${bytes.length}`);
  const f = {} as Record<FieldName, string>;
  let at = 0;
  for (const [name, width] of TEXT_FIELDS) {
    f[name] = decodeUcs2(bytes.subarray(at, at + width));
    at += width;
  }
  return {
    name: f.name,
    sexCode: f.sex,
    sex: f.sex === '1' ? 'male' : f.sex === '2' ? 'female' : 'unknown',
    nationCode: f.nation,
    nation: nationName(f.nation),
    birth: f.birth,
    address: f.address,
    idNumber: f.idNumber,
    issuer: f.issuer,
    validFrom: f.validFrom,
    validTo: f.validTo,
    idNumberValid: idNumberValid(f.idNumber),
  };
}

export type IdCardFields = Pick<IdCardText, 'name' | 'sexCode' | 'nationCode' | 'birth' | 'address' | 'idNumber' | 'issuer' | 'validFrom' | 'validTo'>;

/** The card's text from its fields (the simulator's cards, tests); throws when a field is too long. */
export function encodeIdText(card: IdCardFields): Uint8Array {
  const values: Record<FieldName, string> = {
    name: card.name,
    sex: card.sexCode,
    nation: card.nationCode,
    birth: card.birth,
    address: card.address,
    idNumber: card.idNumber,
    issuer: card.issuer,
    validFrom: card.validFrom,
    validTo: card.validTo,
    reserved: '',
  };
  const out = new Uint8Array(TEXT_BYTES);
  let at = 0;
  for (const [name, width] of TEXT_FIELDS) {
    const text = values[name];
    if (text.length * 2 > width) throw new RangeError(`${name} "${text}" is longer than ${width / 2} characters`);
    const padded = text.padEnd(width / 2, ' ');
    for (let i = 0; i < padded.length; i++) {
      const c = padded.charCodeAt(i);
      out[at + i * 2] = c & 0xff;
      out[at + i * 2 + 1] = c >> 8;
    }
    at += width;
  }
  return out;
}

/** What staff may see of an ID number: its last four characters only (PIPL; what we keep). */
export const maskIdNumber = (id: string): string => `${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;
