/**
 * The epoch benchmark's shared workload: the seeds' Fashion-MNIST MLP (784-300-100-10, ReLU, softmax
 * cross-entropy), Adam (lr 1e-3), batch 64, one pass over the 60,000 training images in file order (no shuffle,
 * so every engine sees the same batches). Each runner first trains WARMUP_STEPS batches (JIT, caches, pools),
 * then times EPOCHS full epochs, then reports test accuracy as a sanity check that it really trained.
 * The python runner (runner_torch.py) repeats these constants by hand.
 */
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

export const SIZES = [784, 300, 100, 10];
export const BATCH = 64;
export const LR = 1e-3;
export const WARMUP_STEPS = 100;
export const EPOCHS = 1;

export interface EpochResult {
  runner: string;
  /** Seconds per timed epoch. */
  epochSeconds: number[];
  testAccuracy: number;
  skipped?: string;
}

export function dataDir(): string {
  return process.env.TL_DATA_DIR ?? '/usr/share/datasets/fashion-mnist';
}

function readIdx(path: string): { dims: number[]; bytes: Uint8Array } {
  const file = existsSync(path) ? path : `${path}.gz`;
  let buf = readFileSync(file);
  if (file.endsWith('.gz')) buf = gunzipSync(buf);
  const ndim = buf[3]!;
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, bytes: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * ndim, dims.reduce((a, b) => a * b, 1)) };
}

/** Images as float32 [N, 784] in [0, 1] and labels as int32 [N]. */
export function loadSplit(split: 'train' | 't10k'): { x: Float32Array; y: Int32Array; n: number } {
  const img = readIdx(join(dataDir(), `${split}-images-idx3-ubyte`));
  const lab = readIdx(join(dataDir(), `${split}-labels-idx1-ubyte`));
  const n = img.dims[0]!;
  const x = new Float32Array(img.bytes.length);
  for (let i = 0; i < x.length; i++) x[i] = img.bytes[i]! / 255;
  return { x, y: Int32Array.from(lab.bytes), n };
}

export function batchCount(n: number): number {
  return Math.ceil(n / BATCH);
}
