/**
 * The one native KernelFn: every kernel the addon lists runs through it. It allocates the outputs the op
 * inferred (`outs`: nothing is recomputed here) and calls the addon's generic `run(id, meta, ...tensors)`: the
 * inputs' and outputs' typed arrays as arguments, and one Float64Array with the input count, every shape
 * (rank-prefixed) and the attrs, encoded by the kernel's encoder built once at load from the attr schema the
 * addon exports (native/cpu/dispatch/parse.h has the layout). The addon validates all of it.
 */
import type { AsyncKernelFn, Attrs, Backend, KernelFn, OutSpec, TensorInfo } from '../../../core/backend.js';
import { ArgumentError } from '../../../core/errors.js';
import { asNative } from '../backend_native.js';
import type { NativeArray, NativeAttrSpec, NativeBinding, NativeKernelInfo } from '../binding.js';

const MAX_INTS = 64;

/** Writes one attr's slots at `at`; returns the next free slot. */
type SlotWriter = (m: Float64Array, at: number, v: unknown) => number;

function slotWriter(kernel: string, a: NativeAttrSpec): SlotWriter {
  const bad = (want: string) => new TypeError(`${kernel}: attr '${a.name}' must be ${want}`);
  switch (a.kind) {
    case 'bool':
      return (m, at, v) => {
        if (v !== undefined && typeof v !== 'boolean') throw bad('a boolean');
        m[at] = v === undefined ? -1 : v ? 1 : 0;
        return at + 1;
      };
    case 'number':
      return (m, at, v) => {
        if (v !== undefined && typeof v !== 'number') throw bad('a number');
        m[at] = v === undefined ? 0 : 1;
        m[at + 1] = v === undefined ? 0 : v;
        return at + 2;
      };
    case 'ints':
      return (m, at, v) => {
        if (v === undefined) {
          m[at] = -1;
          return at + 1;
        }
        if (!Array.isArray(v) || v.length > MAX_INTS) throw bad(`an array of at most ${MAX_INTS} integers`);
        m[at] = v.length;
        for (let j = 0; j < v.length; j++) {
          const e: unknown = v[j];
          m[at + 1 + j] = typeof e === 'number' ? e : NaN; // the addon refuses what is not an integer
        }
        return at + 1 + v.length;
      };
    case 'enum': {
      const values = a.values ?? [];
      // -2: not one of the values (the addon names them).
      return (m, at, v) => {
        m[at] = v === undefined ? -1 : typeof v === 'string' && values.includes(v) ? values.indexOf(v) : -2;
        return at + 1;
      };
    }
    default:
      throw new Error(`native: kernel ${kernel}: unknown attr kind '${String((a as NativeAttrSpec).kind)}'`);
  }
}

/** The slots an attr takes at most. */
function maxSlots(a: NativeAttrSpec): number {
  return a.kind === 'number' ? 2 : a.kind === 'ints' ? 1 + MAX_INTS : 1;
}

/** Encodes an attrs object into meta's attr slots from `at`; returns the next free slot. */
export type AttrEncoder = (m: Float64Array, at: number, attrs: Attrs) => number;

/** Kernel `k`'s attr encoder, generic over its schema (built once at load). */
export function attrEncoder(k: NativeKernelInfo): AttrEncoder {
  const names = k.attrs.map((a) => a.name);
  const writers = k.attrs.map((a) => slotWriter(k.name, a));
  const n = writers.length;
  return (m, at, attrs) => {
    for (let i = 0; i < n; i++) at = writers[i]!(m, at, (attrs as Record<string, unknown>)[names[i]!]);
    return at;
  };
}

/** The most attr slots kernel `k` can need. */
function attrCapacity(k: NativeKernelInfo): number {
  return k.attrs.reduce((s, a) => s + maxSlots(a), 0);
}

