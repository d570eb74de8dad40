/**
 * tl.train.Saver (TF 1.x tf.train.Saver) on safetensors files, plus tl.train.latestCheckpoint.
 *
 * A checkpoint is one safetensors file `<prefix>[-<step>].safetensors` keyed by variable name, and the folder
 * holds a small JSON index `checkpoint` ({modelCheckpointPath, allModelCheckpointPaths}). Crash safety comes from
 * the order of a save: (1) the new file is written atomically, (2) the index is replaced atomically to name it,
 * (3) only then are checkpoints beyond `maxToKeep` deleted. A kill at any point leaves an index that names
 * complete files only.
 *
 * Graph mode: values come from and go to a Session (sess.variableValue / sess.setVariableValue). Eager mode:
 * `save(null, path)` with eager Variables, which are read and assigned directly.
 */
import { shapeCompatible } from '../core/shape.js';
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, FileFormatError, TensorlaneError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { Variable } from '../core/variable.js';
import { executingEagerly, getDefaultGraph } from '../graph/graph.js';
import { FailedPreconditionError, type Session } from '../graph/session.js';
import { getDefaultSession } from '../graph/session_registry.js';
import { globalVariables } from '../graph/variables.js';
import {
  readSafetensors, readSafetensorsHeader, removeStaleTemps, writeFileAtomic, writeSafetensors, type RawTensor,
} from '../io/safetensors.js';

export const CHECKPOINT_SUFFIX = '.safetensors';
const INDEX_FILE = 'checkpoint';

/** A checkpoint does not fit the variables (missing names, dtype or shape mismatches) or does not exist. */
export class CheckpointError extends TensorlaneError {
  constructor(
    message: string,
    /** Names the Saver wanted that the checkpoint lacks. */
    readonly missing: string[] = [],
    /** Names present with another dtype or shape. */
    readonly mismatched: { name: string; expected: string; found: string }[] = [],
  ) {
    super(message);
  }
}

export interface SaverOptions {
  /** How many recent checkpoints to keep (older files are deleted); 0 or null keeps all. Default 5. */
  maxToKeep?: number | null;
}

export interface SaveOptions {
  /** Appended to the file name: `<path>-<step>.safetensors`. A number, or a scalar (symbolic or concrete) tensor. */
  globalStep?: number | Tensor;
  /** Name of the index file in the checkpoint's folder (default 'checkpoint'). */
  latestFilename?: string;
  /** Update the index file (default true). */
  writeState?: boolean;
  /** Extra string metadata stored in the file header. */
  metadata?: Record<string, string>;
}

type VarList = Variable[] | Record<string, Variable>;
const OPTION_KEYS = new Set(['maxToKeep']);

function isVariable(v: unknown): v is Variable {
  return v instanceof Variable || (v instanceof Tensor && (v as Partial<Variable>).isVariable === true);
}

export class Saver {
  /** Checkpoint name → variable. */
  readonly variables: ReadonlyMap<string, Variable>;
  readonly maxToKeep: number;
  /** True when the variables are graph variables (values live in Sessions). */
  readonly graphMode: boolean;
  private kept: string[] = [];
  /** Folders (with their index file name) whose existing index this Saver has taken over. */
  private adoptedIndexes = new Set<string>();

  /**
   * `varList`: a list of Variables (named by `v.name`) or a `{checkpointName: variable}` map (partial or renamed
   * saves and restores). Default: every global variable of the default graph; in eager mode the list is required.
   * `new Saver({maxToKeep: 2})` is read as options when no value is a Variable.
   */
  constructor(varList?: VarList | null | SaverOptions, opts: SaverOptions = {}) {
    if (varList && !Array.isArray(varList) && Object.keys(varList).length > 0 &&
        Object.entries(varList).every(([k, v]) => OPTION_KEYS.has(k) && !isVariable(v))) {
      opts = varList as SaverOptions;
      varList = undefined;
    }
    const max = opts.maxToKeep ?? 0;
    if (!Number.isInteger(max) || max < 0) throw new ArgumentError(`Saver: maxToKeep must be a non-negative integer or null, got ${String(opts.maxToKeep)}`);
    this.maxToKeep = opts.maxToKeep === undefined ? 5 : max;
    this.variables = resolveVarList(varList as VarList | null | undefined);
    const kinds = new Set([...this.variables.values()].map((v) => v.isSymbolic));
    if (kinds.size > 1) throw new ArgumentError('Saver: the variables mix graph and eager Variables; one Saver handles one kind');
    this.graphMode = kinds.has(true);
    if (this.graphMode) {
      const graphs = new Set([...this.variables.values()].map((v) => v.graphRef!.graph));
      if (graphs.size > 1) throw new ArgumentError('Saver: the variables belong to different graphs');
    }
  }

