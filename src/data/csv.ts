/**
 * tl.data.csv: a dataset of CSV rows, parsed by the maintained `csv-parse` package (quoting, escaped quotes,
 * newlines inside quotes, BOM) and streamed in chunks (never read whole). Column types: float32 by default;
 * `columnTypes` may make a column int32, float64, or 'string' (kept as a JS string: tensorlane has no string
 * dtype, so string columns must be mapped to numbers before a graph iterator or a batch that feeds a model).
 * Bad rows give a FileFormatError naming the file, the line and the column.
 */
import type { Parser } from 'csv-parse';
import { lazyPackage } from '../core/lazy_package.js';
import type { DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, FileFormatError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { disposeElement, STRING_SPEC, TensorSpec, type Element, type ElementSpec } from './element.js';
import type { Dataset } from './dataset.js';
import { checkPaths, ChunkedRecordIterator, FileChunks, filesDataset } from './text_files.js';

const csvParse = lazyPackage<typeof import('csv-parse')>('csv-parse');

export type CsvColumnType = 'float32' | 'float64' | 'int32' | 'string';

export interface CsvOptions {
  /** Column names: required without a header; with one, they replace the header's names. */
  columns?: string[];
  /** The first line holds the column names (default true). */
  header?: boolean;
  /** Field delimiter (default ','). */
  delimiter?: string;
  /** A column returned apart: elements are `{ features: {...}, label }` instead of `{ name: value }`. */
  labelColumn?: string;
  /** Only these columns, in this order (the label column may be among them or not). */
  selectColumns?: string[];
  /** Per column: 'float32' (default), 'float64', 'int32' or 'string'. */
  columnTypes?: Record<string, CsvColumnType>;
  /** Per column: the value of an empty field (without one, an empty field is an error). */
  columnDefaults?: Record<string, number | string>;
}

interface Plan {
  path: string;
  /** Index in the file's row of each output column. */
  indices: number[];
  names: string[];
  types: CsvColumnType[];
  defaults: (number | string | undefined)[];
  label: string | undefined;
  width: number;
}

const TYPES: readonly CsvColumnType[] = ['float32', 'float64', 'int32', 'string'];

/** The header row of a file (names), read with the same parser. */
function readHeader(path: string, delimiter: string): string[] {
  const chunks = new FileChunks(path);
  const parser = new (csvParse().Parser)({ delimiter, bom: true, to_line: 1, relax_column_count: true });
  // Errors are read from parser.errored right after each write; the stream's error event has nothing to add.
  parser.on('error', () => undefined);
  try {
    for (;;) {
      const chunk = chunks.readSync();
      if (chunk) parser.write(chunk);
      else parser.end();
      if (parser.errored) throw new FileFormatError(`${path}: line 1: ${parser.errored.message}`);
      const rec = parser.read() as string[] | null;
      if (rec) return rec.map((s) => s.trim());
      if (!chunk) throw new FileFormatError(`${path}: the file is empty, but header is true (expected a line of column names)`);
    }
  } finally {
    chunks.close();
  }
}

function makePlan(path: string, opts: CsvOptions): Plan {
  const header = opts.header ?? true;
  const delimiter = opts.delimiter ?? ',';
  let names: string[];
  if (opts.columns) names = opts.columns;
  else if (header) names = readHeader(path, delimiter);
  else throw new ArgumentError(`tl.data.csv: '${path}': without a header, 'columns' must name the columns`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new FileFormatError(`${path}: column name '${dup}' appears twice`);
  const selected = opts.selectColumns ?? names;
  const label = opts.labelColumn;
  const all = label !== undefined && !selected.includes(label) ? [...selected, label] : selected;
  const indices = all.map((n) => {
    const i = names.indexOf(n);
    if (i < 0) throw new ArgumentError(`tl.data.csv: column '${n}' is not among the columns of '${path}' (${names.join(', ')})`);
    return i;
  });
  for (const [k, t] of Object.entries(opts.columnTypes ?? {})) {
    if (!names.includes(k)) throw new ArgumentError(`tl.data.csv: columnTypes names an unknown column '${k}'`);
    if (!TYPES.includes(t)) throw new ArgumentError(`tl.data.csv: columnTypes['${k}'] is '${String(t)}'; expected one of ${TYPES.join(', ')}`);
  }
  for (const k of Object.keys(opts.columnDefaults ?? {})) {
    if (!names.includes(k)) throw new ArgumentError(`tl.data.csv: columnDefaults names an unknown column '${k}'`);
  }
  const types = all.map((n) => opts.columnTypes?.[n] ?? 'float32');
  const defaults = all.map((n) => opts.columnDefaults?.[n]);
  return { path, indices, names: all, types, defaults, label, width: names.length };
}

function cellValue(plan: Plan, k: number, raw: string, line: number): number | string {
  const name = plan.names[k]!;
  const type = plan.types[k]!;
  const where = () => `${plan.path}: line ${line}, column '${name}'`;
  if (raw.trim() === '') {
    const d = plan.defaults[k];
    if (d === undefined) throw new FileFormatError(`${where()}: empty field and no columnDefaults entry`);
    return d;
  }
  if (type === 'string') return raw;
  const text = raw.trim();
  const special = SPECIAL_NUMBERS[text.toLowerCase()];
  const v = special ?? Number(text);
  if (Number.isNaN(v) && special === undefined) throw new FileFormatError(`${where()}: '${raw}' is not a number`);
  if (type === 'int32' && (!Number.isInteger(v) || v < -2147483648 || v > 2147483647)) {
    throw new FileFormatError(`${where()}: '${raw}' is not an int32`);
  }
  return v;
}

/** Spellings of NaN and infinities that CSV files written by other tools use. */
const SPECIAL_NUMBERS: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};

function scalar(v: number, dtype: DType): Tensor {
  const arr = dtype === 'float64' ? new Float64Array([v]) : dtype === 'int32' ? new Int32Array([v]) : new Float32Array([v]);
  const t = ENGINE.makeTensor(arr, [], dtype);
  t.kept = true;
  return t;
}

function rowElement(plan: Plan, row: string[], line: number): Element {
  if (row.length !== plan.width) {
    throw new FileFormatError(`${plan.path}: line ${line} has ${row.length} fields, expected ${plan.width}`);
  }
  // Every cell is checked before any tensor is made, so a bad row leaves nothing behind.
  const vals = plan.indices.map((idx, k) => cellValue(plan, k, row[idx]!, line));
  const cols: Record<string, Element> = {};
  plan.names.forEach((n, k) => {
    const v = vals[k]!;
    cols[n] = plan.types[k] === 'string' ? String(v) : scalar(Number(v), plan.types[k] as DType);
  });
  if (plan.label === undefined) return cols;
  const label = cols[plan.label]!;
  const features: Record<string, Element> = {};
  for (const n of plan.names) if (n !== plan.label) features[n] = cols[n]!;
  return { features, label };
}

class CsvIterator extends ChunkedRecordIterator {
  private readonly parser: Parser;

  constructor(private readonly plan: Plan, opts: CsvOptions) {
    super(plan.path);
    this.parser = new (csvParse().Parser)({
      delimiter: opts.delimiter ?? ',',
      bom: true,
      from_line: (opts.header ?? true) ? 2 : 1,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    });
    this.parser.on('error', () => undefined);
  }

  protected feed(chunk: Buffer | null): Element[] {
    if (chunk) this.parser.write(chunk);
    else this.parser.end();
    if (this.parser.errored) {
      const e = this.parser.errored as Error & { lines?: number };
      throw new FileFormatError(`${this.plan.path}: line ${e.lines ?? '?'}: ${e.message}`);
    }
    const out: Element[] = [];
    try {
      for (let r = this.parser.read(); r !== null; r = this.parser.read()) {
        const { record, info } = r as { record: string[]; info: { lines: number } };
        out.push(rowElement(this.plan, record, info.lines));
      }
    } catch (e) {
      for (const el of out) disposeElement(el);
      throw e;
    }
    return out;
  }

  override close(): void {
    super.close();
    this.parser.destroy();
  }
}

function specOfPlan(plan: Plan): ElementSpec {
  const col = (k: number): ElementSpec => (plan.types[k] === 'string' ? STRING_SPEC : new TensorSpec([], plan.types[k] as DType));
  const cols: Record<string, ElementSpec> = Object.fromEntries(plan.names.map((n, k) => [n, col(k)]));
  if (plan.label === undefined) return cols;
  const features = Object.fromEntries(plan.names.filter((n) => n !== plan.label).map((n) => [n, cols[n]!]));
  return { features, label: cols[plan.label]! };
}

/** tl.data.csv(path | paths, options): rows as `{ column: scalar }` (or `{ features, label }` with labelColumn). */
export function csv(paths: string | string[], opts: CsvOptions = {}): Dataset {
  checkOptions('tl.data.csv', opts, ['columns', 'header', 'delimiter', 'labelColumn', 'selectColumns', 'columnTypes', 'columnDefaults']);
  const list = checkPaths('tl.data.csv', paths);
  if (opts.delimiter !== undefined && (typeof opts.delimiter !== 'string' || opts.delimiter.length === 0)) {
    throw new ArgumentError(`tl.data.csv: 'delimiter' must be a non-empty string, got ${JSON.stringify(opts.delimiter)}`);
  }
  // Column names come from the first file's header (read now, so the element structure is known for graphs).
  const plans = list.map((p) => makePlan(p, opts));
  const first = JSON.stringify(plans[0]!.names);
  plans.forEach((p) => {
    if (JSON.stringify(p.names) !== first) throw new FileFormatError(`${p.path}: columns differ from those of ${list[0]}`);
  });
  return filesDataset(list, (p) => new CsvIterator(plans[list.indexOf(p)]!, opts), () => specOfPlan(plans[0]!));
}