/**
 * The longest meta a call on tensors of these shapes (ranks) can need, with `attrSlots` for the attrs: counted per
 * call, since a list kernel (Concat) takes thousands of inputs and most calls take two or three (addonCall counts
 * the same way on its infos, without building arrays of shapes).
 */
function metaLength(attrSlots: number, inShapes: readonly { length: number }[], outShapes: readonly { length: number }[]): number {
  let n = 1 + attrSlots;
  for (const s of inShapes) n += 1 + s.length;
  for (const s of outShapes) n += 1 + s.length;
  return n;
}

/** Writes shape `s` rank-prefixed at `at`; returns the next free slot. */
function writeShape(m: Float64Array, at: number, s: readonly number[]): number {
  m[at++] = s.length;
  for (let j = 0; j < s.length; j++) m[at++] = s[j]!;
  return at;
}

/**
 * run()'s meta for kernel `k` in a fresh array (tests and direct binding users; the backend reuses a scratch).
 */
export function encodeMeta(k: NativeKernelInfo, inShapes: readonly (readonly number[])[], outShapes: readonly (readonly number[])[],
  attrs: Attrs, encode: AttrEncoder = attrEncoder(k)): Float64Array {
  const m = new Float64Array(metaLength(attrCapacity(k), inShapes, outShapes));
  let at = 1;
  m[0] = inShapes.length;
  for (const s of inShapes) at = writeShape(m, at, s);
  for (const s of outShapes) at = writeShape(m, at, s);
  encode(m, at, attrs);
  return m;
}

/** The meta scratch every call reuses: the addon copies it during the call (a nested call gets a fresh one). */
let scratch = new Float64Array(0);
let busy = false;

/**
 * Fills `tensors` (the inputs' arrays, then fresh or in-place outputs) and meta `m`; returns the outputs' infos
 * (one info for a single output: no array on the hot path).
 */
function prepare(k: NativeKernelInfo, encode: AttrEncoder, m: Float64Array, tensors: NativeArray[], inputs: readonly TensorInfo[],
  attrs: Attrs, backend: Backend, specs: readonly OutSpec[]): TensorInfo | TensorInfo[] {
  const nb = asNative(backend);
  const nIn = inputs.length;
  m[0] = nIn;
  let at = 1;
  for (let i = 0; i < nIn; i++) {
    tensors[i] = nb.readSync(inputs[i]!.dataId) as NativeArray;
    at = writeShape(m, at, inputs[i]!.shape);
  }
  // Copy-on-write updates (optimizers): an output goes into its input's own buffer when the op allows it and
  // nothing else owns that buffer; otherwise a fresh array.
  const inPlace = k.inPlace.length > 0 && attrs.inPlace === true;
  const single = specs.length === 1;
  const result: TensorInfo[] | null = single ? null : new Array<TensorInfo>(specs.length);
  let first: TensorInfo | null = null;
  for (let o = 0; o < specs.length; o++) {
    const s = specs[o]!;
    at = writeShape(m, at, s.shape);
    const src = inPlace ? inputs[k.inPlace[o] ?? -1] : undefined;
    let info: TensorInfo;
    if (src && src.dataId.owners === 1 && src.dtype === s.dtype) {
      info = { dataId: src.dataId, shape: [...s.shape], dtype: s.dtype };
      tensors[nIn + o] = tensors[k.inPlace[o]!]!;
    } else {
      // Every native kernel writes each element of its outputs (LSTM gates under gateOutputs: false excepted,
      // and those are unspecified by contract), so float32 outputs may be recycled, uninitialised arrays.
      const [made, arr] = s.dtype === 'float32' ? nb.makeOutputUninit(s.shape) : nb.makeOutput(s.shape, s.dtype);
      info = made;
      tensors[nIn + o] = arr as NativeArray;
    }
    if (result) result[o] = info;
    else first = info;
  }
  encode(m, at, attrs);
  return result ?? first!;
}

