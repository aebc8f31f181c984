// The kiosk's voice on this machine, through the contract as the screens call it: a Chinese prompt
// synthesized by espeak-ng (the Debian package CI installs) is measured as real speech — long
// enough, loud enough, mostly voiced — and read in Mandarin; a recorded pack wins over the
// synthesizer; an unknown key, a missing parameter or a missing synthesizer is a clear logged
// error and an answer, never a crash.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { findCommand } from '../../main/app/voice';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import { promptText } from '../../main/contract/voice';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import { wavStats } from './wav-stats';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function voiceCabinet(voice: Partial<CabinetConfig['voice']> = {}) {
  const wavDir = mkdtempSync(join(tmpdir(), 'voice-wav-'));
  const raw = structuredClone(defaultConfig());
  raw.voice = { ...raw.voice, player: 'none', wavDir, ...voice };
  const logs: string[] = [];
  const cabinet = await createCabinet({ config: parseConfig(raw), dataDir: mkdtempSync(join(tmpdir(), 'voice-cab-')), log: (level, message) => logs.push(`${level}: ${message}`) });
  opened.push(cabinet);
  const h = createClient(methods, createDispatcher(methods, cabinet.handlers));
  const wavs = () => readdirSync(wavDir).sort().map((f) => join(wavDir, f));
  return { cabinet, h, logs, wavs, wavDir };
}

/** A one-second 440 Hz tone, 16-bit mono: a stand-in for a recorded prompt. */
function toneWav(file: string): Buffer {
  const rate = 16_000;
  const data = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i += 1) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  const wav = Buffer.concat([header, data]);
  writeFileSync(file, wav);
  return wav;
}

