/**
 * Plain-JS float64 references for the layers of layers_more.test.ts: loops over flat row-major arrays, written
 * from the layers' definitions (Keras / TF semantics), sharing no code with tensorlane.
 */

export interface Arr {
  shape: number[];
  data: Float64Array;
}

export const arr = (shape: number[], data: ArrayLike<number>): Arr => ({ shape, data: Float64Array.from(data) });
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const strides = (s: number[]) => s.map((_, i) => size(s.slice(i + 1)));
const offset = (st: number[], idx: number[]) => idx.reduce((a, v, i) => a + v * st[i]!, 0);

/** Every index of a shape, in row-major order. */
function* indices(shape: number[]): Generator<number[]> {
  const n = size(shape);
  const st = strides(shape);
  for (let f = 0; f < n; f++) yield shape.map((d, i) => Math.floor(f / st[i]!) % d);
}

function make(shape: number[], fn: (idx: number[]) => number): Arr {
  const out = new Float64Array(size(shape));
  let f = 0;
  for (const idx of indices(shape)) out[f++] = fn(idx);
  return { shape, data: out };
}

export const get = (a: Arr, idx: number[]) => a.data[offset(strides(a.shape), idx)]!;

/** TF's SAME: output ceil(n / s), total padding max((out - 1) s + (k - 1) d + 1 - n, 0), the odd cell at the end. */
function samePadBegin(n: number, k: number, s: number, d = 1): number {
  const out = Math.ceil(n / s);
  return Math.floor(Math.max((out - 1) * s + (k - 1) * d + 1 - n, 0) / 2);
}

/**
 * Depthwise convolution, channels last, any number of spatial axes: x [b, ...sp, c], k [...ks, c, m],
 * out[..., c * m + j] = sum over the window of x[.., c] k[.., c, j] (+ bias).
 */
export function depthwiseRef(x: Arr, k: Arr, bias: number[] | null, strides_: number[], padding: 'valid' | 'same', dil: number[]): Arr {
  const nd = x.shape.length - 2;
  const sp = x.shape.slice(1, -1);
  const ks = k.shape.slice(0, nd);
  const [c, m] = k.shape.slice(nd) as [number, number];
  const out = sp.map((n, i) => (padding === 'same' ? Math.ceil(n / strides_[i]!) : Math.ceil((n - (ks[i]! - 1) * dil[i]!) / strides_[i]!)));
  const pad = sp.map((n, i) => (padding === 'same' ? samePadBegin(n, ks[i]!, strides_[i]!, dil[i]!) : 0));
  return make([x.shape[0]!, ...out, c * m], (idx) => {
    const [b, o, ch] = [idx[0]!, idx.slice(1, -1), idx[idx.length - 1]!];
    const [ci, j] = [Math.floor(ch / m), ch % m];
    let s = bias ? bias[ch]! : 0;
    for (const w of indices(ks)) {
      const p = o.map((v, i) => v * strides_[i]! + w[i]! * dil[i]! - pad[i]!);
      if (p.some((v, i) => v < 0 || v >= sp[i]!)) continue;
      s += get(x, [b, ...p, ci]) * get(k, [...w, ci, j]);
    }
    return s;
  });
}

/** A pointwise (size-1) convolution: x [b, ...sp, c] times w [c, f] (+ bias). */
export function pointwiseRef(x: Arr, w: Arr, bias: number[] | null): Arr {
  const [c, f] = w.shape as [number, number];
  return make([...x.shape.slice(0, -1), f], (idx) => {
    let s = bias ? bias[idx[idx.length - 1]!]! : 0;
    for (let i = 0; i < c; i++) s += get(x, [...idx.slice(0, -1), i]) * get(w, [i, idx[idx.length - 1]!]);
    return s;
  });
}

/**
 * Transposed convolution, channels last, any number of spatial axes: x [b, ...sp, cin], k [...ks, cout, cin].
 * Each input cell p scatters x[p] k[j] to output p s + j - padBegin, where padBegin is the forward SAME
 * convolution's (the output of `same` is n s long, of `valid` n s + max(k - s, 0)).
 */
/**
 * Keras's transposed conv: output sizes by deconv_output_length (with output padding (n - 1) s + k - 2 pad + op,
 * pad k // 2 for 'same'), each input cell scattered over the dilated window starting at p s - padBefore, where
 * padBefore is what TF's 'same' forward conv of the output size would pad in front (0 for 'valid').
 */
