/**
 * Times the workloads on onnxruntime-node (CPU execution provider) with ONNX graphs built in memory:
 *   matmul / conv: one MatMul / Conv node.
 *   lstm: one ONNX LSTM node; the weights are initializers (constants, so onnxruntime may pre-pack them: its
 *     best case), converted from tensorlane's layout so both engines compute the same sequence (checksums).
 *   mlp-step: onnxruntime-node has no training API, so the step is written out as an inference graph: the
 *     forward pass, the backward pass by hand (Gemm with transposes, ReLU masks, column sums) and the Adam
 *     update, with parameters and moments as inputs and their new values as outputs, fed back each run.
 * Runs in its own process: onnxruntime's thread pool spins between runs and would slow anything sharing it.
 * Usage: tsx runner_onnxruntime.ts <workload,...> <threads (0 = all cores)>
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { MLP_ADAM, WARMUP_MS, WORKLOADS, inputData, mlpLabels, mlpWeights, type RunnerResult, type Workload } from './workloads.js';

const require = createRequire(import.meta.url);
const names = (process.argv[2] ?? '').split(',').filter(Boolean);
const threads = Number(process.argv[3] ?? '1') || availableParallelism();
const result: RunnerResult = { runner: 'onnxruntime-node', threads, times: {}, checksums: {} };

// ---- a minimal protobuf writer for the few ONNX messages needed ------------------------------------------
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const field = (no: number, wire: number) => varint(no * 8 + wire);
const int = (no: number, v: number) => [...field(no, 0), ...varint(v)];
const bytes = (no: number, b: number[]) => [...field(no, 2), ...varint(b.length), ...b];
const str = (no: number, s: string) => bytes(no, [...Buffer.from(s, 'utf8')]);

const f32 = (no: number, v: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return [...field(no, 5), ...b];
};

/** ValueInfoProto of a float tensor with a fixed shape. */
function valueInfo(name: string, dims: number[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, int(1, d))); // TensorShapeProto.dim { dim_value }
  const tensorType = [...int(1, 1), ...bytes(2, shape)]; // elem_type FLOAT, shape
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))]; // name, type { tensor_type }
}

/** TensorProto initializer (FLOAT, or INT64 when `int64`), raw little-endian data. */
function initializer(name: string, dims: number[], data: Float32Array | number[], int64 = false): number[] {
  let raw: Buffer;
  if (int64) {
    raw = Buffer.alloc(8 * data.length);
    Array.from(data).forEach((v, i) => raw.writeBigInt64LE(BigInt(v), 8 * i));
  } else {
    raw = Buffer.from(Float32Array.from(data).buffer);
  }
  return [...dims.flatMap((d) => int(1, d)), ...int(2, int64 ? 7 : 1), ...str(8, name), ...bytes(9, [...raw])];
}

const attrInt = (name: string, v: number) => [...str(1, name), ...int(3, v), ...int(20, 2)];
const attrFloat = (name: string, v: number) => [...str(1, name), ...f32(2, v), ...int(20, 1)];

/** A graph from nodes (op, inputs, outputs, attributes), initializers and graph inputs / outputs. */
class GraphBuilder {
  private nodes: number[][] = [];
  private inits: number[][] = [];
  private ins: number[][] = [];
  private outs: number[][] = [];
  private n = 0;
  node(op: string, inputs: string[], outputs: string[], attrs: number[][] = []): string {
    this.nodes.push([...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, `n${this.n++}`), ...str(4, op),
      ...attrs.flatMap((a) => bytes(5, a))]);
    return outputs[0]!;
  }
  /** A node with one fresh output name. */
  op(op: string, inputs: string[], attrs: number[][] = []): string {
    return this.node(op, inputs, [`t${this.n}`], attrs);
  }
  init(name: string, dims: number[], data: Float32Array | number[], int64 = false): string {
    this.inits.push(initializer(name, dims, data, int64));
    return name;
  }
  input(name: string, dims: number[]): string {
    this.ins.push(valueInfo(name, dims));
    return name;
  }
  output(name: string, dims: number[]): void {
    this.outs.push(valueInfo(name, dims));
  }
  model(): Uint8Array {
    const graph = [...this.nodes.flatMap((n) => bytes(1, n)), ...str(2, 'bench'), ...this.inits.flatMap((t) => bytes(5, t)),
      ...this.ins.flatMap((v) => bytes(11, v)), ...this.outs.flatMap((v) => bytes(12, v))];
    const opset = [...str(1, ''), ...int(2, 13)];
    return Uint8Array.from([...int(1, 8), ...str(2, 'tensorlane-bench'), ...bytes(7, graph), ...bytes(8, opset)]);
  }
}

