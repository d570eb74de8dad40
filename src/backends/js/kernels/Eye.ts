import type { KernelFn } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';

/** Eye: [...batchShape, numRows, numColumns], one on each matrix's main diagonal, zero elsewhere. */
export const eye: KernelFn<'Eye'> = (_inputs, attrs, backend) => {
  const { batchShape, numRows, numColumns, dtype } = attrs;
  const [out, o] = asJs(backend).makeOutput([...batchShape, numRows, numColumns], dtype);
  const batches = sizeFromShape(batchShape);
  const diag = Math.min(numRows, numColumns);
  const matrix = numRows * numColumns;
  const one = dtype === 'int64' ? 1n : 1;
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < diag; i++) (o as unknown as (number | bigint)[])[b * matrix + i * numColumns + i] = one;
  }
  return out;
};
