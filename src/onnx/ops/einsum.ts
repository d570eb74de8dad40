/**
 * Einsum for one or two operands, with ellipsis and implicit output: labels only one operand has (and the
 * output lacks) are summed first; the two operands then become [batch, free, contracted] and [batch,
 * contracted, free] by transposes and reshapes and meet in one batched matMul.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** Parses the equation into per-operand label lists and the output's, expanding '...' to fresh labels. */
function parse(c: OpContext, eq: string, ranks: number[]): { ins: string[][]; out: string[] } {
  const clean = eq.replace(/\s+/g, '');
  const [lhs, rhs] = clean.split('->') as [string, string | undefined];
  const terms = lhs.split(',');
  if (terms.length !== ranks.length) throw c.error(`equation '${eq}' has ${terms.length} operands, the node ${ranks.length}`);
  const used = new Set(clean.replace(/[^A-Za-z]/g, ''));
  const pool = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('').filter((ch) => !used.has(ch));
  let ellRank = 0;
  terms.forEach((t, i) => {
    if (t.includes('...')) ellRank = Math.max(ellRank, ranks[i]! - t.replace('...', '').length);
  });
  const ell = pool.slice(0, ellRank);
  const expand = (t: string, rank: number) => {
    if (!t.includes('...')) {
      if (t.length !== rank) throw c.error(`operand term '${t}' has ${t.length} labels for rank ${rank}`);
      return t.split('');
    }
    const n = rank - t.replace('...', '').length;
    const [a, b] = t.split('...') as [string, string];
    return [...a.split(''), ...ell.slice(ellRank - n), ...b.split('')];
  };
  const ins = terms.map((t, i) => expand(t, ranks[i]!));
  let out: string[];
  if (rhs !== undefined) out = rhs.includes('...') ? (() => { const [a, b] = rhs.split('...') as [string, string]; return [...a.split(''), ...ell, ...b.split('')]; })() : rhs.split('');
  else {
    const counts = new Map<string, number>();
    ins.flat().forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
    out = [...ell, ...[...counts].filter(([l, n]) => n === 1 && !ell.includes(l)).map(([l]) => l).sort()];
  }
  for (const t of ins) if (new Set(t).size !== t.length) throw c.error(`repeated labels within one operand (diagonals) are not supported: '${eq}'`);
  return { ins, out };
}

/** Sums away labels of x that neither `keep` lists. */
function sumAway(x: Tensor, labels: string[], keep: Set<string>): [Tensor, string[]] {
  const axes = labels.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return [x, labels];
  return [g.sum(x, axes), labels.filter((l) => keep.has(l))];
}

function einsum(c: OpContext): Tensor {
  const xs = c.inputs.filter((t): t is Tensor => !!t);
  if (xs.length < 1 || xs.length > 2) throw c.error(`Einsum with ${xs.length} operands is not supported (1 or 2)`);
  for (const x of xs) if (x.shape.some((d) => d < 0)) throw c.error('Einsum needs known operand shapes');
  const { ins, out } = parse(c, c.str('equation', ''), xs.map((x) => x.rank));
  const outSet = new Set(out);
  if (xs.length === 1) {
    const [y, labels] = sumAway(xs[0]!, ins[0]!, outSet);
    return g.transpose(y, out.map((l) => labels.indexOf(l)));
  }
  const [aLabels0, bLabels0] = ins as [string[], string[]];
  const [a, aL] = sumAway(xs[0]!, aLabels0, new Set([...out, ...bLabels0]));
  const [b, bL] = sumAway(xs[1]!, bLabels0, new Set([...out, ...aL]));
  const batch = aL.filter((l) => bL.includes(l) && outSet.has(l));
  const contracted = aL.filter((l) => bL.includes(l) && !outSet.has(l));
  const aFree = aL.filter((l) => !bL.includes(l));
  const bFree = bL.filter((l) => !aL.includes(l));
  const size = (l: string) => (aL.includes(l) ? a.shape[aL.indexOf(l)]! : b.shape[bL.indexOf(l)]!);
  for (const l of [...batch, ...contracted]) {
    if (a.shape[aL.indexOf(l)] !== b.shape[bL.indexOf(l)]) throw c.error(`label '${l}' has sizes ${a.shape[aL.indexOf(l)]} and ${b.shape[bL.indexOf(l)]}`);
  }
  const sizes = (ls: string[]) => ls.map(size);
  const a3 = g.reshape(g.transpose(a, [...batch, ...aFree, ...contracted].map((l) => aL.indexOf(l))), [prod(sizes(batch)), prod(sizes(aFree)), prod(sizes(contracted))]);
  const b3 = g.reshape(g.transpose(b, [...batch, ...contracted, ...bFree].map((l) => bL.indexOf(l))), [prod(sizes(batch)), prod(sizes(contracted)), prod(sizes(bFree))]);
  const yLabels = [...batch, ...aFree, ...bFree];
  const y = g.reshape(g.matMul(a3, b3), sizes(yLabels));
  for (const l of out) if (!yLabels.includes(l)) throw c.error(`output label '${l}' is in no operand`);
  return g.transpose(y, out.map((l) => yLabels.indexOf(l)));
}

export const EINSUM_OPS: Record<string, OpDef> = {
  Einsum: { translate: einsum },
};
