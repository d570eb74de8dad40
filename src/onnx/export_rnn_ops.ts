/**
 * Export of the recurrent ops (lstmSequence/lstmCell/basicLSTMCell, gruSequence/gruCell, rnnSequence/
 * basicRNNCell) to ONNX LSTM, GRU and RNN.
 *
 * tensorlane keeps TF's layout: one kernel [inputSize + units, k * units] applied to concat([x, h]), one bias,
 * LSTM gates in the order i, j (the candidate), f, o, GRU gate kernel blocks r then u, and forgetBias added to
 * f. ONNX wants W [1, k*units, inputSize] and R [1, k*units, units] (the kernel's x rows and h rows,
 * transposed), gates in the order i, o, f, c (LSTM) and z, r, h (GRU, z = TF's u), biases Wb and Rb
 * concatenated ([1, 2k*units]), peepholes P [1, 3*units] in the order i, o, f. TF's GRU applies the reset gate
 * before the candidate's matmul: linear_before_reset = 0. The weight rearrangement is emitted as ONNX ops on
 * the weights (Slice/Concat/Transpose), which runtimes fold since the weights are initializers.
 *
 * TF's cell clip bounds the new cell state; ONNX's `clip` bounds the gates' pre-activations instead, so an LSTM
 * with cellClip > 0 is written unrolled (one block of primitive ops per step; its length must be known).
 */
import type { Tensor } from '../core/tensor.js';
import type { Emitter, ExportHandler, Outputs } from './export_ops.js';
import { squeeze, unsqueeze } from './export_layer_ops.js';

interface LstmOpts {
  forgetBias?: number;
  cellClip?: number;
  wci?: unknown;
  wcf?: unknown;
  wco?: unknown;
}

function slice(e: Emitter, x: string, axis: number, start: number, end: number): string {
  return e.emit('Slice', [x, e.int64([start]), e.int64([end]), e.int64([axis])])[0]!;
}

/** Column blocks `order` (each `units` wide) of a [rows, k * units] matrix, concatenated. */
function blocks(e: Emitter, m: string, units: number, order: number[], axis = 1): string {
  return e.emit('Concat', order.map((b) => slice(e, m, axis, b * units, (b + 1) * units)), { axis })[0]!;
}

/** W and R of an ONNX recurrent op from a TF kernel [inputSize + units, k * units] (gates reordered). */
function weights(e: Emitter, kernels: { k: unknown; order: number[] }[], inputSize: number, units: number): { W: string; R: string } {
  const part = (r0: number, r1: number) => {
    const cols = kernels.map(({ k, order }) => blocks(e, slice(e, e.value(k), 0, r0, r1), units, order));
    const m = cols.length === 1 ? cols[0]! : e.emit('Concat', cols, { axis: 1 })[0]!;
    return unsqueeze(e, e.emit('Transpose', [m], { perm: [1, 0] })[0]!, [0]);
  };
  return { W: part(0, inputSize), R: part(inputSize, inputSize + units) };
}

/** B [1, 2 * k * units]: Wb (the TF bias reordered, plus `add` per gate) then Rb (zeros). */
function biases(e: Emitter, parts: { b: unknown; order: number[] }[], units: number, add: number[] = []): string {
  let wb = e.emit('Concat', parts.map(({ b, order }) => blocks(e, e.value(b), units, order, 0)), { axis: 0 })[0]!;
  const n = units * add.length;
  if (add.some((v) => v !== 0)) wb = e.emit('Add', [wb, e.value(add.flatMap((v) => new Array<number>(units).fill(v)))])[0]!;
  const total = parts.reduce((s, p) => s + p.order.length, 0) * units;
  if (n !== 0 && n !== total) e.fail('internal: bias size');
  return unsqueeze(e, e.emit('Concat', [wb, e.value(new Array<number>(total).fill(0))], { axis: 0 })[0]!, [0]);
}

const dims = (kernel: unknown, k: number): { inputSize: number; units: number } => {
  const [rows, cols] = (kernel as Tensor).shape as [number, number];
  return { units: cols / k, inputSize: rows - cols / k };
};

