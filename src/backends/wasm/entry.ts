import type { KernelFn } from '../../core/backend.js';
import type { KernelName } from '../../core/kernel_attrs.js';

/** A registration entry as the engine takes it (name, untyped fn). */
export type Entry = readonly [string, KernelFn];

/**
 * Pairs a kernel name with glue typed for it (`KernelFn<'Conv2D'>`). The one widening of the attrs type: the
 * engine calls `fn` only with the attrs of `name`.
 */
export function entry<N extends KernelName>(name: N, fn: KernelFn<N>): Entry {
  return [name, fn as unknown as KernelFn];
}
