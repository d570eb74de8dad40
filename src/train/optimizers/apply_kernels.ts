/**
 * The fused optimizer updates (kernel_names.ts, train block: ApplyGradientDescent, ApplyMomentum, ApplyAdam,
 * ApplyRMSProp, ApplyAdagrad). When the variable, its slots, the gradient and the hyperparameters are all
 * float32 and the backend holding the variable implements the kernel, one kernel call computes the new
 * variable and slots (instead of ~10 elementwise ops, each a pass over memory and a tensor allocation);
 * otherwise the caller runs its pure-tensor rule, which stays the reference (float64 always uses it).
 *
 * In place or not: the kernels write new outputs unless `inPlace` is set, and even then only reuse a buffer
 * nothing else owns (copy-on-write, see kernel_names.ts). Eager updates set it (the Variables hold the only
 * reference to their buffers), so a training step reuses the variable and slot memory; a graph run does not
 * (the session may still hand the old value to other fetches of the same run), so there the update is
 * functional and the session swaps the new tensors in.
 */
import { ENGINE, type OutSpec } from '../../core/engine.js';
import type { KernelAttrs } from '../../core/kernel_attrs.js';
import type { Tensor } from '../../core/tensor.js';

type ApplyKernelName = 'ApplyGradientDescent' | 'ApplyMomentum' | 'ApplyAdam' | 'ApplyRMSProp' | 'ApplyAdagrad';

/** Whether the backend holding `t` implements `kernel`. */
function implementedWhere(kernel: string, t: Tensor): boolean {
  return ENGINE.hasKernel(kernel, t.dataId.backend.name);
}

/**
 * Runs an Apply* kernel on `inputs` (the variable first) when it qualifies, returning its `nOut` outputs
 * (the new variable and slots, each of the variable's shape); null when the caller should use its pure rule.
 */
export function applyKernel<N extends ApplyKernelName>(kernel: N, inputs: Tensor[], nOut: number, attrs: KernelAttrs[N]): Tensor[] | null {
  if (!inputs.every((t) => t.dtype === 'float32' && !t.isSymbolic)) return null;
  if (!implementedWhere(kernel, inputs[0]!)) return null;
  const x = inputs[0]!;
  const specs: OutSpec[] = Array.from({ length: nOut }, () => ({ shape: [...x.shape], dtype: x.dtype }));
  return ENGINE.runKernel(kernel, inputs, attrs, specs);
}
