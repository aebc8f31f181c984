// The ID-card reader's host protocol (GA 467 SAM): frames byte for byte against the published
// examples, the 256-byte UCS-2 text field by field, the status words as typed errors, and the
// simulator answering each command and fault in process.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../hardware/protocols/bytes';
import { createFrameSplitter, encodeReply, encodeRequest, parseReply, splitReadData, SW3 } from '../../../hardware/idcard/codec';
import { replyError } from '../../../hardware/idcard/reader';
import { decodeIdText, encodeIdText, idNumberValid, maskIdNumber, nationName } from '../../../hardware/idcard/text';
import { createVirtualIdReader, SPECIMEN_CARD as SPECIMEN } from '../../../hardware/simulator/virtual-idcard-reader';

const norm = (s: string) => s.replace(/\s+/g, '').toUpperCase();
const hex = (b: Uint8Array) => norm(toHex(b));


describe('frames', () => {
  it('encodes the documented requests byte for byte', () => {
    expect(hex(encodeRequest('findCard'))).toBe(norm('AA AA AA 96 69 00 03 20 01 22'));
    expect(hex(encodeRequest('selectCard'))).toBe(norm('AA AA AA 96 69 00 03 20 02 21'));
    expect(hex(encodeRequest('readText'))).toBe(norm('AA AA AA 96 69 00 03 30 01 32'));
    expect(hex(encodeRequest('samStatus'))).toBe(norm('AA AA AA 96 69 00 03 11 FF ED'));
  });

  it('encodes the documented replies: find success, select success, and a 1295-byte read', () => {
    expect(hex(encodeReply(SW3.cardFound, [0, 0, 0, 0]))).toBe(norm('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'));
    expect(hex(encodeReply(SW3.ok, new Uint8Array(8)))).toBe(norm('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C'));
    const reader = createVirtualIdReader();
    reader.place(SPECIMEN);
    reader.receive(encodeRequest('findCard'));
    reader.receive(encodeRequest('selectCard'));
    const [read] = reader.receive(encodeRequest('readText'));
    expect(read).toHaveLength(1295);
    expect(hex(read!.subarray(0, 14))).toBe(norm('AA AA AA 96 69 05 08 00 00 90 01 00 04 00'));
  });

  it('splits frames from any bursts, skips noise and impossible lengths, flags a bad checksum', () => {
    const split = createFrameSplitter();
    const stream = new Uint8Array([...fromHex('00 FF AA'), ...fromHex('AA AA AA 96 69 FF FF'), ...encodeReply(SW3.cardFound, [0, 0, 0, 0]), ...fromHex('AA AA AA 96 69 00 04 00 00 90 00')]);
    const events = [...stream].flatMap((b) => split(Uint8Array.of(b)));
    expect(events.map((e) => e.kind)).toEqual(['frame', 'bad-checksum']);
    expect(parseReply(events[0]!.body)).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x9f });
    expect(() => parseReply(Uint8Array.of(0))).toThrow(/SW1 SW2 SW3/);
    expect(() => splitReadData(Uint8Array.of(1, 0, 4, 0, 1, 2))).toThrow(/shorter than its lengths/);
  });
});

