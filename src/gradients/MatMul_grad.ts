import type { GradConfig } from '../core/gradients.js';
import { MatMul } from '../core/kernel_names.js';
import { matMul } from '../ops/matmul.js';
import { unbroadcast } from './grad_util.js';

/**
 * TF's MatMul gradients for the four transpose combinations (C = op(A) op(B), dC = dy):
 *   tA=0 tB=0: dA = dy B^T,    dB = A^T dy
 *   tA=0 tB=1: dA = dy B,      dB = dy^T A
 *   tA=1 tB=0: dA = B dy^T,    dB = A dy
 *   tA=1 tB=1: dA = B^T dy^T,  dB = dy^T A^T
 * Each product has the broadcast batch shape of the output; `unbroadcast` sums it back over the batch dims that
 * broadcasting added or stretched for that input (the matrix dims already match).
 */
export const matMulGrad: GradConfig<'MatMul'> = {
  kernelName: MatMul,
  gradFunc: ([dy], [a, b], _outputs, attrs) => {
    const tA = attrs.transposeA === true;
    const tB = attrs.transposeB === true;
    const g = dy!;
    const A = a!, B = b!;
    let da: () => ReturnType<typeof matMul>;
    let db: () => ReturnType<typeof matMul>;
    if (!tA && !tB) {
      da = () => matMul(g, B, false, true);
      db = () => matMul(A, g, true, false);
    } else if (!tA && tB) {
      da = () => matMul(g, B, false, false);
      db = () => matMul(g, A, true, false);
    } else if (tA && !tB) {
      da = () => matMul(B, g, false, true);
      db = () => matMul(A, g, false, false);
    } else {
      da = () => matMul(B, g, true, true);
      db = () => matMul(g, A, true, true);
    }
    return [() => unbroadcast(da(), A.shape), () => unbroadcast(db(), B.shape)];
  },
};
