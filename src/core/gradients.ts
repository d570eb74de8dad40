import type { Attrs } from './backend.js';
import type { Tensor } from './tensor.js';

/**
 * The gradient of one kernel, written with public ops so it serves eager mode, graph mode and every backend,
 * and is itself differentiable (second-order gradients).
 *
 * `dy[i]` is the gradient flowing into output i (zeros when that output did not reach the loss). The result
 * has one entry per input: a thunk computing that input's gradient (same shape as the input), or null when the
 * input is not differentiable (indices, booleans). Thunks let the engine skip gradients nobody needs.
 */
export interface GradConfig {
  kernelName: string;
  gradFunc: (dy: Tensor[], inputs: Tensor[], outputs: Tensor[], attrs: Attrs) => (GradThunk | null)[];
}

export type GradThunk = () => Tensor;
