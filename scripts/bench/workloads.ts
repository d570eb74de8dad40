/**
 * Benchmark workloads. Each runner (one child process per runner and thread setting) implements the ones it
 * can; `flops` turns a time into GFLOP/s.
 */
/**
 * Runs count as warm-up until both `warmup` runs and this much time have passed: onnxruntime's mm1024 was still
 * up to 80% slower than its steady state over the 5 runs after 5 warm-up runs (its arena and thread state settle
 * over the first ~0.2 s), which flattered whoever ran second in a comparison.
 */
export const WARMUP_MS = 400;

export interface Workload {
  name: string;
  description: string;
  /** Floating-point operations of one run (multiply-add = 2). */
  flops: number;
  /** Timed runs after warm-up (each run is timed separately; the report uses the median). */
  runs: number;
  warmup: number;
  kind: 'matmul' | 'conv' | 'lstm' | 'mlp-step';
  /**
   * The timed run includes reading the result into a JS array and disposing it (tensorlane:
   * `await c.data(); c.dispose()`; onnxruntime: its `run` returns outputs already in JS arrays).
   */
  read?: boolean;
  /** matmul: [m, k] x [k, n]. */
  m: number;
  k: number;
  n: number;
  /** conv (NCHW, 'same' padding, stride 1): x [batch, inC, size, size], outC filters of ksize x ksize. */
  conv?: { batch: number; inC: number; size: number; outC: number; ksize: number };
  /** lstm (forward, time-major, zero initial state): x [steps, batch, input], `units` hidden units. */
  lstm?: { steps: number; batch: number; input: number; units: number };
  /** mlp-step: a ReLU MLP of these layer sizes, softmax cross-entropy, forward + backward + Adam update. */
  mlp?: { batch: number; sizes: number[] };
}

function mm(n: number, runs: number): Workload {
  return { name: `mm${n}`, description: `float32 [${n},${n}] x [${n},${n}]`, flops: 2 * n * n * n, runs, warmup: 5, kind: 'matmul', m: n, k: n, n };
}

function conv(batch: number, inC: number, size: number, outC: number, ksize: number, runs: number): Workload {
  return {
    name: 'conv', description: `NCHW x [${batch},${inC},${size},${size}], ${outC} ${ksize}x${ksize} filters, pad ${ksize >> 1}`,
    flops: 2 * batch * outC * size * size * inC * ksize * ksize, runs, warmup: 3, kind: 'conv', m: 0, k: 0, n: 0,
    conv: { batch, inC, size, outC, ksize },
  };
}

function lstm(steps: number, batch: number, input: number, units: number, runs: number): Workload {
  return {
    name: 'lstm', description: `LSTM forward, ${steps} steps, batch ${batch}, input ${input}, ${units} units`,
    flops: 2 * steps * batch * (input + units) * 4 * units, runs, warmup: 3, kind: 'lstm', m: 0, k: 0, n: 0,
    lstm: { steps, batch, input, units },
  };
}

function mlpStep(batch: number, sizes: number[], runs: number): Workload {
  // forward: 2 B sum(in * out); backward: the same again for the weight gradients, plus the input gradients
  // of every layer but the first. The Adam update and elementwise work are not counted.
  let fwd = 0, dx = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    fwd += 2 * batch * sizes[i]! * sizes[i + 1]!;
    if (i > 0) dx += 2 * batch * sizes[i]! * sizes[i + 1]!;
  }
  return {
    name: 'mlp-step', description: `MLP ${sizes.join('-')}, batch ${batch}, forward + backward + Adam`,
    flops: 2 * fwd + dx, runs, warmup: 5, kind: 'mlp-step', m: 0, k: 0, n: 0, mlp: { batch, sizes },
  };
}

/** A matmul whose result the caller reads, as an application does (compute + read + free). */
function mmRead(n: number, runs: number): Workload {
  return { ...mm(n, runs), name: `mm${n}-read`, description: `float32 [${n},${n}] x [${n},${n}], result read into a JS array`, read: true };
}

export const WORKLOADS: Workload[] = [
  // mm8: the per-call cost of a small op (dispatch, argument checks, output allocation), not arithmetic.
  { ...mm(8, 5000), warmup: 500 },
  mm(256, 200), mmRead(256, 200), mm(1024, 25), conv(32, 32, 28, 64, 3, 25), lstm(32, 32, 128, 256, 30), mlpStep(64, [784, 300, 100, 10], 60),
];

/** One-hot labels of the mlp-step batch: example i has class (i * 7) % classes. */
export function mlpLabels(batch: number, classes: number): Float32Array {
  const y = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) y[i * classes + ((i * 7) % classes)] = 1;
  return y;
}

/** Initial weights of mlp-step layer i ([in, out], uniform Glorot range) and zero biases. */
export function mlpWeights(sizes: number[]): { w: Float32Array[]; b: Float32Array[] } {
  const w: Float32Array[] = [], b: Float32Array[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const lim = Math.sqrt(6 / (sizes[i]! + sizes[i + 1]!));
    w.push(inputData(sizes[i]! * sizes[i + 1]!, 10 + i).map((v) => v * lim));
    b.push(new Float32Array(sizes[i + 1]!));
  }
  return { w, b };
}

/** Adam hyperparameters of mlp-step (TF 1.x defaults but a larger learning rate). */
export const MLP_ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Deterministic inputs in [-1, 1), the same in every runner. */
export function inputData(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    a[i] = (s / 2 ** 32) * 2 - 1;
  }
  return a;
}

/** What a runner process prints (one JSON line): per workload, the time of each timed run in ms. */
export interface RunnerResult {
  runner: string;
  threads: number;
  info?: Record<string, unknown>;
  times: Record<string, number[]>;
  /** A checksum of the last output, to catch a runner that computes nothing. */
  checksums: Record<string, number>;
  skipped?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
