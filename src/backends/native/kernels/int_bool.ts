/**
 * int32 / bool kernels on the addon, so typical training loops (ReLU and clipping gradients, masks, accuracy,
 * label casts) keep their tensors on the native backend: comparisons and logical ops (float32, int32 or bool
 * inputs -> bool), Select / where (float32, int32 or bool values), and Cast between float32, int32 and bool
 * (other casts, int64 and float64, run the js loop on the same arrays: no data moves either way).
 */
import type { Attrs, KernelFn, TensorInfo } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import type { DType } from '../../../core/dtype.js';
import { castUnchecked as jsCast } from '../../js/kernels/Cast.js';
import { asNative, type NativeBackend } from '../backend_native.js';
import type { SupportFn } from '../backend_native.js';
import { broadcast } from '../../kernel_shapes.js';

type Typed = Float32Array | Int32Array | Uint8Array;
const TYPED = new Set<DType>(['float32', 'int32', 'bool']);
const typed = (nb: NativeBackend, t: TensorInfo) => nb.readSync(t.dataId) as Typed;

const opIndex = new WeakMap<object, Map<string, number>>();
function compareOp(nb: NativeBackend, name: string): number {
  let m = opIndex.get(nb.binding);
  if (!m) opIndex.set(nb.binding, (m = new Map(nb.binding.compareOps().map((n, i) => [n, i] as [string, number]))));
  const op = m.get(name);
  if (op === undefined) throw new Error(`native backend: the addon has no comparison ${name}`);
  return op;
}

/** A broadcasting comparison or logical op: a op b -> bool. */
export function compareKernel(name: string): KernelFn {
  return (inputs, _attrs, backend) => {
    const [a, b] = inputs as [TensorInfo, TensorInfo];
    const nb = asNative(backend);
    const shape = broadcast(a.shape, b.shape);
    const [out, o] = nb.makeOutput(shape, 'bool');
    nb.binding.compare(compareOp(nb, name), typed(nb, a), a.shape, typed(nb, b), b.shape, o as Uint8Array, shape);
    return out;
  };
}

/** LogicalNot: x == false. */
export const logicalNot: KernelFn = (inputs, _attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const nb = asNative(backend);
  const [out, o] = nb.makeOutput(x.shape, 'bool');
  nb.binding.compare(compareOp(nb, 'Equal'), typed(nb, x), x.shape, new Uint8Array(1), [], o as Uint8Array, x.shape);
  return out;
};

/** Select (where): cond ? a : b, all three broadcasting. */
export const select: KernelFn = (inputs, _attrs, backend) => {
  const [c, a, b] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const nb = asNative(backend);
  const shape = broadcast(broadcast(c.shape, a.shape), b.shape);
  const [out, o] = nb.makeOutput(shape, a.dtype);
  nb.binding.select(typed(nb, c) as Uint8Array, c.shape, typed(nb, a), a.shape, typed(nb, b), b.shape, o as Typed, shape);
  return out;
};

/** Cast: native between float32, int32 and bool; the js loop (on these same arrays) for everything else. */
export const cast: KernelFn = (inputs, attrs: Attrs, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const to = attrs.dtype as DType;
  if (!TYPED.has(x.dtype) || !TYPED.has(to)) return jsCast(inputs, attrs, backend, outs);
  const nb = asNative(backend);
  const [out, o] = nb.makeOutput(x.shape, to);
  nb.binding.cast(typed(nb, x), o as Typed);
  return out;
};

const COMPARE = [K.Equal, K.NotEqual, K.Less, K.LessEqual, K.Greater, K.GreaterEqual];
const LOGICAL = [K.LogicalAnd, K.LogicalOr];

export const kernels: [string, KernelFn][] = [
  ...COMPARE.map((k): [string, KernelFn] => [k, compareKernel(k)]),
  ...LOGICAL.map((k): [string, KernelFn] => [k, compareKernel(k)]),
  [K.LogicalNot, logicalNot],
  [K.Select, select],
  [K.Cast, cast],
];

/** Which inputs each of these kernels accepts (the rest fall back to js). */
export const supports: Map<string, SupportFn> = new Map<string, SupportFn>([
  ...COMPARE.map((k): [string, SupportFn] => [k, (ins) => ins.every((t) => TYPED.has(t.dtype))]),
  ...[...LOGICAL, K.LogicalNot].map((k): [string, SupportFn] => [k, (ins) => ins.every((t) => t.dtype === 'bool')]),
  [K.Select, (ins) => ins[0]!.dtype === 'bool' && TYPED.has(ins[1]!.dtype)],
  [K.Cast, () => true],
]);
