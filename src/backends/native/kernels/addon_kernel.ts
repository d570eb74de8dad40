/**
 * The one native KernelFn: every kernel the addon lists runs through it. It allocates the outputs the op
 * inferred (`outs`: nothing is recomputed here), hands the inputs' and outputs' typed arrays with their shapes
 * and the op's attrs object to the addon's generic `run`, which validates everything and reads the attrs it
 * declared by name, and returns the outputs.
 */
import type { AsyncKernelFn, Attrs, Backend, KernelFn, OutSpec, TensorInfo } from '../../../core/backend.js';
import { asNative } from '../backend_native.js';
import type { NativeArray, NativeKernelInfo } from '../binding.js';

interface Call {
  result: TensorInfo[];
  ins: NativeArray[];
  inShapes: number[][];
  outs: NativeArray[];
  outShapes: number[][];
}

function prepare(k: NativeKernelInfo, inputs: readonly TensorInfo[], attrs: Attrs, backend: Backend, specs: readonly OutSpec[]): Call {
  const nb = asNative(backend);
  const ins: NativeArray[] = new Array<NativeArray>(inputs.length);
  const inShapes: number[][] = new Array<number[]>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    ins[i] = nb.readSync(inputs[i]!.dataId) as NativeArray;
    inShapes[i] = inputs[i]!.shape;
  }
  // Copy-on-write updates (optimizers): an output goes into its input's own buffer when the op allows it and
  // nothing else owns that buffer; otherwise a fresh array.
  const inPlace = k.inPlace.length > 0 && attrs.inPlace === true;
  const result: TensorInfo[] = new Array<TensorInfo>(specs.length);
  const outs: NativeArray[] = new Array<NativeArray>(specs.length);
  const outShapes: number[][] = new Array<number[]>(specs.length);
  for (let o = 0; o < specs.length; o++) {
    const s = specs[o]!;
    outShapes[o] = s.shape;
    const src = inPlace ? inputs[k.inPlace[o] ?? -1] : undefined;
    if (src && src.dataId.owners === 1 && src.dtype === s.dtype) {
      result[o] = { dataId: src.dataId, shape: [...s.shape], dtype: s.dtype };
      outs[o] = ins[k.inPlace[o]!]!;
      continue;
    }
    // Every native kernel writes each element of its outputs (LSTM gates under gateOutputs: false excepted, and
    // those are unspecified by contract), so float32 outputs may be recycled, uninitialised arrays.
    const [info, arr] = s.dtype === 'float32' ? nb.makeOutputUninit(s.shape) : nb.makeOutput(s.shape, s.dtype);
    result[o] = info;
    outs[o] = arr as NativeArray;
  }
  return { result, ins, inShapes, outs, outShapes };
}

/** The KernelFn of addon kernel `k`. */
export function addonKernel(k: NativeKernelInfo): KernelFn {
  return (inputs, attrs, backend, specs) => {
    const c = prepare(k, inputs, attrs, backend, specs);
    asNative(backend).binding.run(k.id, c.ins, c.inShapes, c.outs, c.outShapes, attrs);
    return c.result;
  };
}

/**
 * The engine's async-kernel form: outputs are allocated now and filled on a worker thread. The inputs must stay
 * alive and unmodified until `done` settles (runKernelAsync holds their buffers; the addon references the arrays).
 */
export function addonAsyncKernel(k: NativeKernelInfo): AsyncKernelFn {
  return (inputs, attrs, backend, specs) => {
    const c = prepare(k, inputs, attrs, backend, specs);
    const done = asNative(backend).binding.runAsync(k.id, c.ins, c.inShapes, c.outs, c.outShapes, attrs);
    return { result: c.result.length === 1 ? c.result[0]! : c.result, done };
  };
}

/** Which inputs kernel `k` accepts (its per-input dtypes from the addon; the last entry covers the rest). */
export function addonSupports(k: NativeKernelInfo): (inputs: readonly { dtype: string }[]) => boolean {
  const sets = k.dtypes.map((d) => new Set<string>(d));
  const last = sets.length - 1;
  return (inputs) => {
    for (let i = 0; i < inputs.length; i++) if (!sets[i < last ? i : last]!.has(inputs[i]!.dtype)) return false;
    return true;
  };
}
