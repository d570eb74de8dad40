// Data-movement kernels on wasm tensors. Reshape / Identity share the input's buffer (no data access: the js
// functions serve as they are). The rest run the js implementation on copies (`viaJs`): the input stays on
// wasm and the result is written back, so a float32 chain with an occasional transpose or slice does not
// migrate its tensors to js and back (which the engine's fallback would do, with the same two copies).
import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { entry, type Entry } from '../entry.js';
import * as K from '../../../core/kernel_names.js';
import { reshape, identity } from '../../js/kernels/Reshape.js';
import { cast } from '../../js/kernels/Cast.js';
import { broadcastTo } from '../../js/kernels/BroadcastTo.js';
import { stridedSlice } from '../../js/kernels/StridedSlice.js';
import { stridedSliceGrad } from '../../js/kernels/StridedSliceGrad.js';
import { tile } from '../../js/kernels/Tile.js';
import { pad } from '../../js/kernels/Pad.js';
import { reverse } from '../../js/kernels/Reverse.js';
import { gatherV2 } from '../../js/kernels/GatherV2.js';
import { oneHot } from '../../js/kernels/OneHot.js';
import { select } from '../../js/kernels/Select.js';
import { asWasm } from '../backend_wasm.js';

/** Runs a js kernel on copies of wasm inputs and stores its outputs on wasm. */
export function viaJs(fn: KernelFn): KernelFn {
  return (inputs, attrs, backend, outSpecs) => {
    const wb = asWasm(backend);
    const js = wb.jsScratch;
    const jsIn: TensorInfo[] = inputs.map((t) => js.write(wb.readSync(t.dataId).slice(), t.shape, t.dtype));
    let res: TensorInfo | TensorInfo[];
    try {
      res = fn(jsIn, attrs, js, outSpecs);
    } catch (e) {
      for (const t of jsIn) js.free(t.dataId);
      throw e;
    }
    const list = Array.isArray(res) ? res : [res];
    const outs = list.map((o) => {
      const k = jsIn.findIndex((t) => t.dataId === o.dataId);
      // An output sharing an input's buffer (a no-op slice, a cast to the same dtype) shares the wasm buffer.
      if (k >= 0) return { dataId: inputs[k]!.dataId, shape: o.shape, dtype: o.dtype };
      const w = wb.write(js.readSync(o.dataId), o.shape, o.dtype);
      js.free(o.dataId);
      return w;
    });
    for (const t of jsIn) js.free(t.dataId);
    return Array.isArray(res) ? outs : outs[0]!;
  };
}

/** Data-movement kernels that run through the js implementation (assembly has no version of them). */
const castViaJs = viaJs(cast);

/**
 * Cast: bool / int32 / float32 to float32 (a Relu gradient's mask, labels) converts in place in linear memory
 * (every such value is exact or rounds once, as the js kernel does); other casts use the js kernel, which
 * holds TF's float-to-int rules.
 */
const castKernel: KernelFn<'Cast'> = (inputs, attrs, backend, outs) => {
  const x = inputs[0]!;
  if (attrs.dtype !== 'float32' || !(x.dtype === 'bool' || x.dtype === 'int32' || x.dtype === 'float32')) {
    return castViaJs(inputs, attrs, backend, outs);
  }
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  const src = wb.readSync(x.dataId) as Uint8Array | Int32Array | Float32Array; // a fresh view, after the allocation
  new Float32Array(src.buffer, po, src.length).set(src);
  return out;
};

/** Fill writes the value straight into a new block (zeros and ones of every gradient and initializer). */
const fillKernel: KernelFn<'Fill'> = (_inputs, { value }, backend, outs) => {
  const wb = asWasm(backend);
  const [out] = wb.makeOutput(outs[0]!.shape, outs[0]!.dtype);
  const view = wb.readSync(out.dataId);
  if (view instanceof BigInt64Array) view.fill(BigInt(value as number));
  else (view as Float32Array).fill(Number(value));
  return out;
};

export const kernels: Entry[] = [
  [K.Reshape, reshape],
  [K.Identity, identity],
  [K.StopGradient, identity],
  entry(K.Cast, castKernel),
  entry(K.Fill, fillKernel),
  [K.BroadcastTo, viaJs(broadcastTo)],
  [K.StridedSlice, viaJs(stridedSlice)],
  [K.StridedSliceGrad, viaJs(stridedSliceGrad)],
  [K.Tile, viaJs(tile)],
  [K.Pad, viaJs(pad)],
  [K.Reverse, viaJs(reverse)],
  [K.GatherV2, viaJs(gatherV2)],
  [K.OneHot, viaJs(oneHot)],
  [K.Select, viaJs(select)],
];

/** These accept every dtype. */
export const anyDType = new Set<string>(kernels.map(([k]) => k));