describe('voice on this machine', () => {
  it('espeak-ng is installed (CI installs the Debian package)', () => {
    expect(findCommand('espeak-ng'), 'apt-get install espeak-ng').toBeDefined();
  });

  it('a Chinese prompt becomes audible speech: measured duration, peak, RMS and voiced share', async () => {
    const { h, wavs } = await voiceCabinet();
    const answer = await h['voice.say']({ language: 'zh-CN', key: 'dropOff.receipt', params: { reference: '2611300001' } });
    expect(answer).toEqual({ played: 'synth' });
    const [wav] = wavs();
    expect(wav).toMatch(/zh-CN\.wav$/);
    const s = wavStats(wav!);
    // About 40 syllables and 10 digits at 140 wpm: several seconds, not a click, not a minute.
    expect(s.seconds).toBeGreaterThan(4);
    expect(s.seconds).toBeLessThan(60);
    expect(s.peak).toBeGreaterThan(0.2);
    expect(s.rms).toBeGreaterThan(0.03);
    expect(s.voicedShare).toBeGreaterThan(0.4);
    console.info(`zh-CN prompt dropOff.receipt: ${s.seconds.toFixed(2)} s, peak ${s.peak.toFixed(3)}, RMS ${s.rms.toFixed(4)}, voiced ${(s.voicedShare * 100).toFixed(0)} %`);
    expect(s.peak, 'not clipped at full scale').toBeLessThan(0.99);
    if (findCommand('sox')) {
      // Cross-check the measurement with sox where it is installed (it prints its stat on stderr).
      const out = execFileSync('sh', ['-c', 'sox "$1" -n stat 2>&1', 'sh', wav!], { encoding: 'utf8' });
      const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(out)?.[1]);
      expect(Math.abs(rms - s.rms) / s.rms).toBeLessThan(0.02);
    }
  });

  it('the Chinese voice reads the characters in Mandarin, not as English-spelled pinyin', async () => {
    const prompt = promptText('dropOff.open', { label: 'A03', column: 1, row: 3 }, 'zh-CN');
    if (!prompt.ok) throw new Error(prompt.message);
    const voice = defaultConfig().voice.voices['zh-CN'];
    const ipa = execFileSync('espeak-ng', ['-v', voice, '-q', '--ipa', '-b', '1', '--stdin'], { input: prompt.text, encoding: 'utf8' });
    expect(ipa.length).toBeGreaterThan(40);
    // espeak-ng marks a switch to English with "(en)": the plain "cmn" voice of 1.51 does that for every character.
    expect(ipa).not.toContain('(en)');
  });

  it('an English prompt is spoken too', async () => {
    const { h, wavs } = await voiceCabinet();
    expect(await h['voice.say']({ language: 'en', key: 'home' })).toEqual({ played: 'synth' });
    const s = wavStats(wavs()[0]!);
    expect(s.seconds).toBeGreaterThan(3);
    expect(s.rms).toBeGreaterThan(0.03);
  });

  it('a recorded prompt in the pack is played instead of the synthesizer', async () => {
    const packDir = mkdtempSync(join(tmpdir(), 'voice-pack-'));
    mkdirSync(join(packDir, 'zh-CN'));
    const recorded = toneWav(join(packDir, 'zh-CN', 'home.wav'));
    const { h, wavs } = await voiceCabinet({ packDir });
    expect(await h['voice.say']({ language: 'zh-CN', key: 'home' })).toEqual({ played: 'pack' });
    expect(readFileSync(wavs()[0]!).equals(recorded)).toBe(true);
    // Not in the pack, pack only: nothing, and the screen then tries its own voice.
    expect(await h['voice.say']({ language: 'zh-CN', key: 'pickUp.code', synthesize: false })).toEqual({ played: 'none', reason: 'no-pack' });
    expect(wavs()).toHaveLength(1);
  });

  it('an unknown key or a missing parameter is a logged error and an answer; the cabinet goes on', async () => {
    const { h, logs, wavs } = await voiceCabinet();
    expect(await h['voice.say']({ language: 'zh-CN', key: 'no.such.prompt' })).toEqual({ played: 'none', reason: 'unknown-key' });
    expect(logs).toContain('error: voice: unknown voice prompt key "no.such.prompt" (zh-CN)');
    expect(await h['voice.say']({ language: 'en', key: 'dropOff.open', params: { label: 'A01' } })).toEqual({ played: 'none', reason: 'missing-param' });
    expect(logs).toContain('error: voice: voice prompt "dropOff.open" needs the parameter "column"');
    expect(wavs()).toEqual([]);
    expect(await h['cabinet.info']({})).toMatchObject({ id: 'demo-01' });
  });

  it('a missing synthesizer binary is a clear logged error, never a crash', async () => {
    const { h, logs } = await voiceCabinet({ synthesizer: '/nonexistent/espeak-ng' });
    expect(await h['voice.say']({ language: 'zh-CN', key: 'home' })).toEqual({ played: 'none', reason: 'no-synthesizer' });
    expect(logs).toContain('error: voice: the synthesizer "/nonexistent/espeak-ng" is not installed (Debian package espeak-ng): prompts are silent');
    expect(await h['voice.say']({ language: 'en', text: 'Still here.' })).toEqual({ played: 'none', reason: 'no-synthesizer' });
    expect(await h['cabinet.info']({})).toMatchObject({ id: 'demo-01' });
  });

  it('with no audio player the prompt is still synthesized, and the missing player is named once in the log', async () => {
    const { h, logs, wavs } = await voiceCabinet({ player: '/nonexistent/aplay' });
    expect(logs.filter((l) => l.includes('no audio player found'))).toEqual([
      'warn: voice: no audio player found (/nonexistent/aplay): install pipewire-bin, pulseaudio-utils or alsa-utils; prompts are synthesized but not heard',
    ]);
    expect(await h['voice.say']({ language: 'zh-CN', key: 'pickUp.phone' })).toEqual({ played: 'synth' });
    expect(wavStats(wavs()[0]!).rms).toBeGreaterThan(0.03);
  });

  it('refuses what is not a prompt: no key and no text, or a text too long', async () => {
    const { h } = await voiceCabinet();
    await expect(h['voice.say']({ language: 'zh-CN' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(h['voice.say']({ language: 'zh-CN', text: '长'.repeat(401) })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(h['voice.say']({ language: 'zh-CN', key: '../../etc/passwd' })).rejects.toMatchObject({ code: 'bad-request' });
  });
});
