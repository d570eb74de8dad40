/**
 * The recurrent kernels of the rnn family (kernel_names.ts) on the addon: each cell kernel runs the sequence
 * code with T = 1 (the shapes [B, ...] are [1, B, ...] without copying). float32 only (supports()).
 */
import type { Attrs, KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative, type NativeBackend } from '../backend_native.js';

const ACT: Record<string, number> = { tanh: 0, relu: 1, sigmoid: 2, linear: 3 };

/** [T, B, I, H] from x ([B, I] for a cell, [T, B, I] for a sequence) and a state [B, H]. */
function dims(x: TensorInfo, state: TensorInfo): number[] {
  const s = x.shape.length === 2 ? [1, ...x.shape] : x.shape;
  return [s[0]!, s[1]!, s[2]!, state.shape[1]!];
}

/** n float32 outputs of `shape` (fully written by the addon). */
function outputs(nb: NativeBackend, n: number, shape: number[]): [TensorInfo[], Float32Array[]] {
  const infos: TensorInfo[] = [], arrays: Float32Array[] = [];
  for (let k = 0; k < n; k++) {
    const [info, a] = nb.makeOutputUninit(shape);
    infos.push(info);
    arrays.push(a);
  }
  return [infos, arrays];
}

/** One output per input in `like`, shaped as that input. */
function gradOutputs(nb: NativeBackend, like: TensorInfo[]): [TensorInfo[], Float32Array[]] {
  const infos: TensorInfo[] = [], arrays: Float32Array[] = [];
  for (const t of like) {
    const [info, a] = nb.makeOutputUninit(t.shape);
    infos.push(info);
    arrays.push(a);
  }
  return [infos, arrays];
}

const stateShape = (x: TensorInfo, h: TensorInfo) => [...x.shape.slice(0, -1), h.shape[1]!];

interface LstmAttrs { forgetBias: number; cellClip: number; usePeephole: boolean; gateOutputs?: boolean }

/** LSTMBlockCell / LSTMBlockSequence: inputs x, cs, h, w, b (, wci, wcf, wco) -> i, cs, f, o, ci, co, h. */
export const lstmBlock: KernelFn = (inputs, attrs: Attrs, backend) => {
  const nb = asNative(backend);
  const a = attrs as unknown as LstmAttrs;
  const f = (k: number) => nb.f32(inputs[k]!);
  const [infos, outs] = outputs(nb, 7, stateShape(inputs[0]!, inputs[2]!));
  const peep = a.usePeephole ? [f(5), f(6), f(7)] : null;
  // gateOutputs false: i, f, o, ci, co stay unwritten (the op discards them); ~5% of a forward sequence.
  const keep = a.gateOutputs !== false;
  const written = keep ? outs : outs.map((o, k) => (k === 1 || k === 6 ? o : null));
  nb.binding.lstmSequence(dims(inputs[0]!, inputs[2]!), f(0), f(1), f(2), f(3), f(4), peep, a.forgetBias, a.cellClip, written);
  return infos;
};

/** LSTMBlockCellGrad / LSTMBlockSequenceGrad: forward inputs, 7 forward outputs, dcs, dh -> one gradient per forward input. */
export const lstmBlockGrad: KernelFn = (inputs, attrs: Attrs, backend) => {
  const nb = asNative(backend);
  const a = attrs as unknown as LstmAttrs;
  const nIn = a.usePeephole ? 8 : 5;
  const f = (k: number) => nb.f32(inputs[k]!);
  const [infos, grads] = gradOutputs(nb, inputs.slice(0, nIn));
  const peep = a.usePeephole ? [f(5), f(6), f(7)] : null;
  const states = Array.from({ length: 7 }, (_, k) => f(nIn + k));
  nb.binding.lstmSequenceGrad(dims(inputs[0]!, inputs[2]!), f(0), f(1), f(2), f(3), peep, a.cellClip, states, f(nIn + 7), f(nIn + 8), grads);
  return infos;
};

/** GRUBlockCell / GRUBlockSequence: x, h, wRu, bRu, wC, bC -> r, u, c, h. */
export const gruBlock: KernelFn = (inputs, _attrs, backend) => {
  const nb = asNative(backend);
  const f = (k: number) => nb.f32(inputs[k]!);
  const [infos, outs] = outputs(nb, 4, stateShape(inputs[0]!, inputs[1]!));
  nb.binding.gruSequence(dims(inputs[0]!, inputs[1]!), f(0), f(1), f(2), f(3), f(4), f(5), outs);
  return infos;
};

/** GRUBlockCellGrad / GRUBlockSequenceGrad: 6 forward inputs, 4 forward outputs, dh -> 6 gradients. */
export const gruBlockGrad: KernelFn = (inputs, _attrs, backend) => {
  const nb = asNative(backend);
  const f = (k: number) => nb.f32(inputs[k]!);
  const [infos, grads] = gradOutputs(nb, inputs.slice(0, 6));
  nb.binding.gruSequenceGrad(dims(inputs[0]!, inputs[1]!), f(0), f(1), f(2), f(4), [f(6), f(7), f(8), f(9)], f(10), grads);
  return infos;
};

/** BasicRNNCell / BasicRNNSequence: x, h, w, b -> h. */
export const basicRNN: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const f = (k: number) => nb.f32(inputs[k]!);
  const [info, out] = nb.makeOutputUninit(stateShape(inputs[0]!, inputs[1]!));
  nb.binding.rnnSequence(dims(inputs[0]!, inputs[1]!), ACT[(attrs as { activation: string }).activation]!, f(0), f(1), f(2), f(3), out);
  return info;
};

/** BasicRNNCellGrad / BasicRNNSequenceGrad: x, h, w, b, out, dOut -> dx, dh, dw, db. */
export const basicRNNGrad: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const f = (k: number) => nb.f32(inputs[k]!);
  const [infos, grads] = gradOutputs(nb, inputs.slice(0, 4));
  nb.binding.rnnSequenceGrad(dims(inputs[0]!, inputs[1]!), ACT[(attrs as { activation: string }).activation]!, f(0), f(1), f(2), f(4), f(5), grads);
  return infos;
};
