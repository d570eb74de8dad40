/**
 * tl.onnx.toKeras for the ops that pad, crop or repeat the spatial axes: Pad (zeros) -> ZeroPadding1D/2D/3D,
 * Slice (unit steps) -> Cropping1D/2D/3D, Resize / Upsample (nearest, whole factors) -> UpSampling1D/2D/3D.
 *
 * Data of rank 3 to 5 is read as channels-first when axis 1 is left alone (ONNX's NCHW, the usual case) and as
 * channels-last when the last axis is (an NHWC tensor, or [batch, steps, features]). Keras gives its 1-D forms
 * no dataFormat, so on channels-first [N, C, W] data they run between two Permute([2, 1]) layers, as the
 * convolutions' 1-D pads do (Conv1D itself stays channelsFirst).
 */
import {
  Cropping1D, Cropping2D, Cropping3D, Permute, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D,
} from '../keras/layers.js';
import type { Layer } from '../layers/base_layer.js';
import { nearestTable, resizeSpec } from './ops/resize.js';
import type { KNode } from './to_keras_graph.js';
import type { Handler, Planner } from './to_keras_plan.js';

type Pair = [number, number];
type DataFormat = 'channelsFirst' | 'channelsLast';

const fmt = (v: unknown) => JSON.stringify(v);
/** ONNX writes "to the end" as a huge end (INT64_MAX, INT32_MAX). */
const TO_END = 2147483647;

/**
 * A layer made for channels-last [N, W, C] data applied to channels-first [N, C, W] `x`, giving `out`:
 * Permute([2, 1]), the layer, Permute([2, 1]).
 */
function onSteps(p: Planner, n: KNode, x: string, out: string, make: () => Layer): void {
  const xs = p.shape(x), os = p.shape(out);
  const nwc = p.newValue(`${x}_nwc`, [xs[0]!, xs[2]!, xs[1]!], x);
  const done = p.newValue(`${out}_nwc`, [os[0]!, os[2]!, os[1]!], x);
  p.add({ label: n.label, inputs: [x], output: nwc, make: () => new Permute([2, 1]) });
  p.add({ label: n.label, inputs: [nwc], output: done, make });
  p.add({ label: n.label, inputs: [done], output: out, make: () => new Permute([2, 1]) });
}

/** Adds the layer `make(dataFormat)` from x to out, between Permutes for 1-D channels-first data. */
function spatialLayer(p: Planner, n: KNode, x: string, out: string, df: DataFormat, make: () => Layer): void {
  if (p.shape(x).length === 3 && df === 'channelsFirst') onSteps(p, n, x, out, make);
  else p.add({ label: n.label, inputs: [x], output: out, make });
}

/** The spatial entries of per-axis values of rank-(k + 2) data in `df`. */
const spatialOf = <T>(perAxis: T[], df: DataFormat): T[] => (df === 'channelsFirst' ? perAxis.slice(2) : perAxis.slice(1, -1));

/**
 * Which layout makes the changed axes (`touched[i]`) spatial: channels-first when axis 1 is untouched, else
 * channels-last when the last axis is; refused when the batch, or both candidate channel axes, change.
 */
function layoutOf(p: Planner, n: KNode, shape: number[], touched: boolean[], what: string): DataFormat {
  const r = shape.length;
  if (touched[0]) p.fail(n, `${what} the batch axis, which no tl.keras layer does`);
  if (r < 3 || r > 5) p.fail(n, `${what} data of shape [${shape}]; the tl.keras layers for it take [batch, ...1 to 3 spatial axes, channels] (rank 3 to 5)`);
  if (!touched[1]) return 'channelsFirst';
  if (!touched[r - 1]) return 'channelsLast';
  p.fail(n, `${what} axis 1 and the last axis of [${shape}]; one of them must be the channels, left alone`);
}

/** The ZeroPadding layer of `pads.length` spatial axes (1 to 3). */
function zeroPadding(pads: Pair[], df: DataFormat): Layer {
  const pairs = pads.map((q) => [...q] as Pair);
  if (pairs.length === 1) return new ZeroPadding1D(pairs[0]!);
  return pairs.length === 2 ? new ZeroPadding2D(pairs, { dataFormat: df }) : new ZeroPadding3D(pairs, { dataFormat: df });
}