function matMulModel(m: number, k: number, n: number): Uint8Array {
  const node = [...str(1, 'A'), ...str(1, 'B'), ...str(2, 'C'), ...str(3, 'mm'), ...str(4, 'MatMul')];
  const graph = [...bytes(1, node), ...str(2, 'bench'), ...bytes(11, valueInfo('A', [m, k])), ...bytes(11, valueInfo('B', [k, n])),
    ...bytes(12, valueInfo('C', [m, n]))];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 8), ...str(2, 'tensorlane-bench'), ...bytes(7, graph), ...bytes(8, opset)]);
}

/** One Conv node (NCHW, OIHW weights as a graph input, symmetric pads), as onnxruntime's CPU EP runs it. */
function convModel(c: NonNullable<(typeof WORKLOADS)[number]['conv']>): Uint8Array {
  const p = c.ksize >> 1;
  const ints = (name: string, v: number[]) => [...str(1, name), ...v.flatMap((x) => int(8, x)), ...int(20, 7)]; // AttributeProto INTS
  const node = [...str(1, 'X'), ...str(1, 'W'), ...str(2, 'Y'), ...str(3, 'conv'), ...str(4, 'Conv'),
    ...bytes(5, ints('pads', [p, p, p, p])), ...bytes(5, ints('strides', [1, 1])), ...bytes(5, ints('kernel_shape', [c.ksize, c.ksize]))];
  const graph = [...bytes(1, node), ...str(2, 'bench'), ...bytes(11, valueInfo('X', [c.batch, c.inC, c.size, c.size])),
    ...bytes(11, valueInfo('W', [c.outC, c.inC, c.ksize, c.ksize])), ...bytes(12, valueInfo('Y', [c.batch, c.outC, c.size, c.size]))];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 8), ...str(2, 'tensorlane-bench'), ...bytes(7, graph), ...bytes(8, opset)]);
}

/**
 * One ONNX LSTM node equivalent to tl.lstmSequence(x, 0, 0, k, b) with forgetBias 1: tensorlane's kernel
 * k [I+H, 4H] (gates i, c, f, o) becomes W [1, 4H, I] and R [1, 4H, H] in ONNX's order i, o, f, c, and the
 * forget bias goes into the f part of B.
 */
function lstmModel(l: NonNullable<Workload['lstm']>, k: Float32Array, b: Float32Array): Uint8Array {
  const { steps: T, batch: B, input: I, units: H } = l;
  const G = 4 * H;
  const W = new Float32Array(G * I), R = new Float32Array(G * H), Bias = new Float32Array(2 * G);
  const ours = [0, 3, 2, 1]; // ONNX gate q (i, o, f, c) -> tensorlane gate
  for (let q = 0; q < 4; q++) {
    const g = ours[q]!;
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < I; i++) W[(q * H + j) * I + i] = k[i * G + g * H + j]!;
      for (let i = 0; i < H; i++) R[(q * H + j) * H + i] = k[(I + i) * G + g * H + j]!;
      Bias[q * H + j] = b[g * H + j]! + (q === 2 ? 1 : 0);
    }
  }
  const gb = new GraphBuilder();
  gb.input('X', [T, B, I]);
  gb.init('W', [1, G, I], W);
  gb.init('R', [1, G, H], R);
  gb.init('B', [1, 2 * G], Bias);
  gb.node('LSTM', ['X', 'W', 'R', 'B'], ['Y'], [attrInt('hidden_size', H)]);
  gb.output('Y', [T, 1, B, H]);
  return gb.model();
}

