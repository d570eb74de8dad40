/**
 * If and Loop. If becomes tl.cond (a constant condition picks its branch at load). Loop is unrolled when its
 * trip count and its condition are known at load (the common exported form: a fixed count, with scan outputs
 * stacked); otherwise, without scan outputs, it becomes tl.whileLoop.
 */
import { ENGINE } from '../../core/engine.js';
import type { Tensor } from '../../core/tensor.js';
import { cond, whileLoop } from '../../graph/control_flow.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

/** Unrolled steps allowed before a Loop must be known to stop. */
const MAX_UNROLL = 10000;

function onnxIf(c: OpContext): Tensor[] {
  const thenG = c.graphAttr('then_branch'), elseG = c.graphAttr('else_branch');
  const p = g.reshape(c.input(0), []);
  return cond(p, () => c.subgraph!(thenG, []), () => c.subgraph!(elseG, []));
}

function loop(c: OpContext): Tensor[] {
  const body = c.graphAttr('body');
  const maxTrip = c.opt(0) ? c.values(0)[0]! : null;
  let keepGoing = c.opt(1) ? c.opt(1)! : null;
  let carried = c.inputs.slice(2).map((t) => t!);
  const nCarried = carried.length;
  const nScan = (body.output?.length ?? 0) - 1 - nCarried;
  const staticCond = keepGoing === null || !keepGoing.isSymbolic;
  if (maxTrip !== null && staticCond) {
    const scans: Tensor[][] = Array.from({ length: nScan }, () => []);
    let go = keepGoing === null ? true : c.values(1)[0] !== 0;
    for (let i = 0; i < maxTrip && go; i++) {
      if (i >= MAX_UNROLL) throw c.error(`the loop runs more than ${MAX_UNROLL} unrolled steps`);
      const outs = c.subgraph!(body, [g.scalar(i, 'int32'), keepGoing ?? g.scalar(true, 'bool'), ...carried]);
      keepGoing = outs[0]!;
      carried = outs.slice(1, 1 + nCarried);
      outs.slice(1 + nCarried).forEach((s, k) => scans[k]!.push(s));
      if (keepGoing.isSymbolic) throw c.error('the loop condition depends on run-time values while the loop also has a known trip count; this form is not supported');
      go = (keepGoing.dataSync() as ArrayLike<number>)[0] !== 0;
    }
    const scanOut = scans.map((s, k) => {
      if (s.length === 0) throw c.error(`scan output ${k} has no iterations (its shape is unknown)`);
      return g.stack(s, 0);
    });
    return [...carried, ...scanOut];
  }
  if (nScan > 0) throw c.error('a Loop with scan outputs needs a trip count and condition known at load');
  const limit = maxTrip ?? Infinity;
  // The loop's graph node reads its concrete initial values at every run: they outlive this translation.
  const keep = (t: Tensor) => (t.isSymbolic ? t : ENGINE.keep(t));
  const vars = [keep(g.scalar(0, 'int32')), keep(keepGoing ? g.reshape(keepGoing, []) : g.scalar(true, 'bool')), ...carried.map(keep)];
  const res = whileLoop(
    (i: Tensor, k: Tensor) => (limit === Infinity ? k : g.logicalAnd(k, g.less(i, g.scalar(limit, 'int32')))),
    (i: Tensor, k: Tensor, ...rest: Tensor[]) => {
      const outs = c.subgraph!(body, [i, k, ...rest]);
      return [g.add(i, g.scalar(1, 'int32')), g.reshape(outs[0]!, []), ...outs.slice(1, 1 + nCarried)];
    },
    vars,
  );
  return res.slice(2);
}

export const CONTROL_FLOW_OPS: Record<string, OpDef> = {
  If: { translate: onnxIf },
  Loop: { staticInputs: [0], translate: loop },
};