/** LSTM over x [T, B, I] (a name) with TF gate layout; returns ONNX's Y [T,1,B,U], Y_h and Y_c. */
function onnxLstm(e: Emitter, x: string, c0: unknown, h0: unknown, kernel: unknown, bias: unknown, o: LstmOpts): string[] {
  const { inputSize, units } = dims(kernel, 4);
  const ORDER = [0, 3, 2, 1]; // TF i, j, f, o -> ONNX i, o, f, c
  const { W, R } = weights(e, [{ k: kernel, order: ORDER }], inputSize, units);
  const B = biases(e, [{ b: bias, order: ORDER }], units, [0, 0, o.forgetBias ?? 1, 0]);
  const ins = [x, W, R, B, '', unsqueeze(e, e.value(h0), [0]), unsqueeze(e, e.value(c0), [0])];
  if (o.wci !== undefined && o.wci !== null) {
    ins.push(unsqueeze(e, e.emit('Concat', [e.value(o.wci), e.value(o.wco), e.value(o.wcf)], { axis: 0 })[0]!, [0]));
  }
  return e.emit('LSTM', ins, { hidden_size: units }, 3);
}

/** The composite LSTM, unrolled over `T` steps (TF's cell clip on the cell state). Returns [cSeq, hSeq]. */
function unrolledLstm(e: Emitter, x: unknown, T: number, c0: unknown, h0: unknown, kernel: unknown, bias: unknown, o: LstmOpts): string[] {
  if (!(T > 0)) e.fail('an LSTM with cellClip > 0 is exported unrolled, which needs the sequence length known at export (ONNX LSTM clips the gates, not the cell state)');
  const { units } = dims(kernel, 4);
  const k = e.value(kernel), b = e.value(bias), xn = e.value(x);
  const sig = (v: string) => e.emit('Sigmoid', [v])[0]!;
  const add = (a: string, v: string) => e.emit('Add', [a, v])[0]!;
  const mul = (a: string, v: string) => e.emit('Mul', [a, v])[0]!;
  const peep = o.wci !== undefined && o.wci !== null ? [e.value(o.wci), e.value(o.wcf), e.value(o.wco)] : null;
  let c = e.value(c0), h = e.value(h0);
  const cs: string[] = [], hs: string[] = [];
  for (let t = 0; t < T; t++) {
    const xt = squeeze(e, slice(e, xn, 0, t, t + 1), [0]);
    const gates = add(e.emit('MatMul', [e.emit('Concat', [xt, h], { axis: 1 })[0]!, k])[0]!, b);
    const g = [0, 1, 2, 3].map((i) => slice(e, gates, 1, i * units, (i + 1) * units));
    let [i, , fg, og] = g as [string, string, string, string];
    if (peep) {
      i = add(i, mul(c, peep[0]!));
      fg = add(fg, mul(c, peep[1]!));
    }
    let nc = add(mul(c, sig(add(fg, e.value(o.forgetBias ?? 1)))), mul(sig(i), e.emit('Tanh', [g[1]!])[0]!));
    const clip = o.cellClip ?? -1;
    if (clip > 0) nc = e.emit('Clip', [nc, e.value(-clip), e.value(clip)])[0]!;
    if (peep) og = add(og, mul(nc, peep[2]!));
    h = mul(e.emit('Tanh', [nc])[0]!, sig(og));
    c = nc;
    cs.push(unsqueeze(e, c, [0]));
    hs.push(unsqueeze(e, h, [0]));
  }
  return [e.emit('Concat', cs, { axis: 0 })[0]!, e.emit('Concat', hs, { axis: 0 })[0]!];
}

const clipped = (o: LstmOpts | undefined) => (o?.cellClip ?? -1) > 0;

const lstmSequence: ExportHandler = (e, [x, c0, h0, kernel, bias, opts]): Outputs => {
  const o = (opts ?? {}) as LstmOpts;
  const T = (x as Tensor).shape[0]!;
  if (clipped(o)) return unrolledLstm(e, x, T, c0, h0, kernel, bias, o);
  const [Y, , Yc] = onnxLstm(e, e.value(x), c0, h0, kernel, bias, o);
  const h = squeeze(e, Y!, [1]);
  // ONNX LSTM returns every step's h but only the last c: the c sequence is whole only for one step.
  const c = T === 1 ? Yc! : { unavailable: 'its cell-state sequence (output 0) maps to ONNX LSTM, which returns only the last cell state; use the h sequence (output 1), or cellClip > 0 (unrolled export)' };
  return [c, h];
};