describe('the 256-byte text', () => {
  const text = encodeIdText(SPECIMEN);

  it('lays out every field at its offset, UCS-2 little-endian, space-padded', () => {
    expect(text).toHaveLength(256);
    expect(hex(text.subarray(0, 8))).toBe(norm('20 5F 09 4E 20 00 20 00')); // 张 U+5F20, 三 U+4E09, then spaces
    expect(hex(text.subarray(30, 32))).toBe('3100'); // sex "1"
    expect(hex(text.subarray(32, 36))).toBe('30003100'); // nation "01"
    expect(hex(text.subarray(36, 52))).toBe(hex(new Uint8Array([...'19491231'].flatMap((c) => [c.charCodeAt(0), 0]))));
    expect(hex(text.subarray(52, 54))).toBe('1753'); // address starts at byte 52: 北 U+5317
    expect(hex(text.subarray(122, 124))).toBe('3100'); // ID number starts at byte 122
    expect(hex(text.subarray(156, 158))).toBe('5800'); // …and ends with X at 156
    expect(hex(text.subarray(204, 208))).toBe(norm('7F 95 1F 67')); // 长 U+957F, 期 U+671F
    expect(hex(text.subarray(220, 256))).toBe('2000'.repeat(18)); // reserved
  });

  it('decodes back to the fields, with the nation and sex named and the ID number checked', () => {
    expect(decodeIdText(text)).toEqual({
      name: '张三',
      sexCode: '1',
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      birth: '19491231',
      address: '北京市西城区示范街道1号',
      idNumber: '11010519491231002X',
      issuer: '北京市公安局西城分局',
      validFrom: '20150101',
      validTo: '长期',
      idNumberValid: true,
    });
    expect(() => decodeIdText(text.subarray(0, 255))).toThrow(/256 bytes/);
  });

  it('knows the nations, the check character and the mask', () => {
    expect([nationName('01'), nationName('05'), nationName('56'), nationName('97')]).toEqual(['汉', '维吾尔', '基诺', '其他']);
    expect(idNumberValid('11010519491231002X')).toBe(true);
    expect(idNumberValid('440524188001010014')).toBe(true);
    expect(idNumberValid('110105194912310021')).toBe(false);
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X');
    expect(() => encodeIdText({ ...SPECIMEN, name: '一二三四五六七八九十一二三四五六' })).toThrow(/longer than 15/);
  });
});

describe('status words', () => {
  it('each failure is a typed error carrying its SW3', () => {
    const reply = (sw3: number) => ({ sw1: 0, sw2: 0, sw3, data: new Uint8Array(0) });
    expect(replyError('findCard', reply(0x9f), 0x9f)).toBeUndefined();
    expect(replyError('findCard', reply(0x80), 0x9f)).toMatchObject({ code: 'no-card', sw3: 0x80 });
    expect(replyError('selectCard', reply(0x81))).toMatchObject({ code: 'select-failed' });
    expect(replyError('readText', reply(0x41))).toMatchObject({ code: 'read-failed' });
    expect(replyError('samStatus', reply(0x60))).toMatchObject({ code: 'sam-fault', message: 'samStatus: SW3 60 (SAM self-test failed: no command accepted)' });
    expect(replyError('readText', reply(0x33))).toMatchObject({ code: 'device', sw3: 0x33 });
    expect(replyError('readText', reply(0x77))).toMatchObject({ code: 'device', message: 'readText: SW3 77 (unknown status)' });
  });
});

describe('the simulator', () => {
  const sw3s = (replies: Uint8Array[]) => replies.map((r) => r[9]);

  it('answers every command with the status word a reader sends', () => {
    const reader = createVirtualIdReader();
    expect(sw3s(reader.receive(encodeRequest('findCard')))).toEqual([0x80]);
    expect(sw3s(reader.receive(encodeRequest('selectCard')))).toEqual([0x81]);
    expect(sw3s(reader.receive(encodeRequest('readText')))).toEqual([0x41]);
    expect(sw3s(reader.receive(new Uint8Array([...encodeRequest('samStatus'), ...encodeRequest('resetSam'), ...encodeRequest('samId')])))).toEqual([0x90, 0x90, 0x90]);
    expect(sw3s(reader.receive(fromHex('AA AA AA 96 69 00 03 77 01 75')))).toEqual([0x21]);
    expect(sw3s(reader.receive(fromHex('AA AA AA 96 69 00 03 20 01 23')))).toEqual([0x10]);
    expect(sw3s(reader.receive(fromHex('AA AA AA 96 69 00 02 20 22')))).toEqual([0x11]);
    reader.setFaults({ samFault: true });
    expect(sw3s(reader.receive(encodeRequest('findCard')))).toEqual([0x60]);
    expect(reader.commands.slice(0, 3)).toEqual(['20 01', '20 02', '30 01']);
  });
});
