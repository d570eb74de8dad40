import type { Attrs } from './backend.js';
import type { KernelAttrs, KernelName } from './kernel_attrs.js';
import type { Tensor } from './tensor.js';

/**
 * The gradient of one kernel, written with public ops so it serves eager mode, graph mode and every backend,
 * and is itself differentiable (second-order gradients).
 *
 * `dy[i]` is the gradient flowing into output i (zeros when that output did not reach the loss). The result
 * has one entry per input: a thunk computing that input's gradient (same shape as the input), or null when the
 * input is not differentiable (indices, booleans). Thunks let the engine skip gradients nobody needs.
 *
 * `GradConfig<'MaxPool'>` receives the attrs declared for MaxPool in kernel_attrs.ts.
 */
export interface GradConfig<N extends KernelName> {
  kernelName: N;
  gradFunc: (dy: Tensor[], inputs: Tensor[], outputs: Tensor[], attrs: KernelAttrs[N]) => (GradThunk | null)[];
}

/** The GradConfig of some kernel: what a family's list of gradients holds (each entry checked for its kernel). */
export type AnyGradConfig = { [N in KernelName]: GradConfig<N> }[KernelName];

/**
 * A gradient as the registry holds it, looked up by a recorded kernel name and called with the recorded attrs
 * (which the op built for that kernel, so they have the declared type).
 */
export interface RegisteredGradient {
  kernelName: string;
  gradFunc: (dy: Tensor[], inputs: Tensor[], outputs: Tensor[], attrs: Attrs) => (GradThunk | null)[];
}

export type GradThunk = () => Tensor;
