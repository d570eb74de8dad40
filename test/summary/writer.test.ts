/**
 * The eager writer, buffering (nothing reaches the file before a flush), unique file names, and
 * tl.summary.readEvents on whole, cut and damaged files. Files are checked with the independent reader.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { readAllEvents } from './tfevents_reader.js';

const dirs: string[] = [];
function logdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tl-writer-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('tl.summary.createFileWriter (eager)', () => {
  it('scalar, histogram, text and audio at explicit steps', async () => {
    const w = tl.summary.createFileWriter(logdir());
    w.scalar('loss', 0.25, 1);
    w.scalar('loss', tl.scalar(0.125), 2);
    w.histogram('weights', new Float32Array([1, 2]), 2);
    w.text('notes', 'hello *world*', 3);
    w.audio('clip', tl.tensor([[0, 0.5, -1, 2]]), 8000, 4);
    await w.close();
    const events = readAllEvents(w.fileWriter.path);
    // proto3 leaves a zero step out of the bytes.
    expect(events.map((e) => e.step ?? 0)).toEqual([0, 1, 2, 2, 3, 4]);
    const value = (i: number) => events[i]!.summary.value[0];
    expect([value(1).tag, value(1).simpleValue, value(2).simpleValue]).toEqual(['loss', 0.25, 0.125]);
    expect([value(3).histo.num, value(3).histo.sum, value(3).histo.min, value(3).histo.max]).toEqual([2, 3, 1, 2]);
    expect(value(4).metadata.pluginData.pluginName).toBe('text');
    expect(value(4).tensor.dtype).toBe('DT_STRING');
    expect(new TextDecoder().decode(value(4).tensor.stringVal[0])).toBe('hello *world*');
    const audio = value(5).audio;
    expect([value(5).tag, audio.sampleRate, audio.numChannels, audio.lengthFrames, audio.contentType]).toEqual(['clip/audio/0', 8000, 1, 4, 'audio/wav']);
    const wav = Buffer.from(audio.encodedAudioString);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect([wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34), wav.readUInt32LE(40)]).toEqual([1, 8000, 16, 8]);
    // Samples × 32767, truncated; 2 is clipped to 1.
    expect([0, 1, 2, 3].map((i) => wav.readInt16LE(44 + 2 * i))).toEqual([0, 16383, -32767, 32767]);
  });

  it('addSummary only queues: the file grows on flush(), not before', async () => {
    const w = new tl.summary.FileWriter(logdir(), undefined, { flushMillis: 3_600_000, maxQueue: 100 });
    await w.flush();
    const before = statSync(w.path).size;
    expect(readAllEvents(w.path)).toHaveLength(1);
    w.addSummary({ value: [{ tag: 'a', simpleValue: 1 }] }, 5);
    w.addSummary(tl.summary.scalar('b', 2), 5);
    expect(w.pendingEvents).toBe(2);
    expect(statSync(w.path).size).toBe(before);
    await w.flush();
    expect(w.pendingEvents).toBe(0);
    expect(statSync(w.path).size).toBeGreaterThan(before);
    expect(readAllEvents(w.path).slice(1).map((e) => e.summary.value[0].tag)).toEqual(['a', 'b']);
    await w.close();
    expect(() => w.addSummary({ value: [] }, 6)).toThrow(/closed/);
  });

  it('two writers on one logdir write two files', async () => {
    const dir = logdir();
    const a = new tl.summary.FileWriter(dir);
    const b = new tl.summary.FileWriter(dir);
    expect(a.path).not.toBe(b.path);
    await Promise.all([a.close(), b.close()]);
    expect(readAllEvents(a.path)).toHaveLength(1);
    expect(readAllEvents(b.path)).toHaveLength(1);
  });

  it('readEvents reads a file cut mid-record up to its last whole record, and rejects a damaged CRC', async () => {
    const w = tl.summary.createFileWriter(logdir());
    for (let step = 0; step < 3; step++) w.scalar('x', step * 10, step);
    await w.close();
    const full = await tl.summary.readEvents(w.fileWriter.path);
    expect(full.map((e) => e.summary?.value[0]!.simpleValue ?? e.fileVersion)).toEqual(['brain.Event:2', 0, 10, 20]);

    const size = statSync(w.fileWriter.path).size;
    // Where the last record starts: walk the length fields (8-byte length, 4-byte CRC, data, 4-byte CRC).
    const raw = readFileSync(w.fileWriter.path);
    let last = 0;
    for (let off = 0; off < size; off += 16 + Number(raw.readBigUInt64LE(off))) last = off;
    const cut = join(logdir(), 'events.out.tfevents.cut');
    // Cut inside the last record's final CRC, its data, its length CRC, its length field.
    for (const keep of [size - 1, size - 10, last + 10, last + 3]) {
      copyFileSync(w.fileWriter.path, cut);
      truncateSync(cut, keep);
      const events = await tl.summary.readEvents(cut);
      expect(events.map((e) => e.step)).toEqual([0, 0, 1]);
    }
    // A flipped byte inside the last record's data.
    const bytes = readFileSync(w.fileWriter.path);
    bytes[size - 6] ^= 0xff;
    writeFileSync(cut, bytes);
    await expect(tl.summary.readEvents(cut)).rejects.toThrow(tl.FileFormatError);
    await expect(tl.summary.readEvents(cut)).rejects.toThrow(/data CRC of the record at byte \d+/);
  });
});
