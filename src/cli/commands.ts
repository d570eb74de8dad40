/**
 * What each `tensorlane` subcommand does. The parsing (commander) is in index.ts; these functions take parsed
 * values and an output sink, and throw CliError (or a tensorlane error) for the user's mistakes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tl from '../index.js';
import { runDemo } from './demo.js';
import { loadTensorFile, outputsAsJson, parseInputSpec, saveOutputs } from './tensor_files.js';

/** A user's mistake or a missing feature: reported as one line on stderr (no stack). */
export class CliError extends Error {
  override name = 'CliError';
}

export interface Out {
  log(line: string): void;
}

/** The package root: two folders above this module in a checkout (src/cli) and in a package (dist/cli). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function infoCommand(out: Out, opts: { json?: boolean }): Promise<void> {
  await tl.ready();
  const info = tl.info();
  const cpu = cpus()[0];
  const report = {
    version: info.version,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    activeBackend: info.activeBackend,
    backends: info.backends.map(({ name, present, active, priority, reason, details }) => ({ name, present, active, priority, reason, details })),
    cpu: { model: cpu?.model ?? 'unknown', logicalCores: availableParallelism() },
    threads: tl.getNumThreads(),
    fallbacks: info.fallbacks,
  };
  if (opts.json) {
    out.log(JSON.stringify(report, null, 2));
    return;
  }
  out.log(`tensorlane ${report.version} (node ${report.node}, ${report.platform})`);
  out.log(`active backend: ${report.activeBackend}`);
  out.log('backends (highest priority first):');
  for (const b of report.backends) {
    const state = b.present ? (b.active ? 'present, active' : 'present') : 'missing';
    const why = b.present ? '' : ` — ${b.reason ?? 'not available on this machine'}`;
    out.log(`  ${b.name.padEnd(8)} ${state}${why}`);
    if (b.present && b.details) {
      const d = b.details;
      const facts = ['isa', 'availableIsas', 'simd', 'vectorWidth', 'threads', 'dtypes']
        .filter((k) => d[k] !== undefined)
        .map((k) => `${k}=${Array.isArray(d[k]) ? (d[k] as unknown[]).join(',') : String(d[k])}`);
      if (facts.length) out.log(`           ${facts.join('  ')}`);
    }
  }
  out.log(`cpu: ${report.cpu.model}, ${report.cpu.logicalCores} logical cores`);
  out.log(`native threads: ${report.threads} (set with TL_NUM_THREADS or tl.setNumThreads)`);
}

/** Runs scripts/bench/run.ts of the checkout at `root` (the package root unless a test says otherwise). */
export async function benchCommand(out: Out, args: string[], root = PACKAGE_ROOT): Promise<number> {
  const script = `${root}scripts/bench/run.ts`;
  if (!existsSync(script)) {
    throw new CliError('bench runs the benchmark suite of a source checkout (scripts/bench/run.ts), which an installed package does not ship; clone the repository and run `npm run bench` there');
  }
  let tsx: string;
  try {
    tsx = createRequire(import.meta.url).resolve('tsx');
  } catch {
    throw new CliError('bench needs the dev dependency tsx (npm install in the checkout)');
  }
  out.log(`tensorlane bench: ${script} ${args.join(' ')}`.trim());
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, script, ...args], { stdio: 'inherit', cwd: root });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** The parts of tl.onnx and tl.keras the CLI uses (their helpers build them; absent from builds without them). */
interface OnnxModel {
  run(inputs: Record<string, tl.Tensor>): Record<string, tl.Tensor> | Promise<Record<string, tl.Tensor>>;
}
interface KerasModel {
  save(dir: string): void;
  countParams(): number;
  layers: unknown[];
}
interface OnnxApi {
  load(pathOrBytes: string | Uint8Array): OnnxModel | Promise<OnnxModel>;
  export?(model: unknown, opts?: Record<string, unknown>): Uint8Array | Promise<Uint8Array>;
  toKeras?(source: string): Promise<KerasModel>;
}
interface KerasApi {
  models?: { loadModel?(dir: string): unknown };
}

