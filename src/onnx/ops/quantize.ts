/**
 * QuantizeLinear and DequantizeLinear (per-tensor or per-axis scale and zero point), so quantized models'
 * Q/DQ pairs import: dequantization is (x - zero_point) * scale in float32; quantization rounds half to even,
 * adds the zero point and saturates to uint8 (default) or int8, held in int32.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

/** Reshapes a per-axis [C] parameter to broadcast along `axis` of x. */
function alongAxis(c: OpContext, p: Tensor, x: Tensor): Tensor {
  if (p.rank === 0 || (p.rank === 1 && p.shape[0] === 1)) return g.reshape(p, []);
  const axis = c.axis(c.int('axis', 1), x.rank);
  return g.reshape(p, x.shape.map((_, k) => (k === axis ? -1 : 1)));
}

function dequantize(c: OpContext): Tensor {
  const x = c.input(0);
  const scale = alongAxis(c, c.input(1), x);
  const zp = c.opt(2) ? alongAxis(c, g.cast(c.input(2), 'float32'), x) : null;
  const xf = g.cast(x, 'float32');
  return g.mul(zp ? g.sub(xf, zp) : xf, scale);
}

function quantize(c: OpContext): Tensor {
  const x = c.input(0);
  const scale = alongAxis(c, c.input(1), x);
  const zpT = c.opt(2);
  // The zero point's ONNX type picks the range; without one the output is uint8.
  const signed = zpT ? c.inputOnnxType(2) === 'int8' : false;
  const [lo, hi] = signed ? [-128, 127] : [0, 255];
  let q = g.round(g.div(x, scale));
  if (zpT) q = g.add(q, alongAxis(c, g.cast(zpT, x.dtype), x));
  return g.cast(g.clipByValue(q, lo, hi), 'int32');
}

export const QUANTIZE_OPS: Record<string, OpDef> = {
  DequantizeLinear: { translate: dequantize },
  QuantizeLinear: { translate: quantize },
};
