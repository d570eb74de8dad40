import { isDType, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, TensorlaneError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import { makeTensorFrom, type TensorLike } from '../core/tensor_util.js';
import { getDefaultGraph, inGraphMode } from './graph.js';
import { setStaticValue } from './symbolic.js';

/** Normalizes a static shape: null or -1 for unknown dims. */
export function staticShape(op: string, shape: readonly (number | null)[]): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(`${op}: 'shape' must be an array (use null for unknown dims)`);
  return shape.map((d) => {
    if (d === null || d === -1) return -1;
    if (!Number.isInteger(d) || d < 0) throw new ArgumentError(`${op}: 'shape' ${JSON.stringify(shape)} has an invalid dimension ${d}`);
    return d;
  });
}

/**
 * A graph input to be fed at run time (tf.placeholder). `shape` is required; null (or -1) marks unknown dims,
 * e.g. [null, 784] for a batch of any size.
 */
export function placeholder(dtype: DType = 'float32', shape?: readonly (number | null)[], name?: string): Tensor {
  if (!isDType(dtype)) throw new DTypeError(`placeholder: unknown dtype '${String(dtype)}'`);
  if (shape === undefined) throw new ArgumentError('placeholder: a shape is required (use [] for a scalar and null for unknown dims)');
  const s = staticShape('placeholder', shape);
  const graph = getDefaultGraph();
  const node = graph.addNode({
    type: 'Placeholder',
    name: name ?? 'Placeholder',
    inputs: [],
    outputs: [{ shape: s, dtype }],
    attrs: { dtype, shape: s },
    run: () => {
      throw new TensorlaneError(`You must feed a value for placeholder tensor '${node.name}' with dtype ${dtype} and shape ${fmtShape(s)}`);
    },
  });
  return node.outputs[0]!;
}

/** A placeholder that yields `value` when not fed (tf.placeholder_with_default). */
export function placeholderWithDefault(value: TensorLike, shape?: readonly (number | null)[], name?: string): Tensor {
  const v = ENGINE.tidy(() => (value instanceof Object && 'dataId' in (value as object) ? (value as Tensor) : makeTensorFrom('placeholderWithDefault', 'value', value)));
  const s = shape === undefined ? [...v.shape] : staticShape('placeholderWithDefault', shape);
  ENGINE.keep(v);
  const graph = getDefaultGraph();
  const node = graph.addNode({
    type: 'PlaceholderWithDefault',
    name: name ?? 'PlaceholderWithDefault',
    inputs: [],
    outputs: [{ shape: s, dtype: v.dtype }],
    attrs: { shape: s },
    run: () => [ENGINE.shareCopy(v)],
  });
  // A small int constant is known while building: a shape made of it lets ops infer their output shapes.
  if ((v.dtype === 'int32' || v.dtype === 'int64') && v.rank <= 1 && v.size <= 64) {
    setStaticValue(node.outputs[0]!, Array.from(v.dataSync() as ArrayLike<number | bigint>, Number));
  }
  return node.outputs[0]!;
}

/**
 * A constant. In graph mode it is a 'Const' node of the default graph (named, shown in TensorBoard); in eager
 * mode, a tensor.
 */
export function constant(value: TensorLike, dtype?: DType, shape?: readonly number[], name?: string): Tensor {
  const v = makeTensorFrom('constant', 'value', value, shape, dtype);
  if (!inGraphMode()) return v;
  ENGINE.keep(v);
  const node = getDefaultGraph().addNode({
    type: 'Const',
    name: name ?? 'Const',
    inputs: [],
    outputs: [{ shape: [...v.shape], dtype: v.dtype }],
    attrs: { dtype: v.dtype, shape: [...v.shape] },
    run: () => [ENGINE.shareCopy(v)],
  });
  // A small int constant is known while building: a shape made of it lets ops infer their output shapes.
  if ((v.dtype === 'int32' || v.dtype === 'int64') && v.rank <= 1 && v.size <= 64) {
    setStaticValue(node.outputs[0]!, Array.from(v.dataSync() as ArrayLike<number | bigint>, Number));
  }
  return node.outputs[0]!;
}