  /** The checkpoint files this Saver still keeps, oldest first. */
  get lastCheckpoints(): string[] {
    return [...this.kept];
  }

  /**
   * Takes over checkpoints written earlier (e.g. by a previous process), so maxToKeep also deletes them. (The
   * first save into a folder already takes over what that folder's index lists.)
   */
  recoverLastCheckpoints(paths: string[]): void {
    this.kept = paths.map((p) => checkpointFile(p));
  }

  /**
   * Writes the variables' values to `<path>[-<globalStep>].safetensors` and updates the folder's index; deletes
   * checkpoints beyond maxToKeep. Returns the file path written. Graph variables are read from `sess` (or the
   * default session); eager variables need no session (pass null).
   */
  save(sess: Session | null | undefined, path: string, opts: SaveOptions = {}): string {
    if (typeof path !== 'string' || path.length === 0) throw new ArgumentError('Saver.save: path must be a non-empty string');
    const session = this.graphMode ? this.session(sess, 'Saver.save') : undefined;
    const step = opts.globalStep === undefined ? undefined : readStep(opts.globalStep, session);
    const prefix = path.endsWith(CHECKPOINT_SUFFIX) ? path.slice(0, -CHECKPOINT_SUFFIX.length) : path;
    const file = `${prefix}${step === undefined ? '' : `-${step}`}${CHECKPOINT_SUFFIX}`;
    const values = new Map<string, RawTensor>();
    for (const [name, v] of this.variables) values.set(name, this.read(v, name, session));
    const dir = dirname(resolve(file));
    mkdirSync(dir, { recursive: true });
    removeStaleTemps(dir);
    const indexName = opts.latestFilename ?? INDEX_FILE;
    if (opts.writeState ?? true) this.adoptIndex(dir, indexName);
    const metadata: Record<string, string> = { producer: 'tensorlane', ...(opts.metadata ?? {}) };
    if (step !== undefined) metadata.global_step = String(step);
    writeSafetensors(file, values, metadata);
    // Track, then evict: the index is rewritten before any evicted file is deleted.
    const abs = resolve(file);
    this.kept = this.kept.filter((p) => resolve(p) !== abs);
    this.kept.push(file);
    const evicted = this.maxToKeep > 0 ? this.kept.splice(0, Math.max(0, this.kept.length - this.maxToKeep)) : [];
    if (opts.writeState ?? true) writeIndex(dir, this.kept, indexName);
    for (const p of evicted) {
      try {
        unlinkSync(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    return file;
  }

  /**
   * Loads the variables from a checkpoint by name (`path` as save returned it, or without the .safetensors
   * suffix). Every name, dtype and shape is checked before any variable changes; problems are listed together
   * in one CheckpointError. Names in the file that this Saver does not know are ignored.
   */
  restore(sess: Session | null | undefined, path: string): void {
    const session = this.graphMode ? this.session(sess, 'Saver.restore') : undefined;
    const file = checkpointFile(path);
    if (!existsSync(file)) throw new CheckpointError(`Saver.restore: no checkpoint at '${path}' (looked for '${file}')`);
    const header = readSafetensorsHeader(file);
    const found = new Map(header.entries.map((e) => [e.name, e]));
    const missing: string[] = [];
    const mismatched: { name: string; expected: string; found: string }[] = [];
    for (const [name, v] of this.variables) {
      const e = found.get(name);
      if (!e) missing.push(name);
      else if (e.dtype !== v.dtype || !shapeCompatible(v.shape, e.shape)) {
        mismatched.push({ name, expected: `${v.dtype}${fmtShape(v.shape)}`, found: `${e.dtype}${fmtShape(e.shape)}` });
      }
    }
    if (missing.length > 0 || mismatched.length > 0) {
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`not in the checkpoint: ${missing.map((n) => `'${n}'`).join(', ')}`);
      for (const m of mismatched) parts.push(`'${m.name}': variable is ${m.expected}, checkpoint has ${m.found}`);
      const have = header.entries.map((e) => `'${e.name}'`).slice(0, 20).join(', ');
      throw new CheckpointError(`Saver.restore('${file}'): ${parts.join('; ')} (checkpoint holds ${have || 'nothing'})`, missing, mismatched);
    }
    const { tensors } = readSafetensors(file, this.variables.keys());
    for (const [name, v] of this.variables) {
      const r = tensors[name]!;
      const t = ENGINE.makeTensor(r.data, r.shape, r.dtype);
      try {
        if (session) session.setVariableValue(v, t);
        else v.assign(t);
      } finally {
        t.dispose();
      }
    }
  }

  /**
   * The first save into a folder takes over the checkpoints its index already lists (a previous process's
   * Saver), oldest first, so maxToKeep counts them too: without this, every restart left its older files
   * behind for good. TF's CheckpointManager reads the index the same way; a Saver learns its folder only here.
   * A damaged index is left to be rewritten: its files stay on disk (nothing is deleted on a guess).
   */
  private adoptIndex(dir: string, indexName: string): void {
    const key = join(dir, indexName);
    if (this.adoptedIndexes.has(key)) return;
    this.adoptedIndexes.add(key);
    let idx: ReturnType<typeof readCheckpointIndex>;
    try {
      idx = readCheckpointIndex(dir, indexName);
    } catch (e) {
      if (e instanceof FileFormatError) return;
      throw e;
    }
    if (!idx) return;
    const mine = new Set(this.kept.map((p) => resolve(p)));
    const earlier = idx.allModelCheckpointPaths.filter((p) => !mine.has(resolve(p)) && existsSync(p));
    this.kept = [...earlier, ...this.kept];
  }

  private session(sess: Session | null | undefined, where: string): Session {
    const s = sess ?? getDefaultSession(where);
    const graph = this.variables.values().next().value?.graphRef?.graph;
    if (graph && s.graph !== graph) throw new ArgumentError(`${where}: the session runs another graph than the Saver's variables`);
    return s;
  }

  private read(v: Variable, name: string, session?: Session): RawTensor {
    if (!session) return { dtype: v.dtype, shape: [...v.shape], data: v.dataSync() };
    const t = session.variableValue(v);
    if (!t) throw new FailedPreconditionError(`Saver.save: variable '${name}' (${v.name}) is uninitialized in this session`);
    try {
      return { dtype: t.dtype, shape: [...t.shape], data: t.dataSync() };
    } finally {
      t.dispose();
    }
  }
}

function resolveVarList(varList: VarList | null | undefined): Map<string, Variable> {
  const map = new Map<string, Variable>();
  if (varList === undefined || varList === null) {
    if (executingEagerly()) {
      throw new ArgumentError('Saver: in eager mode pass the variables to save: new tl.train.Saver([v1, v2]) or new tl.train.Saver({name: v})');
    }
    varList = globalVariables(getDefaultGraph());
    if (varList.length === 0) throw new ArgumentError('Saver: no variables to save (the default graph has no global variables)');
  }
  if (Array.isArray(varList)) {
    varList.forEach((v, i) => {
      if (!isVariable(v)) throw new ArgumentError(`Saver: varList[${i}] is not a Variable`);
      if (map.has(v.name)) throw new ArgumentError(`Saver: two variables are named '${v.name}'; pass a {name: variable} map`);
      map.set(v.name, v);
    });
  } else {
    if (typeof varList !== 'object') throw new ArgumentError('Saver: varList must be a list of Variables or a {name: Variable} map');
    for (const [name, v] of Object.entries(varList)) {
      if (!isVariable(v)) throw new ArgumentError(`Saver: varList['${name}'] is not a Variable`);
      if (name.length === 0 || name === '__metadata__') throw new ArgumentError(`Saver: '${name}' cannot name a variable in a checkpoint`);
      map.set(name, v);
    }
  }
  if (map.size === 0) throw new ArgumentError('Saver: no variables to save');
  return map;
}

/** Unknown (-1) dims of a graph variable accept any size. */

function readStep(step: number | Tensor, session?: Session): number {
  let n: number;
  if (step instanceof Tensor) {
    const t = step.isSymbolic ? ((session ?? getDefaultSession('Saver.save: globalStep')).run(step) as Tensor) : step;
    try {
      if (t.size !== 1) throw new ArgumentError(`Saver.save: globalStep must be a scalar, got shape ${fmtShape(t.shape)}`);
      n = Number(t.dataSync()[0]);
    } finally {
      if (t !== step) t.dispose();
    }
  } else n = step;
  if (!Number.isSafeInteger(n)) throw new ArgumentError(`Saver.save: globalStep must be an integer, got ${String(n)}`);
  return n;
}

/** The file for a checkpoint path: as given when it ends with .safetensors (or exists), else with the suffix. */
export function checkpointFile(path: string): string {
  if (path.endsWith(CHECKPOINT_SUFFIX)) return path;
  const withSuffix = path + CHECKPOINT_SUFFIX;
  return !existsSync(withSuffix) && existsSync(path) ? path : withSuffix;
}

function writeIndex(dir: string, files: string[], indexName: string): void {
  // Paths inside the folder are stored relative to it, so a checkpoint folder can be moved or copied.
  const rel = (p: string) => (dirname(resolve(p)) === dir ? basename(p) : resolve(p));
  const latest = files[files.length - 1];
  const index = { modelCheckpointPath: latest === undefined ? null : rel(latest), allModelCheckpointPaths: files.map(rel) };
  writeFileAtomic(join(dir, indexName), new TextEncoder().encode(JSON.stringify(index, null, 1) + '\n'));
}

/** Reads a folder's checkpoint index; null when there is none. A corrupted index is a FileFormatError. */
export function readCheckpointIndex(dir: string, latestFilename = INDEX_FILE): { modelCheckpointPath: string | null; allModelCheckpointPaths: string[] } | null {
  const file = join(dir, latestFilename);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
  let idx: unknown;
  try {
    idx = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(`checkpoint index '${file}' is not valid JSON: ${(e as Error).message}`);
  }
  const o = idx as { modelCheckpointPath?: unknown; allModelCheckpointPaths?: unknown };
  const ok = o !== null && typeof o === 'object' && (o.modelCheckpointPath === null || typeof o.modelCheckpointPath === 'string') &&
    Array.isArray(o.allModelCheckpointPaths) && o.allModelCheckpointPaths.every((p) => typeof p === 'string');
  if (!ok) throw new FileFormatError(`checkpoint index '${file}' lacks modelCheckpointPath / allModelCheckpointPaths`);
  const abs = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  return {
    modelCheckpointPath: o.modelCheckpointPath === null ? null : abs(o.modelCheckpointPath as string),
    allModelCheckpointPaths: (o.allModelCheckpointPaths as string[]).map(abs),
  };
}

/** The newest checkpoint file named by `dir`'s index (tf.train.latest_checkpoint); null when none exists. */
export function latestCheckpoint(dir: string, latestFilename = INDEX_FILE): string | null {
  const idx = readCheckpointIndex(dir, latestFilename);
  const p = idx?.modelCheckpointPath;
  return p && existsSync(p) ? p : null;
}

/** [name, shape] of every tensor in a checkpoint (tf.train.list_variables), read from the header only. */
export function listVariables(path: string): [string, number[]][] {
  const file = checkpointFile(path);
  return readSafetensorsHeader(file).entries.map((e) => [e.name, e.shape] as [string, number[]]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
