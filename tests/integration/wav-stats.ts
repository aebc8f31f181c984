// What a WAV holds, measured: duration, peak and RMS of 16-bit PCM (what espeak-ng writes), read
// from the RIFF chunks, so a test can tell speech from silence without a listener.
import { readFileSync } from 'node:fs';

export interface WavStats {
  sampleRate: number;
  channels: number;
  seconds: number;
  /** Full scale = 1. */
  peak: number;
  rms: number;
  /** Share of 20 ms windows whose RMS is above 0.01 (speech, not silence or hiss). */
  voicedShare: number;
}

export function wavStats(file: string): WavStats {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    // espeak-ng writes a streaming header (size 0x7ffff...): clamp to what the file holds.
    const size = Math.min(b.readUInt32LE(offset + 4), b.length - offset - 8);
    const body = offset + 8;
    if (id === 'fmt ') fmt = { channels: b.readUInt16LE(body + 2), sampleRate: b.readUInt32LE(body + 4), bits: b.readUInt16LE(body + 14) };
    if (id === 'data') {
      if (!fmt || fmt.bits !== 16) throw new Error(`${file}: expected 16-bit PCM`);
      return measure(b.subarray(body, body + size), fmt.sampleRate, fmt.channels);
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

function measure(data: Buffer, sampleRate: number, channels: number): WavStats {
  const n = Math.floor(data.length / 2);
  const window = Math.max(1, Math.round(sampleRate * channels * 0.02));
  let peak = 0;
  let sum = 0;
  let windows = 0;
  let voiced = 0;
  let wsum = 0;
  for (let i = 0; i < n; i += 1) {
    const s = data.readInt16LE(i * 2) / 32768;
    peak = Math.max(peak, Math.abs(s));
    sum += s * s;
    wsum += s * s;
    if ((i + 1) % window === 0 || i === n - 1) {
      windows += 1;
      if (Math.sqrt(wsum / window) > 0.01) voiced += 1;
      wsum = 0;
    }
  }
  return { sampleRate, channels, seconds: n / channels / sampleRate, peak, rms: n ? Math.sqrt(sum / n) : 0, voicedShare: windows ? voiced / windows : 0 };
}