/** The mlp-step as an inference graph: forward, hand-written backward, Adam (see the header). */
function mlpModel(m: NonNullable<Workload['mlp']>): { model: Uint8Array; params: string[]; shapes: number[][] } {
  const { batch: B, sizes } = m;
  const L = sizes.length - 1;
  const gb = new GraphBuilder();
  const X = gb.input('X', [B, sizes[0]!]), Y = gb.input('Y', [B, sizes[L]!]), lrt = gb.input('lrt', []);
  const zero = gb.init('zero', [], [0]), invB = gb.init('invB', [], [1 / B]), negInvB = gb.init('negInvB', [], [-1 / B]);
  const omb1 = gb.init('omb1', [], [1 - MLP_ADAM.beta1]), omb2 = gb.init('omb2', [], [1 - MLP_ADAM.beta2]), eps = gb.init('eps', [], [MLP_ADAM.epsilon]);
  const axes0 = gb.init('axes0', [1], [0], true);
  const params: string[] = [], shapes: number[][] = [];
  for (let i = 0; i < L; i++) {
    params.push(`W${i}`, `b${i}`);
    shapes.push([sizes[i]!, sizes[i + 1]!], [sizes[i + 1]!]);
  }
  for (const [k, p] of params.entries()) for (const pre of ['', 'm_', 'v_']) gb.input(pre + p, shapes[k]!);
  // forward
  const z: string[] = [], a: string[] = [X];
  for (let i = 0; i < L; i++) {
    z.push(gb.op('Gemm', [a[i]!, `W${i}`, `b${i}`]));
    if (i + 1 < L) a.push(gb.op('Relu', [z[i]!]));
  }
  const logits = z[L - 1]!;
  const lsm = gb.op('LogSoftmax', [logits], [attrInt('axis', 1)]);
  gb.node('Mul', [gb.op('ReduceSum', [gb.op('Mul', [Y, lsm])], [attrInt('keepdims', 0)]), negInvB], ['loss']);
  gb.output('loss', []);
  // backward: dlogits = (softmax - Y) / B, then per layer dW = a^T g, db = colsum g, g_prev = relu'(z) (g W^T)
  let g = gb.op('Mul', [gb.op('Sub', [gb.op('Softmax', [logits], [attrInt('axis', 1)]), Y]), invB]);
  const grads = new Map<string, string>();
  for (let i = L - 1; i >= 0; i--) {
    grads.set(`W${i}`, gb.op('Gemm', [a[i]!, g], [attrInt('transA', 1)]));
    grads.set(`b${i}`, gb.op('ReduceSum', [g, axes0], [attrInt('keepdims', 0)]));
    if (i > 0) g = gb.op('Where', [gb.op('Greater', [z[i - 1]!, zero]), gb.op('Gemm', [g, `W${i}`], [attrInt('transB', 1)]), zero]);
  }
  // Adam (TF 1.x): m' = m + (g - m)(1 - b1); v' = v + (g^2 - v)(1 - b2); p' = p - lr_t m' / (sqrt(v') + eps)
  for (const [k, p] of params.entries()) {
    const gr = grads.get(p)!;
    const m1 = gb.node('Add', [`m_${p}`, gb.op('Mul', [gb.op('Sub', [gr, `m_${p}`]), omb1])], [`new_m_${p}`]);
    const v1 = gb.node('Add', [`v_${p}`, gb.op('Mul', [gb.op('Sub', [gb.op('Mul', [gr, gr]), `v_${p}`]), omb2])], [`new_v_${p}`]);
    gb.node('Sub', [p, gb.op('Div', [gb.op('Mul', [m1, lrt]), gb.op('Add', [gb.op('Sqrt', [v1]), eps])])], [`new_${p}`]);
    for (const pre of ['new_', 'new_m_', 'new_v_']) gb.output(pre + p, shapes[k]!);
  }
  return { model: gb.model(), params, shapes };
}

