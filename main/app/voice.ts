// The kiosk's speaker, run by the main process (Electron or the web harness alike): a recorded
// prompt from the pack when there is one, else espeak-ng (the Debian package) writes a WAV of the
// words, and the first installed player (pw-play, paplay, aplay) puts it on the sound device.
// Every failure — no synthesizer, no player, no sound device — is logged and answered; none throws.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Log } from '../core/core';
import type { VoiceConfig } from '../core/config';
import type { Speaker } from '../core/ports';

const PLAYERS: Record<string, string[]> = { 'pw-play': [], paplay: [], aplay: ['-q'] };
const SYNTH_TIMEOUT_MS = 30_000;
const PLAY_TIMEOUT_MS = 120_000;

type RunResult = { ok: true } | { ok: false; missing: boolean; error: string };

/** The command's path when it is installed (a name is looked up on PATH). */
export function findCommand(command: string, path = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  return path
    .split(delimiter)
    .filter((dir) => isAbsolute(dir))
    .map((dir) => join(dir, command))
    .find((file) => existsSync(file));
}

/** Runs a command to its end (or a time limit), feeding `input` on stdin; tracks it so stop() can end it. */
function run(command: string, args: string[], input: string | undefined, timeoutMs: number, live: Set<ChildProcess>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    live.add(child);
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-400)));
    child.stdin?.on('error', () => {}); // a synthesizer that died early: its close event tells why
    child.stdin?.end(input);
    const done = (r: RunResult) => {
      clearTimeout(timer);
      live.delete(child);
      resolve(r);
    };
    child.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, missing: e.code === 'ENOENT', error: e.message }));
    child.on('close', (code, signal) => done(code === 0 ? { ok: true } : { ok: false, missing: false, error: `${signal ?? `exit ${code}`} ${stderr.trim()}`.trim() }));
  });
}

export function createSpeaker(config: VoiceConfig, log: Log): Speaker & { close(): void } {
  const live = new Set<ChildProcess>();
  let generation = 0;
  let seq = 0;
  let scratch: string | undefined;
  const player = resolvePlayer(config.player, log);

  function outFile(language: string): { file: string; keep: boolean } {
    seq += 1;
    if (config.wavDir) {
      mkdirSync(config.wavDir, { recursive: true });
      return { file: join(config.wavDir, `${String(seq).padStart(4, '0')}-${language}.wav`), keep: true };
    }
    scratch ??= mkdtempSync(join(tmpdir(), 'cabinet-voice-'));
    return { file: join(scratch, `${seq}.wav`), keep: false };
  }

  async function play(file: string, keep: boolean): Promise<void> {
    if (player) {
      const r = await run(player.command, [...player.args, file], undefined, PLAY_TIMEOUT_MS, live);
      if (!r.ok && !r.error.startsWith('SIGTERM')) log('warn', `voice: the player ${player.command} failed (no sound device?): ${r.error}`);
    }
    if (!keep) rmSync(file, { force: true });
  }

  function playPack(language: string, key: string): boolean {
    const file = config.packDir ? join(config.packDir, language, `${key}.wav`) : undefined;
    if (!file || !existsSync(file)) return false;
    if (config.wavDir) {
      const out = outFile(language);
      copyFileSync(file, out.file); // what was played, for tests and diagnostics
    }
    void play(file, true);
    return true;
  }

  async function synthesize(language: 'zh-CN' | 'en', text: string): Promise<'synth' | 'no-synthesizer' | 'synthesizer-failed'> {
    if (!config.synthesizer) return 'no-synthesizer';
    const { file, keep } = outFile(language);
    // espeak-ng writes as it goes: under a temporary name, so the file appears only whole.
    const part = `${file}.part`;
    const args = ['-v', config.voices[language], '-s', String(config.rateWpm), '-a', String(config.amplitude), '-b', '1', '-w', part, '--stdin'];
    const mine = generation;
    const r = await run(config.synthesizer, args, text, SYNTH_TIMEOUT_MS, live);
    if (r.ok && !renamed(part, file)) return 'synthesizer-failed';
    if (!r.ok) {
      rmSync(part, { force: true });
      if (r.missing) log('error', `voice: the synthesizer "${config.synthesizer}" is not installed (Debian package espeak-ng): prompts are silent`);
      else if (mine === generation) log('error', `voice: the synthesizer "${config.synthesizer}" failed: ${r.error}`);
      return r.missing ? 'no-synthesizer' : 'synthesizer-failed';
    }
    if (mine === generation) void play(file, keep);
    else if (!keep) rmSync(file, { force: true });
    return 'synth';
  }

  function renamed(from: string, to: string): boolean {
    try {
      renameSync(from, to);
      return true;
    } catch (error) {
      log('error', `voice: the synthesized prompt could not be kept: ${(error as Error).message}`);
      return false;
    }
  }

  const stop = () => {
    generation += 1;
    for (const child of live) child.kill('SIGTERM');
  };

  return {
    async say({ language, packKey, text }) {
      stop();
      if (packKey && playPack(language, packKey)) return { played: 'pack' };
      if (text === undefined) return { played: 'none', reason: 'no-pack' };
      const outcome = await synthesize(language, text);
      return outcome === 'synth' ? { played: 'synth' } : { played: 'none', reason: outcome };
    },
    stop,
    close() {
      stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** 'none', 'auto' (the first installed of pw-play, paplay, aplay) or a command; logged once. */
function resolvePlayer(setting: string, log: Log): { command: string; args: string[] } | undefined {
  if (setting === 'none') return undefined;
  const names = setting === 'auto' ? Object.keys(PLAYERS) : [setting];
  for (const name of names) {
    const command = findCommand(name);
    if (command) return { command, args: PLAYERS[name] ?? [] };
  }
  log('warn', `voice: no audio player found (${names.join(', ')}): install pipewire-bin, pulseaudio-utils or alsa-utils; prompts are synthesized but not heard`);
  return undefined;
}
