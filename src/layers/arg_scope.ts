/**
 * tf.contrib.framework.arg_scope: default options for chosen layer functions inside a body, e.g.
 *   argScope([fullyConnected], { activationFn: tl.elu, weightsInitializer: heInit }, () => { ... })
 * Options passed at a call win over the scope's; nested scopes add to (and override) the outer ones. Only
 * functions made scopable with addArgScope may be listed (as TF's @add_arg_scope).
 */
import { ArgumentError } from '../core/errors.js';

type AnyFn = (...args: any[]) => any;

const scopable = new WeakMap<AnyFn, string>();
const stack: Map<AnyFn, Record<string, unknown>>[] = [];

/** The defaults the open argScopes give fn (empty when none). */
export function currentArgScope(fn: AnyFn): Record<string, unknown> {
  const top = stack[stack.length - 1];
  return top?.get(fn) ?? {};
}

/**
 * Makes fn honour argScope: its options object (argument `optsIndex`) is merged over the scope's defaults for
 * it. Returns the wrapper, which is what argScope lists and users call.
 */
export function addArgScope<F extends AnyFn>(name: string, fn: F, optsIndex: number): F {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const defaults = currentArgScope(wrapped as AnyFn);
    if (Object.keys(defaults).length > 0) {
      const given = args[optsIndex];
      if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
        throw new ArgumentError(`${name}: the options argument must be an object, got ${String(given)}`);
      }
      while (args.length <= optsIndex) args.push(undefined);
      args[optsIndex] = { ...defaults, ...((given as object | undefined) ?? {}) };
    }
    return fn.apply(this, args);
  } as unknown as F;
  Object.defineProperty(wrapped, 'name', { value: name });
  scopable.set(wrapped, name);
  return wrapped;
}

/** Runs body with `defaults` applied to every function in fns (tf.contrib.framework.arg_scope). */
export function argScope<T>(fns: AnyFn | AnyFn[], defaults: Record<string, unknown>, body: () => T): T {
  const list = Array.isArray(fns) ? fns : [fns];
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) {
    throw new ArgumentError(`argScope: 'defaults' must be an object of options, got ${String(defaults)}`);
  }
  if (typeof body !== 'function') throw new ArgumentError(`argScope: the last argument must be a function`);
  for (const f of list) {
    if (typeof f !== 'function' || !scopable.has(f)) {
      throw new ArgumentError(`argScope: ${typeof f === 'function' ? f.name || 'a function' : String(f)} is not decorated with addArgScope (only tl.layers / tl.contrib.layers functions are)`);
    }
  }
  const top = new Map(stack[stack.length - 1] ?? []);
  for (const f of list) top.set(f, { ...(top.get(f) ?? {}), ...defaults });
  stack.push(top);
  try {
    return body();
  } finally {
    stack.pop();
  }
}
