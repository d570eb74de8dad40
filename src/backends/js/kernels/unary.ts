import type { Backend, KernelFn, TensorInfo } from '../../../core/backend.js';
import type { DType } from '../../../core/dtype.js';
import type { Empty, KernelWithAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { erf as erfNum } from './erf.js';

/**
 * Builds an elementwise unary kernel. `num` computes on JS numbers; `big` on int64 (absent: int64 unsupported,
 * which the op rejects first). `outDType` overrides the output dtype (isNaN gives bool). `i32`, when given,
 * replaces `num` for int32 input (where float64 arithmetic would lose bits before the 32-bit wrap).
 */
export function unaryKernel(
  name: string,
  num: (x: number) => number,
  big?: (x: bigint) => bigint,
  outDType?: DType,
  i32?: (x: number) => number,
): KernelFn<KernelWithAttrs<Empty>> {
  return (inputs: TensorInfo[], _attrs, backend: Backend) => {
    const x = inputs[0]!;
    const js = asJs(backend);
    const [out, o] = js.makeOutput(x.shape, outDType ?? x.dtype);
    const v = js.readSync(x.dataId);
    const n = o.length;
    if (x.dtype === 'int64' && (outDType ?? x.dtype) === 'int64') {
      if (!big) throw new Error(`${name}: int64 is not supported by this kernel`);
      const xi = v as BigInt64Array, r = o as BigInt64Array;
      for (let i = 0; i < n; i++) r[i] = big(xi[i]!);
      return out;
    }
    const f = x.dtype === 'int32' && i32 ? i32 : num;
    const xv = (x.dtype === 'int64' ? Float64Array.from(v as BigInt64Array, Number) : v) as Float64Array;
    const r = o as Float64Array;
    for (let i = 0; i < n; i++) r[i] = f(xv[i]!);
    return out;
  };
}

/**
 * Round half to even (TF's Round, numpy's rint): 0.5 -> 0, 1.5 -> 2, -2.5 -> -2. Math.round rounds half up,
 * which differs on every .5. Keeps the sign of zero for inputs in (-0.5, 0].
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r: number;
  if (d > 0.5) r = f + 1;
  else if (d < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

const bigAbs = (x: bigint): bigint => BigInt.asIntN(64, x < 0n ? -x : x);
const bigSign = (x: bigint): bigint => (x > 0n ? 1n : x < 0n ? -1n : 0n);

export const neg = unaryKernel('Neg', (x) => -x, (x) => BigInt.asIntN(64, -x));
export const exp = unaryKernel('Exp', Math.exp);
export const abs = unaryKernel('Abs', Math.abs, bigAbs);
export const sign = unaryKernel('Sign', Math.sign, bigSign);
export const square = unaryKernel('Square', (x) => x * x, (x) => BigInt.asIntN(64, x * x), undefined, (x) => Math.imul(x, x));
export const expm1 = unaryKernel('Expm1', Math.expm1);
export const log = unaryKernel('Log', Math.log);
export const log1p = unaryKernel('Log1p', Math.log1p);
export const sqrt = unaryKernel('Sqrt', Math.sqrt);
export const rsqrt = unaryKernel('Rsqrt', (x) => 1 / Math.sqrt(x));
export const reciprocal = unaryKernel('Reciprocal', (x) => 1 / x);
export const sin = unaryKernel('Sin', Math.sin);
export const cos = unaryKernel('Cos', Math.cos);
export const tan = unaryKernel('Tan', Math.tan);
export const asin = unaryKernel('Asin', Math.asin);
export const acos = unaryKernel('Acos', Math.acos);
export const atan = unaryKernel('Atan', Math.atan);
export const sinh = unaryKernel('Sinh', Math.sinh);
export const cosh = unaryKernel('Cosh', Math.cosh);
export const tanh = unaryKernel('Tanh', Math.tanh);
export const erf = unaryKernel('Erf', erfNum);
export const floor = unaryKernel('Floor', Math.floor);
export const ceil = unaryKernel('Ceil', Math.ceil);
export const round = unaryKernel('Round', roundHalfEven);
export const isNan = unaryKernel('IsNan', (x) => (Number.isNaN(x) ? 1 : 0), undefined, 'bool');
export const isFinite = unaryKernel('IsFinite', (x) => (Number.isFinite(x) ? 1 : 0), undefined, 'bool');
export const logicalNot = unaryKernel('LogicalNot', (x) => (x ? 0 : 1));
