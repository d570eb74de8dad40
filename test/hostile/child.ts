/**
 * Runs hostile cases on one backend, in a child process started by harness.ts:
 *   node --import tsx test/hostile/child.ts <backend> <first case index> [<case module>]
 * For each case it prints `S <i>` before the call and one JSON line `R {...}` after, so the parent can tell
 * which case hung (no `R` within its timeout) or crashed the process (exit before the `R`).
 *
 * A case passes when the call returns (and its `check`, if any, accepts the result) or throws a
 * TensorlaneError whose message names the op; and the tensor count is the same before and after.
 */
import * as tl from '../../src/index.js';
import * as ops from '../../src/ops/index.js';
import type { HostileCase } from './cases.js';

const [backend = 'js', firstArg = '0', modPath = './cases.js'] = process.argv.slice(2);
const { allCases } = (await import(modPath)) as { allCases: () => HostileCase[] };
await tl.ready();
if (!(await tl.setBackend(backend))) {
  process.stdout.write(`E backend ${backend} unavailable\n`);
  process.exit(2);
}

function collectTensors(x: unknown, out: Tensor[], depth = 0): void {
  if (depth > 4 || x === null || typeof x !== 'object') return;
  if (x instanceof tl.Tensor) out.push(x);
  else if (Array.isArray(x)) for (const e of x) collectTensors(e, out, depth + 1);
  else if (Object.getPrototypeOf(x) === Object.prototype) for (const e of Object.values(x)) collectTensors(e, out, depth + 1);
}
type Tensor = InstanceType<typeof tl.Tensor>;
const api = ops as unknown as Record<string, unknown>;

/** The op's other public names (lrn is localResponseNormalization, clone is identity): the same function in the barrel. */
function aliases(op: string): string[] {
  return [op, ...Object.keys(api).filter((k) => k !== op && typeof api[op] === 'function' && api[k] === api[op])];
}

const cases = allCases();
for (let i = Number(firstArg); i < cases.length; i++) {
  const c = cases[i]!;
  process.stdout.write(`S ${i}\n`);
  let verdict: { ok: boolean; how: string };
  let args: unknown[] = [];
  try {
    args = c.args(tl);
  } catch (e) {
    verdict = { ok: false, how: `building the arguments failed: ${String(e)}` };
    process.stdout.write(`R ${JSON.stringify({ i, name: c.name, ...verdict })}\n`);
    continue;
  }
  const before = tl.memory().numTensors;
  const t0 = performance.now();
  let result: unknown;
  try {
    result = c.run ? c.run(tl, args) : (tl as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op]!(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') result = await result;
    try {
      c.check?.(result, tl);
      verdict = { ok: true, how: 'returned' };
    } catch (e) {
      verdict = { ok: false, how: `wrong result: ${(e as Error).message}` };
    }
  } catch (e) {
    const err = e as Error;
    const typed = e instanceof tl.TensorlaneError;
    const msg = String(err?.message ?? e).slice(0, 300);
    const names = aliases(c.op).some((a) => msg.toLowerCase().includes(a.toLowerCase()));
    verdict = typed && names
      ? { ok: true, how: `${err.name}` }
      : { ok: false, how: `${typed ? 'message does not name the op' : 'untyped'}: ${err?.name ?? typeof e}: ${msg}` };
  }
  const ms = Math.round(performance.now() - t0);
  const made: Tensor[] = [];
  collectTensors(result, made);
  for (const t of made) if (!t.isDisposed) t.dispose();
  const after = tl.memory().numTensors;
  if (after !== before && verdict.ok) verdict = { ok: false, how: `leaked ${after - before} tensor(s) (${verdict.how})` };
  const inputs: Tensor[] = [];
  collectTensors(args, inputs);
  for (const t of inputs) if (!t.isDisposed) t.dispose();
  process.stdout.write(`R ${JSON.stringify({ i, name: c.name, ms, ...verdict })}\n`);
}
process.stdout.write('D\n');
