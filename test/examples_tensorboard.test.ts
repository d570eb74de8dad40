/**
 * examples/tensorboard.ts run as a user runs it (child process, EXAMPLE_QUICK=1), its event file decoded with the
 * independent reader of test/summary/tfevents_reader.ts (own framing parser, CRC32C from the `crc-32` package,
 * every CRC checked). Checked against what the program prints and against the raw Fashion-MNIST test images
 * read here from the IDX file: one scalar event per epoch and tag holding the printed values, weight and bias
 * histograms of the right sizes that change with training, the input images as 28x28 PNGs whose pixels are the
 * raw images scaled so their brightest pixel is 255, and a graph whose node names carry the name scopes.
 *
 * Needs /usr/share/datasets/fashion-mnist, like test/examples_seeds.test.ts (skipped without it, except under CI).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeGraph, readAllEvents } from './summary/tfevents_reader.js';

const run = promisify(execFile);
const DATA_DIR = process.env.TL_DATA_DIR ?? '/usr/share/datasets/fashion-mnist';
const haveData = existsSync(join(DATA_DIR, 't10k-images-idx3-ubyte.gz')) || existsSync(join(DATA_DIR, 't10k-images-idx3-ubyte'));

/** The first `n` raw test images (bytes 0..255), straight from the IDX file. */
function rawTestImages(n: number): Uint8Array[] {
  const gz = join(DATA_DIR, 't10k-images-idx3-ubyte.gz');
  const raw = existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(join(DATA_DIR, 't10k-images-idx3-ubyte'));
  expect(raw.readUInt32BE(0)).toBe(0x803); // IDX magic: unsigned bytes, 3 dimensions
  return Array.from({ length: n }, (_, i) => new Uint8Array(raw.subarray(16 + i * 784, 16 + (i + 1) * 784)));
}