/** A ZeroPadding1D/2D/3D before a 'valid' conv or pool on channels-first `x`: returns the padded value. */
export function zeroPad(p: Planner, n: KNode, x: string, pads: Pair[]): string {
  if (pads.some(([b, e]) => b < 0 || e < 0)) p.fail(n, `negative pads ${fmt(pads)} (cropping) have no tl.keras form`);
  const s = p.shape(x);
  const padded = p.newValue(`${x}_padded`, [s[0]!, s[1]!, ...s.slice(2).map((d, i) => (d < 0 ? -1 : d + pads[i]![0] + pads[i]![1]))], x);
  spatialLayer(p, n, x, padded, 'channelsFirst', () => zeroPadding(pads, 'channelsFirst'));
  return padded;
}

/** Pad with zeros (mode 'constant', value 0, pads >= 0) on spatial axes -> ZeroPadding1D/2D/3D. */
const pad: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'data');
  const xs = p.shape(x);
  const r = xs.length;
  const mode = c.str('mode', 'constant');
  if (mode !== 'constant') p.fail(n, `mode '${mode}' repeats the data into the pads; ZeroPadding layers pad with zeros`);
  let pads: number[], value: number, axes: number[];
  if (p.opset >= 11) {
    pads = Array.from(p.cst(n, 1, 'pads').dataSync() as ArrayLike<number | bigint>, Number);
    const v = p.optCst(n, 2, 'constant_value');
    value = v && v.size > 0 ? Number(v.dataSync()[0]) : 0;
    const a = p.optCst(n, 3, 'axes');
    axes = a ? Array.from(a.dataSync() as ArrayLike<number | bigint>, (d) => c.axis(Number(d), r, 'axes entry')) : xs.map((_, i) => i);
  } else {
    pads = c.ints(p.opset >= 2 ? 'pads' : 'paddings') ?? [];
    value = c.float('value', 0);
    axes = xs.map((_, i) => i);
  }
  if (value !== 0) p.fail(n, `constant_value ${value}: ZeroPadding layers pad with zeros`);
  if (pads.length !== 2 * axes.length) p.fail(n, `pads ${fmt(pads)} must have 2 entries per padded axis (${axes.length})`);
  const perAxis: Pair[] = xs.map(() => [0, 0]);
  axes.forEach((a, k) => (perAxis[a] = [pads[k]!, pads[k + axes.length]!]));
  if (perAxis.some(([b, e]) => b < 0 || e < 0)) p.fail(n, `negative pads ${fmt(pads)} crop; only pads >= 0 map to ZeroPadding layers`);
  const touched = perAxis.map(([b, e]) => b !== 0 || e !== 0);
  if (!touched.some((t) => t)) return p.alias(n.outputs[0]!, x);
  const df = layoutOf(p, n, xs, touched, 'pads');
  const spatial = spatialOf(perAxis, df);
  spatialLayer(p, n, x, n.outputs[0]!, df, () => zeroPadding(spatial, df));
};

/** The Cropping layer of `crops.length` spatial axes (1 to 3). */
function cropping(crops: Pair[], df: DataFormat): Layer {
  const pairs = crops.map((q) => [...q] as Pair);
  if (pairs.length === 1) return new Cropping1D(pairs[0]!);
  return pairs.length === 2 ? new Cropping2D(pairs, { dataFormat: df }) : new Cropping3D(pairs, { dataFormat: df });
}