export function convTransposeRef(
  x: Arr, k: Arr, bias: number[] | null, s: number[], padding: 'valid' | 'same', outputPadding: number[] | null = null, dil: number[] | null = null,
): Arr {
  const nd = x.shape.length - 2;
  const sp = x.shape.slice(1, -1);
  const ks = k.shape.slice(0, nd);
  const d = dil ?? ks.map(() => 1);
  const eff = ks.map((kk, i) => (kk - 1) * d[i]! + 1);
  const [cout, cin] = k.shape.slice(nd) as [number, number];
  const outSp = sp.map((n, i) => {
    if (outputPadding) return (n - 1) * s[i]! + eff[i]! - 2 * (padding === 'same' ? Math.floor(eff[i]! / 2) : 0) + outputPadding[i]!;
    return padding === 'same' ? n * s[i]! : n * s[i]! + Math.max(eff[i]! - s[i]!, 0);
  });
  const pad = sp.map((n, i) => (padding === 'same' ? Math.floor(Math.max((n - 1) * s[i]! + eff[i]! - outSp[i]!, 0) / 2) : 0));
  const out = make([x.shape[0]!, ...outSp, cout], (idx) => (bias ? bias[idx[idx.length - 1]!]! : 0));
  const ost = strides(out.shape);
  for (const xi of indices(x.shape.slice(0, -1))) {
    const [b, p] = [xi[0]!, xi.slice(1)];
    for (const w of indices(ks)) {
      const o = p.map((v, i) => v * s[i]! + w[i]! * d[i]! - pad[i]!);
      if (o.some((v, i) => v < 0 || v >= outSp[i]!)) continue;
      for (let co = 0; co < cout; co++) {
        let acc = 0;
        for (let ci = 0; ci < cin; ci++) acc += get(x, [b, ...p, ci]) * get(k, [...w, co, ci]);
        out.data[offset(ost, [b, ...o, co])]! += acc;
      }
    }
  }
  return out;
}

/** Zero padding (pairs per spatial axis), cropping (pairs), nearest upsampling (sizes): channels last. */
export function padRef(x: Arr, pads: [number, number][]): Arr {
  const shape = x.shape.map((d, i) => (i === 0 || i === x.shape.length - 1 ? d : d + pads[i - 1]![0] + pads[i - 1]![1]));
  return make(shape, (idx) => {
    const src = idx.map((v, i) => (i === 0 || i === idx.length - 1 ? v : v - pads[i - 1]![0]));
    return src.some((v, i) => v < 0 || v >= x.shape[i]!) ? 0 : get(x, src);
  });
}

export function cropRef(x: Arr, crops: [number, number][]): Arr {
  const shape = x.shape.map((d, i) => (i === 0 || i === x.shape.length - 1 ? d : d - crops[i - 1]![0] - crops[i - 1]![1]));
  return make(shape, (idx) => get(x, idx.map((v, i) => (i === 0 || i === idx.length - 1 ? v : v + crops[i - 1]![0]))));
}

export function upsampleRef(x: Arr, sizes: number[]): Arr {
  const shape = x.shape.map((d, i) => (i === 0 || i === x.shape.length - 1 ? d : d * sizes[i - 1]!));
  return make(shape, (idx) => get(x, idx.map((v, i) => (i === 0 || i === idx.length - 1 ? v : Math.floor(v / sizes[i - 1]!)))));
}

/** Mean or max over the spatial axes of a channels-last x: [b, c]. */
export function globalPoolRef(x: Arr, kind: 'avg' | 'max'): Arr {
  const sp = x.shape.slice(1, -1);
  return make([x.shape[0]!, x.shape[x.shape.length - 1]!], ([b, c]) => {
    let acc = kind === 'max' ? -Infinity : 0;
    for (const p of indices(sp)) {
      const v = get(x, [b!, ...p, c!]);
      acc = kind === 'max' ? Math.max(acc, v) : acc + v;
    }
    return kind === 'max' ? acc : acc / size(sp);
  });
}

/** Keras batch_dot of x and y over axes [ax, ay] (>= 1): the remaining axes of x, then of y; [b] -> [b, 1]. */
export function batchDotRef(x: Arr, y: Arr, ax: number, ay: number, normalize = false): Arr {
  const norm = (a: Arr, axis: number): Arr => {
    if (!normalize) return a;
    return make(a.shape, (idx) => {
      let ss = 0;
      for (let i = 0; i < a.shape[axis]!; i++) ss += get(a, idx.map((v, k) => (k === axis ? i : v))) ** 2;
      return get(a, idx) / Math.sqrt(Math.max(ss, 1e-12));
    });
  };
  const xn = norm(x, ax), yn = norm(y, ay);
  const restX = x.shape.filter((_, i) => i !== 0 && i !== ax);
  const restY = y.shape.filter((_, i) => i !== 0 && i !== ay);
  const rest = [...restX, ...restY];
  return make([x.shape[0]!, ...(rest.length ? rest : [1])], (idx) => {
    const b = idx[0]!;
    const ix = rest.length ? idx.slice(1, 1 + restX.length) : [];
    const iy = rest.length ? idx.slice(1 + restX.length) : [];
    const at = (r: number[], axis: number, i: number) => [b, ...r.slice(0, axis - 1), i, ...r.slice(axis - 1)];
    let s = 0;
    for (let i = 0; i < x.shape[ax]!; i++) s += get(xn, at(ix, ax, i)) * get(yn, at(iy, ay, i));
    return s;
  });
}