try {
  const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
  result.info = { version: (require('onnxruntime-node/package.json') as { version: string }).version };
  const opts = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' as const, graphOptimizationLevel: 'all' as const, executionProviders: ['cpu'] };
  type OrtTensor = InstanceType<typeof ort.Tensor>;
  for (const w of WORKLOADS.filter((x) => names.length === 0 || names.includes(x.name))) {
    const cv = w.conv;
    let model: Uint8Array;
    let feeds: Record<string, OrtTensor>;
    let outName: string;
    let next: ((out: Record<string, OrtTensor>, run: number) => void) | null = null;
    if (w.lstm) {
      const l = w.lstm;
      // The same inputs as runner_tensorlane.ts: x (seed 1), k (seed 2, x0.05), b (seed 3, x0.1).
      const k = inputData((l.input + l.units) * 4 * l.units, 2).map((v) => v * 0.05), b = inputData(4 * l.units, 3).map((v) => v * 0.1);
      model = lstmModel(l, k, b);
      feeds = { X: new ort.Tensor('float32', inputData(l.steps * l.batch * l.input, 1), [l.steps, l.batch, l.input]) };
      outName = 'Y';
    } else if (w.mlp) {
      const m = w.mlp;
      const built = mlpModel(m);
      model = built.model;
      const init = mlpWeights(m.sizes);
      const L = m.sizes.length - 1;
      feeds = {
        X: new ort.Tensor('float32', inputData(m.batch * m.sizes[0]!, 7), [m.batch, m.sizes[0]!]),
        Y: new ort.Tensor('float32', mlpLabels(m.batch, m.sizes[L]!), [m.batch, m.sizes[L]!]),
        lrt: new ort.Tensor('float32', new Float32Array(1), []),
      };
      built.params.forEach((p, k) => {
        const shape = built.shapes[k]!;
        const n = shape.reduce((x, y) => x * y, 1);
        feeds[p] = new ort.Tensor('float32', k % 2 === 0 ? init.w[k >> 1]! : init.b[k >> 1]!, shape);
        feeds[`m_${p}`] = new ort.Tensor('float32', new Float32Array(n), shape);
        feeds[`v_${p}`] = new ort.Tensor('float32', new Float32Array(n), shape);
      });
      const setLr = (t: number) => {
        const lr = (MLP_ADAM.lr * Math.sqrt(1 - MLP_ADAM.beta2 ** t)) / (1 - MLP_ADAM.beta1 ** t);
        feeds.lrt = new ort.Tensor('float32', Float32Array.of(lr), []);
      };
      setLr(1);
      // Each run's new parameters and moments are the next run's inputs (a training loop).
      next = (out, run) => {
        for (const p of built.params) {
          feeds[p] = out[`new_${p}`]!;
          feeds[`m_${p}`] = out[`new_m_${p}`]!;
          feeds[`v_${p}`] = out[`new_v_${p}`]!;
        }
        setLr(run + 2);
      };
      outName = 'loss';
    } else if (cv) {
      model = convModel(cv);
      feeds = {
        X: new ort.Tensor('float32', inputData(cv.batch * cv.inC * cv.size * cv.size, 1), [cv.batch, cv.inC, cv.size, cv.size]),
        W: new ort.Tensor('float32', inputData(cv.outC * cv.inC * cv.ksize * cv.ksize, 2), [cv.outC, cv.inC, cv.ksize, cv.ksize]),
      };
      outName = 'Y';
    } else {
      model = matMulModel(w.m, w.k, w.n);
      feeds = {
        A: new ort.Tensor('float32', inputData(w.m * w.k, 1), [w.m, w.k]),
        B: new ort.Tensor('float32', inputData(w.k * w.n, 2), [w.k, w.n]),
      };
      outName = 'C';
    }
    const session = await ort.InferenceSession.create(model, opts);
    const times: number[] = [];
    let checksum = 0;
    const warmStart = performance.now();
    for (let r = 0; times.length < w.runs; r++) {
      const t0 = performance.now();
      const out = await session.run(feeds);
      if (w.read) checksum += (out[outName]!.data as Float32Array)[0]! * 0;
      const t1 = performance.now();
      const warming = r < w.warmup || t0 - warmStart < WARMUP_MS;
      if (!warming) times.push(t1 - t0);
      if (times.length === w.runs && !warming) checksum = (out[outName]!.data as Float32Array).reduce((s, v) => s + v, 0);
      next?.(out, r);
    }
    result.times[w.name] = times;
    result.checksums[w.name] = checksum;
    await session.release();
  }
} catch (e) {
  result.skipped = `onnxruntime-node unavailable: ${(e as Error).message.split('\n')[0]}`;
}
console.log(JSON.stringify(result));