/** The meta array of a call: the shared scratch, or a fresh one when a call is already being encoded. */
function metaFor(cap: number): Float64Array {
  if (busy) return new Float64Array(cap);
  if (scratch.length < cap) scratch = new Float64Array(cap);
  return scratch;
}

/** What both call forms do with the prepared call: launch it and shape the kernel's return value. */
type Finish<R> = (binding: NativeBinding, id: number, m: Float64Array, tensors: NativeArray[], result: TensorInfo | TensorInfo[]) => R;

/**
 * The call shared by the sync and async forms of kernel `k`: meta and outputs prepared, then `finish` launches
 * the addon while the meta scratch is held (the addon copies meta before it returns).
 */
function addonCall<R>(k: NativeKernelInfo, finish: Finish<R>): (inputs: TensorInfo[], attrs: Attrs, backend: Backend, specs: readonly OutSpec[]) => R {
  const encode = attrEncoder(k), attrSlots = attrCapacity(k), id = k.id;
  return (inputs, attrs, backend, specs) => {
    let cap = 1 + attrSlots;
    for (let i = 0; i < inputs.length; i++) cap += 1 + inputs[i]!.shape.length;
    for (let o = 0; o < specs.length; o++) cap += 1 + specs[o]!.shape.length;
    const nested = busy, m = metaFor(cap);
    busy = true;
    try {
      const tensors = new Array<NativeArray>(inputs.length + specs.length);
      const result = prepare(k, encode, m, tensors, inputs, attrs, backend, specs);
      return finish(asNative(backend).binding, id, m, tensors, result);
    } finally {
      busy = nested;
    }
  };
}

/**
 * The addon's own checks throw RangeError; what reaches them through the ops is data-dependent (a label out of
 * range, say), which the js kernels report as ArgumentError: the same type on every backend.
 */
function typedError(e: unknown): unknown {
  return e instanceof RangeError ? new ArgumentError(e.message) : e;
}

const runNow: Finish<TensorInfo | TensorInfo[]> = (binding, id, m, tensors, result) => {
  try {
    binding.run(id, m, ...tensors);
  } catch (e) {
    throw typedError(e);
  }
  return result;
};
const runOffThread: Finish<ReturnType<AsyncKernelFn>> = (binding, id, m, tensors, result) => {
  let done: Promise<void>;
  try {
    done = binding.runAsync(id, m, ...tensors);
  } catch (e) {
    throw typedError(e);
  }
  return {
    result,
    done: done.catch((e: unknown) => {
      throw typedError(e);
    }),
  };
};

/** The KernelFn of addon kernel `k`. */
export function addonKernel(k: NativeKernelInfo): KernelFn {
  return addonCall(k, runNow);
}

/**
 * The engine's async-kernel form: outputs are allocated now and filled when `done` resolves. The addon copies meta
 * and the inputs before it returns (the kernel runs on a worker thread on those copies) and writes the outputs on
 * the JS thread at completion; `done` rejects (code 'ERR_TL_DETACHED') if an output's buffer was transferred away
 * meanwhile (native/cpu/dispatch/async_call.h).
 */
export function addonAsyncKernel(k: NativeKernelInfo): AsyncKernelFn {
  return addonCall(k, runOffThread);
}

/**
 * Which inputs kernel `k` accepts: its per-input dtypes from the addon (the last entry covers the rest), and its
 * input count (a Concat of more inputs than the addon takes runs on js).
 */
export function addonSupports(k: NativeKernelInfo): (inputs: readonly { dtype: string }[]) => boolean {
  const sets = k.dtypes.map((d) => new Set<string>(d));
  const last = sets.length - 1;
  const [minIn, maxIn] = k.inputs;
  return (inputs) => {
    if (inputs.length < minIn || inputs.length > maxIn) return false;
    for (let i = 0; i < inputs.length; i++) if (!sets[i < last ? i : last]!.has(inputs[i]!.dtype)) return false;
    return true;
  };
}
