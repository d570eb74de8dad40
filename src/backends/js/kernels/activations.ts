import type { Backend, KernelFn, TensorInfo } from '../../../core/backend.js';
import type { AlphaAttrs, Empty, KernelWithAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { SELU_ALPHA, SELU_SCALE } from '../../../core/selu_constants.js';

/**
 * Elementwise activation kernels (float32/float64 only: the ops reject other dtypes). Each gets its own kernel
 * name so that faster backends can implement (and fuse) them directly. `f` may read the kernel's attrs.
 */
function mapFloats(x: TensorInfo, backend: Backend, f: (x: number) => number): TensorInfo {
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const v = js.readSync(x.dataId) as Float64Array;
  const r = o as Float64Array;
  for (let i = 0; i < v.length; i++) r[i] = f(v[i]!);
  return out;
}

function activationKernel(f: (x: number) => number): KernelFn<KernelWithAttrs<Empty>> {
  return (inputs, _attrs, backend) => mapFloats(inputs[0]!, backend, f);
}

/** The activations with an `alpha` attribute (LeakyRelu, Step). */
function alphaActivationKernel(f: (x: number, alpha: number) => number): KernelFn<KernelWithAttrs<AlphaAttrs>> {
  return (inputs, { alpha }, backend) => mapFloats(inputs[0]!, backend, (x) => f(x, alpha));
}


/** NaN must stay NaN: `x > 0 ? x : 0` would turn it into 0, Math.max keeps it. */
export const relu = activationKernel((x) => (x !== x ? x : Math.max(x, 0)));
export const relu6 = activationKernel((x) => (x !== x ? x : Math.min(Math.max(x, 0), 6)));
/** expm1 keeps full precision for small negative x (exp(x) - 1 would cancel). */
export const elu = activationKernel((x) => (x > 0 ? x : Math.expm1(x)));
export const selu = activationKernel((x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)));
export const leakyRelu = alphaActivationKernel((x, alpha) => (x > 0 ? x : alpha * x));

/** 1/(1+e^-x) for x >= 0 and e^x/(1+e^x) below: neither form overflows or loses the tail. */
export function sigmoidOf(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
export const sigmoid = activationKernel(sigmoidOf);

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large x, full precision for very negative x. */
export const softplus = activationKernel((x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));

/** tfjs's step: 1 where x > 0, alpha elsewhere; NaN stays NaN. */
export const step = alphaActivationKernel((x, alpha) => (x > 0 ? 1 : x !== x ? x : alpha));
