/**
 * The optimizer updates of the train family (kernel_names.ts: ApplyGradientDescent, ApplyMomentum, ApplyAdam,
 * ApplyRMSProp, ApplyAdagrad) on the addon's applyOptimizer: one vectorized pass per update. Scalars are read
 * here (Adam's lr_t is computed in float64 as TF does on the host); outputs are copy-on-write like the js
 * kernels: an input's own buffer when attrs.inPlace and nothing else owns it, else a fresh array.
 */
import type { Attrs, KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative, type NativeBackend } from '../backend_native.js';

function cow(nb: NativeBackend, t: TensorInfo, inPlace: boolean): [TensorInfo, Float32Array] {
  if (inPlace && t.dataId.owners === 1) return [{ dataId: t.dataId, shape: [...t.shape], dtype: t.dtype }, nb.f32(t)];
  return nb.makeOutputUninit(t.shape);
}

const kindsOf = new WeakMap<object, string[]>();

/** Runs kind `name` with state inputs `state` (variable first), gradient g and hyper [lr, a, b, c]. */
function run(nb: NativeBackend, name: string, g: TensorInfo, state: TensorInfo[], hyper: number[], attrs: Attrs): TensorInfo[] {
  let kinds = kindsOf.get(nb.binding);
  if (!kinds) kindsOf.set(nb.binding, (kinds = nb.binding.optimizerKinds()));
  const kind = kinds.indexOf(name);
  if (kind < 0) throw new Error(`native backend: the addon has no optimizer ${name}`);
  const outs = state.map((t) => cow(nb, t, attrs.inPlace === true));
  nb.binding.applyOptimizer(kind, nb.f32(g), state.map((t) => nb.f32(t)), outs.map(([, a]) => a), hyper);
  return outs.map(([info]) => info);
}

const scalar = (nb: NativeBackend, t: TensorInfo) => nb.f32(t)[0]!;

export const applyGradientDescent: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const [x, g, lr] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  return run(nb, 'GradientDescent', g, [x], [scalar(nb, lr), 0, 0, 0], attrs)[0]!;
};

export const applyMomentum: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const [x, acc, g, lr, mom] = inputs as TensorInfo[];
  return run(nb, attrs.useNesterov === true ? 'Nesterov' : 'Momentum', g!, [x!, acc!], [scalar(nb, lr!), scalar(nb, mom!), 0, 0], attrs);
};

export const applyAdam: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const [x, m, v, g] = inputs as TensorInfo[];
  const [lr, b1, b2, eps, p1, p2] = inputs.slice(4).map((t) => scalar(nb, t)) as [number, number, number, number, number, number];
  const lrT = (lr * Math.sqrt(1 - p2)) / (1 - p1);
  return run(nb, 'Adam', g!, [x!, m!, v!], [lrT, 1 - b1, 1 - b2, eps], attrs);
};

export const applyRMSProp: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const [x, ms, mom, g] = inputs as TensorInfo[];
  const [lr, decay, momentum, eps] = inputs.slice(4, 8).map((t) => scalar(nb, t)) as [number, number, number, number];
  const centered = attrs.centered === true;
  return run(nb, centered ? 'CenteredRMSProp' : 'RMSProp', g!, [x!, ms!, mom!, ...(centered ? [inputs[8]!] : [])], [lr, 1 - decay, momentum, eps], attrs);
};

export const applyAdagrad: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const [x, acc, g, lr] = inputs as TensorInfo[];
  return run(nb, 'Adagrad', g!, [x!, acc!], [scalar(nb, lr!), 0, 0, 0], attrs);
};
