/**
 * tl.summary in graph mode: summary nodes evaluated by a Session, written by a FileWriter, read back with the
 * independent reader of tfevents_reader.ts. Expected values are computed by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { decodeGraph, readAllEvents } from './tfevents_reader.js';

const dirs: string[] = [];
function logdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tl-summary-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('tl.summary graph ops → FileWriter → tfevents file', () => {
  it('writes file_version first, then one scalar event per step with the run values', async () => {
    const g = new tl.Graph();
    const { x, merged } = g.asDefault(() => {
      const x = tl.placeholder('float32', [3], 'x');
      tl.summary.scalar('mean', tl.mean(x));
      tl.summary.scalar('max', tl.max(x), { family: 'stats' });
      return { x, merged: tl.summary.mergeAll()! };
    });
    const sess = new tl.Session({ graph: g });
    const writer = new tl.summary.FileWriter(logdir(), undefined, { flushMillis: 60_000 });
    for (let step = 0; step < 3; step++) {
      const s = sess.run(merged, new Map([[x, [1, 2, 3 + 3 * step]]]));
      writer.addSummary(s, step);
      s.dispose();
    }
    await writer.close();
    expect(basename(writer.path)).toMatch(new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/[.]/g, '\\.')}\\.`));
    const events = readAllEvents(writer.path);
    expect(events[0]!.fileVersion).toBe('brain.Event:2');
    expect(events).toHaveLength(4);
    // means: (1+2+3)/3, (1+2+6)/3, (1+2+9)/3; maxes 3, 6, 9. TF 1.x's family tag repeats the family.
    const expected = [[2, 3], [3, 6], [4, 9]];
    events.slice(1).forEach((e, step) => {
      expect(e.step ?? 0).toBe(step); // proto3 leaves a zero step out of the bytes
      expect(e.summary.value.map((v: any) => v.tag)).toEqual(['mean', 'stats/stats/max']);
      expect(e.summary.value[0].simpleValue).toBeCloseTo(expected[step]![0]!, 5);
      expect(e.summary.value[1].simpleValue).toBe(expected[step]![1]);
    });
    sess.close();
  });

  it('histogram: TF default buckets, min/max/num/sum/sumSquares by hand', async () => {
    const g = new tl.Graph();
    const h = g.asDefault(() => tl.summary.histogram('w', tl.placeholder('float64', [5], 'v')));
    const sess = new tl.Session({ graph: g });
    const writer = new tl.summary.FileWriter(logdir());
    const values = [0, 1, 1, -2, 3.5];
    const s = sess.run(h, { v: values });
    writer.addSummary(s, 7);
    s.dispose();
    await writer.close();
    const histo = readAllEvents(writer.path)[1]!.summary.value[0].histo;
    expect(histo.min).toBe(-2);
    expect(histo.max).toBe(3.5);
    expect(histo.num).toBe(5);
    expect(histo.sum).toBe(3.5);
    expect(histo.sumSquares).toBe(0 + 1 + 1 + 4 + 12.25);
    const limits: number[] = histo.bucketLimit;
    const counts: number[] = histo.bucket;
    expect(counts.length).toBe(limits.length);
    expect(limits[limits.length - 1]).toBe(Number.MAX_VALUE);
    // Non-empty buckets in order hold -2, 0, the two 1s, 3.5; each value v lies in [previous limit, limit).
    const nonEmpty = counts.map((c, i) => [c, i] as const).filter(([c]) => c > 0);
    expect(nonEmpty.map(([c]) => c)).toEqual([1, 1, 2, 1]);
    [-2, 0, 1, 3.5].forEach((v, k) => {
      const i = nonEmpty[k]![1];
      expect(limits[i - 1]!).toBeLessThanOrEqual(v);
      expect(limits[i]!).toBeGreaterThan(v);
    });
    // Zero's bucket is [0, 1e-12); the other buckets are 10% wide (exponential buckets, ratio 1.1).
    expect(limits[nonEmpty[1]![1] - 1]).toBe(0);
    expect(limits[nonEmpty[1]![1]]).toBe(1e-12);
    for (const k of [0, 2, 3]) {
      const i = nonEmpty[k]![1];
      expect(limits[i]! / limits[i - 1]!).toBeCloseTo(k === 0 ? 1 / 1.1 : 1.1, 12);
    }
    // Runs of empty buckets are one entry each: at most one empty entry between non-empty ones.
    for (let i = 1; i < counts.length; i++) expect(counts[i] === 0 && counts[i - 1] === 0).toBe(false);
    expect(tl.summary.defaultBucketLimits().length).toBe(2 * (774 + 1) + 1);
    sess.close();
  });

  it('image: PNG whose pixels are the scaled input (float >= 0: max → 255; with negatives: 0 → 128)', async () => {
    const g = new tl.Graph();
    const { rgb, grey, ints } = g.asDefault(() => ({
      rgb: tl.summary.image('rgb', tl.placeholder('float32', [1, 2, 2, 3], 'a')),
      grey: tl.summary.image('grey', tl.placeholder('float32', [2, 1, 2, 1], 'b'), { maxOutputs: 1 }),
      ints: tl.summary.image('ints', tl.placeholder('int32', [1, 1, 1, 4], 'c')),
    }));
    const sess = new tl.Session({ graph: g });
    const writer = new tl.summary.FileWriter(logdir());
    const [s1, s2, s3] = sess.run([rgb, grey, ints], {
      a: [[[[0, 0.5, 1], [0.25, 0, 0]], [[1, 1, 1], [0, 0, 0.75]]]],
      b: [[[[-1], [0.5]]], [[[0], [0]]]],
      c: [[[[10, 20, 300, -5]]]],
    });
    writer.addSummary(tl.summary.merge([s1, s2, s3]), 1);
    await writer.close();
    const values = readAllEvents(writer.path)[1]!.summary.value;
    expect(values.map((v: any) => v.tag)).toEqual(['rgb/image/0', 'grey/image', 'ints/image/0']);
    const decode = (v: any) => pngjs.PNG.sync.read(Buffer.from(v.image.encodedImageString));
    const a = decode(values[0]);
    expect([a.width, a.height, values[0].image.colorspace]).toEqual([2, 2, 3]);
    // 255 * v truncated: 0.5 → 127, 0.25 → 63, 0.75 → 191.
    expect(Array.from(a.data)).toEqual([0, 127, 255, 255, 63, 0, 0, 255, 255, 255, 255, 255, 0, 0, 191, 255]);
    // maxOutputs 1 keeps the first image; -1 → 128 - 127 = 1, 0.5 → 128 + 63.5 → 191.
    const b = decode(values[1]);
    expect([b.width, b.height]).toEqual([2, 1]);
    expect(Array.from(b.data)).toEqual([1, 1, 1, 255, 191, 191, 191, 255]);
    // int32 images are bytes, clamped to 0..255 (RGBA).
    expect(Array.from(decode(values[2]).data)).toEqual([10, 20, 255, 0]);
    [s1, s2, s3].forEach((t) => t.dispose());
    sess.close();
  });

  it('addGraph: a GraphDef with scoped node names, op types, inputs and output shapes', async () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const x = tl.placeholder('float32', [-1, 2], 'x');
      const w = new tl.Variable(tl.zeros([2, 3]), { name: 'w' });
      tl.nameScope('layer1', () => tl.relu(tl.matMul(x, w)));
      tl.nameScope('layer2', () => new tl.Variable(tl.zeros([3]), { name: 'b' }));
    });
    const writer = new tl.summary.FileWriter(logdir(), g);
    await writer.close();
    const events = readAllEvents(writer.path);
    expect(events.map((e) => Object.keys(e).filter((k) => k !== 'wallTime' && k !== 'step'))).toEqual([['fileVersion'], ['graphDef']]);
    const nodes: any[] = decodeGraph(events[1]!.graphDef).node;
    const byName = new Map(nodes.map((n) => [n.name, n]));
    expect(byName.get('x').op).toBe('Placeholder');
    expect(byName.get('x').attr.dtype.type).toBe('DT_FLOAT');
    expect(byName.get('w').op).toBe('VariableV2');
    const mm = byName.get('layer1/MatMul');
    expect(mm.op).toBe('MatMul');
    expect(mm.input).toEqual(['x', 'w']);
    expect(mm.attr._output_shapes.list.shape[0].dim.map((d: any) => d.size)).toEqual([-1, 3]);
    expect(byName.get('layer1/Relu').input).toEqual(['layer1/MatMul']);
    // A variable's initializer is '<variable>/Assign', its name scope not repeated (TF: 'layer2/b/Assign').
    expect(byName.get('w/Assign').op).toBe('Assign');
    expect(byName.get('layer2/b').op).toBe('VariableV2');
    expect(byName.get('layer2/b/Assign').op).toBe('Assign');
    expect(nodes.filter((n) => n.name.includes('layer2/layer2'))).toEqual([]);
  });

  it('mergeAll is null without summaries; merge rejects duplicate tags when run', () => {
    const g = new tl.Graph();
    g.asDefault(() => expect(tl.summary.mergeAll()).toBeNull());
    const a = tl.summary.scalar('same', 1);
    const b = tl.summary.scalar('same', 2);
    expect(() => tl.summary.merge([a, b])).toThrow(/duplicate tag 'same'/);
    a.dispose();
    b.dispose();
  });

  it('bad input: typed errors naming the function and the argument', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const v = tl.placeholder('float32', [2], 'v');
      expect(() => tl.summary.scalar('s', v)).toThrow(tl.ShapeError);
      expect(() => tl.summary.scalar('s', v)).toThrow(/summary\.scalar: 's' must be a scalar.*\[2\]/);
      expect(() => tl.summary.image('i', v)).toThrow(tl.ShapeError);
      expect(() => tl.summary.scalar('s', 1, { colections: [] } as never)).toThrow(/unknown option 'colections'/);
      expect(() => tl.summary.image('i', tl.placeholder('float32', [1, 2, 2, 3]), { maxOutputs: 0 })).toThrow(tl.ArgumentError);
      expect(() => tl.summary.audio('a', tl.placeholder('float32', [1, 8]), 0)).toThrow(/sampleRate/);
      expect(() => tl.summary.scalar('', 1)).toThrow(tl.ArgumentError);
    });
    expect(() => tl.summary.histogram('h', [1, NaN])).toThrow(/not finite/);
    expect(() => new tl.summary.FileWriter('')).toThrow(tl.ArgumentError);
    expect(() => new tl.summary.FileWriter(logdir(), undefined, { flushSecs: 1 } as never)).toThrow(/unknown option 'flushSecs'/);
  });
});