function lstmStep(e: Emitter, x: unknown, c: unknown, h: unknown, kernel: unknown, bias: unknown, o: LstmOpts): Outputs {
  if (clipped(o)) {
    const [cs, hs] = unrolledLstm(e, unsqueeze(e, e.value(x), [0]), 1, c, h, kernel, bias, o);
    return [squeeze(e, cs!, [0]), squeeze(e, hs!, [0])];
  }
  const [, Yh, Yc] = onnxLstm(e, unsqueeze(e, e.value(x), [0]), c, h, kernel, bias, o);
  return [squeeze(e, Yc!, [0]), squeeze(e, Yh!, [0])];
}

function onnxGru(e: Emitter, x: string, h0: unknown, gk: unknown, gb: unknown, ck: unknown, cb: unknown): string[] {
  const { inputSize, units } = dims(ck, 1);
  // TF gate kernel blocks: r (0), u (1); ONNX: z (= u), r, h.
  const { W, R } = weights(e, [{ k: gk, order: [1, 0] }, { k: ck, order: [0] }], inputSize, units);
  const B = biases(e, [{ b: gb, order: [1, 0] }, { b: cb, order: [0] }], units);
  return e.emit('GRU', [x, W, R, B, '', unsqueeze(e, e.value(h0), [0])], { hidden_size: units, linear_before_reset: 0 }, 2);
}

const RNN_ACT: Record<string, string> = { tanh: 'Tanh', relu: 'Relu', sigmoid: 'Sigmoid', linear: 'Affine' };

function onnxRnn(e: Emitter, x: string, h0: unknown, kernel: unknown, bias: unknown, activation: unknown): string[] {
  const act = activation ?? 'tanh';
  if (typeof act !== 'string' || !RNN_ACT[act]) e.fail(`a recurrent activation must be one of ${Object.keys(RNN_ACT).join(', ')} to export (a custom function has no ONNX form)`);
  const { inputSize, units } = dims(kernel, 1);
  const { W, R } = weights(e, [{ k: kernel, order: [0] }], inputSize, units);
  const B = biases(e, [{ b: bias, order: [0] }], units);
  const attrs: Record<string, number | string[] | { floats: number[] }> = { hidden_size: units, activations: [RNN_ACT[act]!] };
  if (act === 'linear') Object.assign(attrs, { activation_alpha: { floats: [1] }, activation_beta: { floats: [0] } });
  return e.emit('RNN', [x, W, R, B, '', unsqueeze(e, e.value(h0), [0])], attrs, 2);
}

export const RNN_EXPORTERS: Record<string, ExportHandler> = {
  lstmSequence,
  lstmCell: (e, [x, c, h, kernel, bias, opts]) => lstmStep(e, x, c, h, kernel, bias, (opts ?? {}) as LstmOpts),
  basicLSTMCell: (e, [x, c, h, kernel, bias, forgetBias]) => lstmStep(e, x, c, h, kernel, bias, { forgetBias: (forgetBias as number | undefined) ?? 1 }),
  gruSequence: (e, [x, h0, gk, gb, ck, cb]) => [squeeze(e, onnxGru(e, e.value(x), h0, gk, gb, ck, cb)[0]!, [1])],
  gruCell: (e, [x, h, gk, gb, ck, cb]) => [squeeze(e, onnxGru(e, unsqueeze(e, e.value(x), [0]), h, gk, gb, ck, cb)[1]!, [0])],
  rnnSequence: (e, [x, h0, kernel, bias, activation]) => [squeeze(e, onnxRnn(e, e.value(x), h0, kernel, bias, activation)[0]!, [1])],
  basicRNNCell: (e, [x, h, kernel, bias, activation]) => [squeeze(e, onnxRnn(e, unsqueeze(e, e.value(x), [0]), h, kernel, bias, activation)[1]!, [0])],
};
