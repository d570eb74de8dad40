/**
 * Reductions (ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare) and ArgMax/ArgMin. The axes come
 * from the attribute before opset 18 (13 for ReduceSum) and from the optional second input after;
 * noop_with_empty_axes=1 with no axes is the identity, otherwise no axes means all.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

type Reducer = (x: Tensor, axes: number[] | null, keep: boolean) => Tensor;

function reduce(f: Reducer, axesInputFrom: number): OpDef {
  return {
    staticInputs: [1],
    translate: (c: OpContext) => {
      const x = c.input(0);
      const keep = c.int('keepdims', 1) === 1;
      const axes = c.opset >= axesInputFrom ? c.optValues(1) : c.ints('axes');
      if (!axes || axes.length === 0) {
        if (c.int('noop_with_empty_axes', 0) === 1) return g.identity(x);
        return f(x, null, keep);
      }
      return f(x, axes.map((a) => c.axis(a, x.rank, 'axes entry')), keep);
    },
  };
}

const lift = (f: (x: Tensor, axis: number[] | null, keep: boolean) => Tensor): Reducer => f;

function argReduce(f: (x: Tensor, axis: number) => Tensor): OpDef {
  return {
    translate: (c) => {
      let x = c.input(0);
      const axis = c.axis(c.int('axis', 0), x.rank);
      const last = c.int('select_last_index', 0) === 1;
      if (last) x = g.reverse(x, [axis]);
      let idx = f(x, axis);
      if (last) idx = g.sub(g.scalar(x.shape[axis]! - 1, 'int32'), idx);
      return c.int('keepdims', 1) === 1 ? g.expandDims(idx, axis) : idx;
    },
  };
}

export const REDUCE_OPS: Record<string, OpDef> = {
  ReduceSum: reduce(lift(g.sum), 13),
  ReduceMean: reduce(lift(g.mean), 18),
  ReduceMax: reduce(lift(g.max), 18),
  ReduceMin: reduce(lift(g.min), 18),
  ReduceProd: reduce(lift(g.prod), 18),
  ReduceL1: reduce((x, a, k) => g.sum(g.abs(x), a, k), 18),
  ReduceL2: reduce((x, a, k) => g.sqrt(g.sum(g.square(x), a, k)), 18),
  ReduceLogSum: reduce((x, a, k) => g.log(g.sum(x, a, k)), 18),
  ReduceLogSumExp: reduce(lift(g.logSumExp), 18),
  ReduceSumSquare: reduce((x, a, k) => g.sum(g.square(x), a, k), 18),
  ArgMax: argReduce((x, a) => g.cast(g.argMax(x, a), 'int32')),
  ArgMin: argReduce((x, a) => g.cast(g.argMin(x, a), 'int32')),
};
