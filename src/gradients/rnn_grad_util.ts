/**
 * Helpers of the fused recurrent gradients. One backward kernel gives the gradients of every input at once,
 * while the GradConfig protocol asks for one thunk per input: `memoGrads` runs the kernel on the first thunk
 * call and hands the other thunks the same results (the gradients nobody takes are freed with the backprop
 * scope). The backward kernels have no gradient of their own: `noSecondOrder` registers one that throws a
 * clear error, so a second-order gradient through a fused cell fails loudly instead of silently missing a
 * term (the engine only records kernels that have a gradient).
 */
import type { GradConfig, GradThunk } from '../core/gradients.js';
import type { KernelName } from '../core/kernel_attrs.js';
import { TensorlaneError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';

/** n thunks sharing one run of `f` (re-run if a previous result was disposed in between). */
export function memoGrads(n: number, f: () => Tensor[]): GradThunk[] {
  let cache: Tensor[] | null = null;
  const get = (k: number): Tensor => {
    if (!cache || cache.some((t) => t.isDisposed)) cache = f();
    return cache[k]!;
  };
  return Array.from({ length: n }, (_, k) => () => get(k));
}

/** A GradConfig for a backward kernel that refuses to be differentiated. */
export function noSecondOrder<N extends KernelName>(kernelName: N, opName: string): GradConfig<N> {
  return {
    kernelName,
    gradFunc: (_dy, inputs) =>
      inputs.map(() => () => {
        throw new TensorlaneError(
          `${kernelName}: second-order gradients through the fused ${opName} are not supported; ` +
            `pass { fused: false } to differentiate the composite form twice`,
        );
      }),
  };
}
