/** Every ONNX operator the importer translates, by op_type (default domain). */
import type { OpDef } from '../op_context.js';
import { CONV_OPS } from './conv.js';
import { ELEMENTWISE_OPS } from './elementwise.js';
import { INDEXING_OPS } from './indexing.js';
import { MATMUL_OPS } from './matmul.js';
import { MISC_OPS } from './misc.js';
import { NORMALIZATION_OPS } from './normalization.js';
import { POOL_OPS } from './pool.js';
import { REDUCE_OPS } from './reduce.js';
import { RESIZE_OPS } from './resize.js';
import { RNN_OPS } from './rnn.js';
import { CONTROL_FLOW_OPS } from './control_flow.js';
import { EINSUM_OPS } from './einsum.js';
import { LOSS_OPS } from './losses.js';
import { QUANTIZE_OPS } from './quantize.js';
import { SHAPE_OPS } from './shape.js';

export const OPS: Record<string, OpDef> = {
  ...ELEMENTWISE_OPS,
  ...MATMUL_OPS,
  ...CONV_OPS,
  ...POOL_OPS,
  ...NORMALIZATION_OPS,
  ...REDUCE_OPS,
  ...SHAPE_OPS,
  ...INDEXING_OPS,
  ...MISC_OPS,
  ...RESIZE_OPS,
  ...RNN_OPS,
  ...CONTROL_FLOW_OPS,
  ...EINSUM_OPS,
  ...LOSS_OPS,
  ...QUANTIZE_OPS,
};

/** The supported operator types, sorted. */
export function supportedOps(): string[] {
  return Object.keys(OPS).sort();
}
