/**
 * model.summary(): Keras' table of layers, output shapes and parameter counts, with total, trainable and
 * non-trainable totals. A functional model also lists each layer's inbound layers ("Connected to").
 */
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Layer, Shape } from '../layers/base_layer.js';
import type { Model } from './model.js';

export interface SummaryOptions {
  /** Total width of the table (default 65, or 98 with the "Connected to" column). */
  lineLength?: number;
  /** Receives each line (default console.log). */
  printFn?: (line: string) => void;
}

const fmtShape = (s: Shape | Shape[]): string => (Array.isArray(s[0]) ? (s as Shape[]).map(fmtShape).join(', ') : `(${(s as Shape).map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`);
const fmtInt = (n: number): string => n.toLocaleString('en-US');

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! - 1).slice(0, Math.max(widths[i]! - 1, c.length)) + ' ')).join('');
}

/** Parameters of a layer's distinct weights. */
const paramsOf = (l: Layer): number => (l.built ? l.weights.reduce((n, v) => n + v.size, 0) : 0);

export function summarize(model: Model, opts: SummaryOptions = {}): string {
  checkOptions(`${model.name}.summary`, opts, ['lineLength', 'printFn']);
  if (!model.built || model.inputs.length === 0) {
    throw new ArgumentError(`${model.name}.summary: the model is not built yet; give the first layer an inputShape or call/fit it first`);
  }
  const sequentialLike = (model.constructor as typeof Model).className === 'Sequential';
  const lineLength = opts.lineLength ?? (sequentialLike ? 65 : 98);
  const frac = sequentialLike ? [0.45, 0.85, 1] : [0.33, 0.55, 0.67, 1];
  const widths = frac.map((f, i) => Math.floor(lineLength * f) - (i === 0 ? 0 : Math.floor(lineLength * frac[i - 1]!)));
  const header = sequentialLike ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const lines: string[] = [`Model: "${model.name}"`, '_'.repeat(lineLength), pad(header, widths), '='.repeat(lineLength)];
  const rows: string[][] = [];
  const net = (model as unknown as { net: { nodes: { layer: Layer; inputs: { history?: { layer: Layer } }[]; outputs: { shape: Shape }[] }[] } }).net;
  const seen = new Set<Layer>();
  for (const node of net.nodes) {
    const l = node.layer;
    const type = (l.constructor as unknown as { className: string }).className;
    const shape = node.outputs.length === 1 ? node.outputs[0]!.shape : node.outputs.map((o) => o.shape);
    const params = seen.has(l) ? 0 : paramsOf(l);
    const row = [`${l.name} (${type})`, fmtShape(shape), fmtInt(params)];
    if (!sequentialLike) row.push(node.inputs.map((k) => k.history?.layer.name ?? '').join(', '));
    if (sequentialLike && type === 'InputLayer') continue;
    seen.add(l);
    rows.push(row);
  }
  rows.forEach((r, i) => {
    lines.push(pad(r, widths));
    lines.push(i === rows.length - 1 ? '='.repeat(lineLength) : '_'.repeat(lineLength));
  });
  if (rows.length === 0) lines.push('='.repeat(lineLength));
  const trainable = model.trainableWeights.reduce((n, v) => n + v.size, 0);
  const nonTrainable = model.nonTrainableWeights.reduce((n, v) => n + v.size, 0);
  lines.push(`Total params: ${fmtInt(trainable + nonTrainable)}`, `Trainable params: ${fmtInt(trainable)}`, `Non-trainable params: ${fmtInt(nonTrainable)}`, '_'.repeat(lineLength));
  const print = opts.printFn ?? ((s: string) => console.log(s));
  for (const line of lines) print(line);
  return lines.join('\n');
}