/** Slice with constant starts/ends and unit steps, keeping the batch and channels -> Cropping1D/2D/3D. */
const slice: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'data');
  const xs = p.shape(x);
  const r = xs.length;
  const ints = (i: number, what: string) => {
    const t = p.optCst(n, i, what);
    return t ? Array.from(t.dataSync() as ArrayLike<number | bigint>, Number) : null;
  };
  let starts: number[], ends: number[], axes: number[] | null, steps: number[] | null;
  if (p.opset >= 10) {
    starts = ints(1, 'starts') ?? p.fail(n, 'starts (input 1) is missing');
    ends = ints(2, 'ends') ?? p.fail(n, 'ends (input 2) is missing');
    axes = ints(3, 'axes');
    steps = ints(4, 'steps');
  } else {
    starts = c.ints('starts') ?? [];
    ends = c.ints('ends') ?? [];
    axes = c.ints('axes');
    steps = null;
  }
  if (steps && steps.some((s) => s !== 1)) p.fail(n, `steps ${fmt(steps)}: Cropping layers keep every cell (steps of 1)`);
  if (ends.length !== starts.length) p.fail(n, `starts ${fmt(starts)} and ends ${fmt(ends)} differ in length`);
  const crops: Pair[] = xs.map(() => [0, 0]);
  starts.forEach((s, k) => {
    const ax = c.axis(axes ? axes[k]! : k, r, 'axes entry');
    const d = xs[ax]!;
    const e = ends[k]!;
    if (d < 0) {
      // An unknown size (the batch) can only be cut at the start; an end past any size keeps the rest.
      if (s < 0 || e < TO_END) p.fail(n, `slicing axis ${ax} of unknown size with starts ${s} and ends ${e} needs its size known`);
      crops[ax] = [s, 0];
      return;
    }
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    const b = clamp(s);
    crops[ax] = [b, d - Math.max(clamp(e), b)];
  });
  const touched = crops.map(([b, e]) => b !== 0 || e !== 0);
  if (!touched.some((t) => t)) return p.alias(n.outputs[0]!, x);
  const df = layoutOf(p, n, xs, touched, 'slices');
  const spatial = spatialOf(crops, df);
  spatialLayer(p, n, x, n.outputs[0]!, df, () => cropping(spatial, df));
};

/** The UpSampling layer of `sizes.length` spatial axes (1 to 3). */
function upSampling(size: number[], df: DataFormat): Layer {
  if (size.length === 1) return new UpSampling1D({ size: size[0]! });
  return size.length === 2 ? new UpSampling2D({ size, dataFormat: df }) : new UpSampling3D({ size, dataFormat: df });
}

/**
 * Resize / Upsample in nearest mode where every resized axis repeats each cell a whole number of times (output
 * cell i reads input cell floor(i / factor), checked against the node's own coordinate and rounding rules) ->
 * UpSampling1D/2D/3D. Interpolating modes and fractional factors have no tl.keras layer.
 */
const resize: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'X');
  const names = n.op === 'Resize' && p.opset >= 11 ? ['roi', 'scales', 'sizes'] : ['scales'];
  for (let i = 1; i < n.inputs.length; i++) p.optCst(n, i, names[i - 1] ?? `input ${i}`);
  const xs = p.shape(x);
  if (xs.slice(1).some((d) => d < 0)) p.fail(n, `needs the sizes past the batch known, got [${xs}]`);
  // The batch is left alone or refused below, whatever its size.
  const shape = [xs[0]! < 0 ? 1 : xs[0]!, ...xs.slice(1)];
  const spec = resizeSpec(n.ctx, shape);
  if (spec.mode !== 'nearest') p.fail(n, `mode '${n.ctx.str('mode', 'nearest')}' interpolates; UpSampling layers repeat cells (mode 'nearest')`);
  const factors = shape.map((d, a) => {
    const out = spec.sizes[a]!;
    if (out === d && spec.scales[a] === 1) return 1;
    if (out % d !== 0 || out === 0) p.fail(n, `axis ${a} goes from ${d} to ${out} cells, not a whole number of times; UpSampling repeats each cell`);
    const f = out / d;
    const table = nearestTable(n.ctx, spec, a, d);
    const at = table.findIndex((src, i) => src !== Math.floor(i / f));
    if (at >= 0) {
      p.fail(n, `with coordinate_transformation_mode '${spec.coord}' and nearest_mode '${spec.nearestMode}', output cell ${at} of axis ${a} reads input cell ${table[at]}, not ${Math.floor(at / f)}: not each cell repeated ${f} times as UpSampling does`);
    }
    return f;
  });
  const touched = factors.map((f) => f !== 1);
  if (!touched.some((t) => t)) return p.alias(n.outputs[0]!, x);
  const df = layoutOf(p, n, xs, touched, 'resizes');
  const size = spatialOf(factors, df);
  spatialLayer(p, n, x, n.outputs[0]!, df, () => upSampling(size, df));
};

export const SPATIAL_HANDLERS: Record<string, Handler> = { Pad: pad, Slice: slice, Resize: resize, Upsample: resize };
