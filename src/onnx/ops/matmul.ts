/** MatMul (numpy semantics, 1-D operands promoted and squeezed back) and Gemm (alpha, beta, transA, transB, C). */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpDef } from '../op_context.js';

export function onnxMatMul(a: Tensor, b: Tensor): Tensor {
  const a1 = a.rank === 1, b1 = b.rank === 1;
  let y = g.matMul(a1 ? g.expandDims(a, 0) : a, b1 ? g.expandDims(b, 1) : b);
  if (a1) y = g.squeeze(y, [y.rank - 2]);
  if (b1) y = g.squeeze(y, [y.rank - 1]);
  return y;
}

export const MATMUL_OPS: Record<string, OpDef> = {
  MatMul: { translate: (c) => onnxMatMul(c.input(0), c.input(1)) },
  Gemm: {
    translate: (c) => {
      const a = c.input(0), b = c.input(1), bias = c.opt(2);
      const alpha = c.float('alpha', 1), beta = c.float('beta', 1);
      if (a.rank !== 2 || b.rank !== 2) throw c.error(`A and B must be matrices, got shapes [${a.shape}] and [${b.shape}]`);
      let y = g.matMul(a, b, c.int('transA', 0) === 1, c.int('transB', 0) === 1);
      if (alpha !== 1) y = g.mul(y, g.scalar(alpha, y.dtype));
      if (bias && beta !== 0) y = g.add(y, beta === 1 ? bias : g.mul(bias, g.scalar(beta, bias.dtype)));
      return y;
    },
  },
};