if (!haveData && !process.env.CI) {
  describe.skip(`tensorboard example: no Fashion-MNIST in ${DATA_DIR} (apt-get install dataset-fashion-mnist)`, () => {
    it('skipped', () => {});
  });
} else {
  describe('examples/tensorboard.ts (EXAMPLE_QUICK=1)', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'tl-tensorboard-'));
    afterAll(() => rmSync(outDir, { recursive: true, force: true }));
    let stdout = '';
    let events: Record<string, any>[] = [];
    let eventFile = '';

    it('runs, prints the epochs, the event file under tf_logs/run-<timestamp>/ and the tensorboard command', async () => {
      ({ stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/tensorboard.ts'], {
        env: { ...process.env, EXAMPLE_QUICK: '1', EXAMPLE_OUT: outDir, TL_DATA_DIR: DATA_DIR },
        timeout: 100_000,
        maxBuffer: 16 << 20,
      }));
      eventFile = /^wrote (.+)$/m.exec(stdout)?.[1] ?? '';
      expect(dirname(dirname(eventFile))).toBe(join(outDir, 'tf_logs'));
      expect(eventFile).toMatch(/\/run-\d{14}\/events\.out\.tfevents\.\d+\./);
      expect(stdout).toContain(`tensorboard --logdir ${join(outDir, 'tf_logs')}`);
      events = readAllEvents(eventFile); // throws on a bad CRC or a cut record
      expect(events[0]!.fileVersion).toBe('brain.Event:2');
    }, 120_000);

    /** [step, value] of every event holding `tag`, in file order. */
    const series = (tag: string) => events.flatMap((e) =>
      (e.summary?.value ?? []).filter((v: any) => v.tag === tag).map((v: any) => [e.step ?? 0, v] as [number, any]));

    it('one loss and one accuracy scalar per epoch, equal to the printed values', () => {
      const printed = [...stdout.matchAll(/epoch (\d+)\/(\d+): test loss ([\d.]+), test accuracy ([\d.]+)/g)];
      const epochs = Number(printed[0]?.[2]);
      expect(epochs).toBeGreaterThanOrEqual(2);
      expect(printed).toHaveLength(epochs);
      for (const [tag, column] of [['loss', 3], ['accuracy', 4]] as const) {
        const s = series(tag);
        expect(s.map(([step]) => step), tag).toEqual(printed.map((m) => Number(m[1])));
        s.forEach(([, v], i) => expect(v.simpleValue, `${tag} epoch ${i + 1}`).toBeCloseTo(Number(printed[i]![column]), 5));
      }
      // A network that learns: well above chance (10%) and below the loss of uniform guessing (ln 10).
      expect(series('accuracy').at(-1)![1].simpleValue).toBeGreaterThan(0.6);
      expect(series('loss').at(-1)![1].simpleValue).toBeLessThan(Math.log(10));
    });

    it('weight and bias histograms every epoch, sized as the layers, moving with training', () => {
      const sizes: Record<string, number> = {
        'dnn/hidden/weights': 784 * 100, 'dnn/hidden/biases': 100, 'dnn/outputs/weights': 100 * 10, 'dnn/outputs/biases': 10,
      };
      const epochs = series('loss').length;
      for (const [tag, size] of Object.entries(sizes)) {
        const s = series(tag);
        expect(s.map(([step]) => step), tag).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
        for (const [, v] of s) {
          const h = v.histo;
          expect(h.num, tag).toBe(size);
          expect((h.bucket as number[]).reduce((a, b) => a + b, 0), tag).toBe(size);
          expect(h.bucketLimit.length, tag).toBe(h.bucket.length);
          expect(h.min, tag).toBeLessThanOrEqual(h.max);
          expect(h.sumSquares, tag).toBeGreaterThanOrEqual(0);
        }
        // Biases start at zero, weights at random: Adam moves both, so the first and last histograms differ.
        expect(s.at(-1)![1].histo.sum, tag).not.toBe(s[0]![1].histo.sum);
      }
    });

    it('the first four test images as 28x28 grey PNGs: the raw pixels scaled so the brightest is 255', () => {
      const values = series('input_images/image/0').concat(
        series('input_images/image/1'), series('input_images/image/2'), series('input_images/image/3'));
      expect(values.map(([step]) => step)).toEqual([0, 0, 0, 0]);
      expect(series('input_images/image/4')).toHaveLength(0); // maxOutputs 4
      const raw = rawTestImages(4);
      values.forEach(([, v], k) => {
        expect([v.image.width, v.image.height, v.image.colorspace]).toEqual([28, 28, 1]);
        const png = PNG.sync.read(Buffer.from(v.image.encodedImageString));
        expect([png.width, png.height]).toEqual([28, 28]);
        const max = Math.max(...raw[k]!);
        for (let p = 0; p < 784; p++) {
          const expected = (raw[k]![p]! * 255) / max;
          // Grey PNG: R = G = B; the float32 round trip through [0, 1] may truncate one level lower.
          expect(png.data[4 * p]).toBe(png.data[4 * p + 1]);
          expect(Math.abs(png.data[4 * p]! - expected), `image ${k} pixel ${p}`).toBeLessThanOrEqual(1);
        }
      });
    });

    it('the graph: node names carry the name scopes, once each', () => {
      const graphs = events.filter((e) => e.graphDef);
      expect(graphs).toHaveLength(1);
      const nodes: any[] = decodeGraph(graphs[0]!.graphDef).node;
      const byName = new Map(nodes.map((n) => [n.name as string, n]));
      expect(byName.get('X')?.op).toBe('Placeholder');
      for (const layer of ['hidden', 'outputs']) {
        expect(byName.get(`dnn/${layer}/kernel`)?.op).toBe('VariableV2');
        expect(byName.get(`dnn/${layer}/kernel/Assign`)?.op).toBe('Assign');
        expect(byName.get(`dnn/${layer}/MatMul`)?.op).toBe('MatMul');
      }
      expect(byName.get('dnn/hidden/MatMul')!.input).toEqual(['X', 'dnn/hidden/kernel']);
      expect(byName.get('dnn/hidden/Relu')?.op).toBe('Relu');
      expect(byName.get('dnn/outputs/MatMul')!.input).toEqual(['dnn/hidden/Relu', 'dnn/outputs/kernel']);
      expect(byName.get('cross_entropy/Mean')?.op).toBe('Mean');
      expect(byName.get('eval/InTopK')?.op).toBe('InTopK');
      expect(nodes.some((n) => n.name.startsWith('train/'))).toBe(true);
      expect(byName.get('loss')?.op).toBe('ScalarSummary');
      expect(byName.get('dnn/hidden/weights')?.op).toBe('HistogramSummary');
      expect(byName.get('input_images')?.op).toBe('ImageSummary');
      // No scope is repeated inside a name (e.g. 'dnn/hidden/dnn/hidden/kernel/Assign').
      for (const n of nodes) expect(n.name, n.name).not.toMatch(/(^|\/)([^/]+\/[^/]+)\/(.*\/)?\2\//);
    });
  });
}