function onnxApi(what: string): OnnxApi {
  const onnx = (tl as unknown as { onnx?: OnnxApi }).onnx;
  if (!onnx || typeof onnx.load !== 'function') {
    throw new CliError(`${what} needs ONNX support (tl.onnx), which this build of tensorlane does not include`);
  }
  return onnx;
}

export async function runCommand(out: Out, model: string, opts: { input?: string[]; output?: string }): Promise<void> {
  if (!model.toLowerCase().endsWith('.onnx')) throw new CliError(`'${model}' is not an .onnx file`);
  if (!existsSync(model)) throw new CliError(`no such file '${model}'`);
  const inputs: Record<string, tl.Tensor> = {};
  for (const spec of opts.input ?? []) {
    const { name, path } = parseInputSpec(spec);
    if (name in inputs) throw new CliError(`input '${name}' is given twice`);
    inputs[name] = await loadTensorFile(path);
  }
  const onnx = onnxApi('run');
  const m = await onnx.load(model);
  const outputs = await m.run(inputs);
  if (opts.output) {
    for (const f of await saveOutputs(outputs, opts.output)) out.log(`wrote ${f}`);
  } else {
    out.log(JSON.stringify(outputsAsJson(outputs)));
  }
}

/** `convert model.onnx dir`: ONNX -> a Keras saved-model directory (tl.onnx.toKeras, then model.save). */
async function onnxToKeras(out: Out, src: string, dst: string, opts: { opset?: string }): Promise<void> {
  if (opts.opset !== undefined) throw new CliError('--opset applies to Keras → ONNX only; an ONNX source keeps its own opset');
  if (dst.toLowerCase().endsWith('.onnx')) throw new CliError(`the target '${dst}' must be a directory for the Keras model (ONNX → ONNX is not a conversion)`);
  if (!existsSync(src)) throw new CliError(`no such file '${src}'`);
  const onnx = onnxApi('convert');
  if (typeof onnx.toKeras !== 'function') throw new CliError('convert needs ONNX → Keras support (tl.onnx.toKeras), which this build of tensorlane does not include');
  const model = await onnx.toKeras(src);
  model.save(dst);
  out.log(`wrote ${dst} (a Keras model: ${model.layers.length} layers, ${model.countParams()} parameters)`);
}

export async function convertCommand(out: Out, src: string, dst: string, opts: { opset?: string }): Promise<void> {
  if (src.toLowerCase().endsWith('.onnx')) return onnxToKeras(out, src, dst, opts);
  if (!dst.toLowerCase().endsWith('.onnx')) throw new CliError(`the target '${dst}' must be an .onnx file (or give an .onnx source to convert it to a Keras model directory)`);
  if (!existsSync(src)) throw new CliError(`no such directory '${src}'`);
  const keras = (tl as unknown as { keras?: KerasApi }).keras;
  if (!keras?.models?.loadModel) throw new CliError('convert needs Keras model support (tl.keras.models.loadModel), which this build of tensorlane does not include');
  const onnx = onnxApi('convert');
  if (typeof onnx.export !== 'function') throw new CliError('convert needs ONNX export (tl.onnx.export), which this build of tensorlane does not include');
  const model = await keras.models.loadModel(src);
  const opset = opts.opset === undefined ? undefined : Number(opts.opset);
  if (opset !== undefined && !(Number.isInteger(opset) && opset > 0)) throw new CliError(`--opset must be a positive integer, got '${opts.opset}'`);
  const bytes = await onnx.export(model, opset === undefined ? { dynamicBatch: true } : { opset, dynamicBatch: true });
  await writeFile(dst, bytes);
  out.log(`wrote ${dst} (${bytes.length} bytes)`);
}

export async function demoCommand(out: Out, opts: { epochs?: string }): Promise<number> {
  const epochs = opts.epochs === undefined ? undefined : Number(opts.epochs);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs > 0)) throw new CliError(`--epochs must be a positive integer, got '${opts.epochs}'`);
  const { accuracy } = await runDemo({ epochs, log: (l) => out.log(l) });
  return accuracy < 0.9 && (epochs ?? 30) >= 30 ? 1 : 0;
}
