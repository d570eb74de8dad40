/**
 * The 'onnxruntime' backend: a whole ONNX model run by onnxruntime-node's InferenceSession (CPU). It is a
 * model-level runner, not a kernel backend: tensorlane never requires the package; it is loaded with a dynamic
 * import on first use, and its absence is reported, never thrown at startup.
 */
import { createRequire } from 'node:module';
import { BackendError } from '../core/errors.js';
import type { DType, TypedArray } from '../core/dtype.js';

/** The parts of onnxruntime-node used here. */
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}
export interface OrtModule {
  InferenceSession: { create(bytes: Uint8Array, opts?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;
}

const PACKAGE = 'onnxruntime-node';
let loaded: Promise<OrtModule> | null = null;
let loadFailed = false;
let found: boolean | undefined;

/**
 * Whether onnxruntime-node is usable: found (a cheap, synchronous check, so tl.backends() can list it
 * without loading its native library) and not known to fail loading.
 */
export function onnxRuntimeAvailable(): boolean {
  if (loadFailed) return false;
  if (found === undefined) {
    // Resolved once: tl.backends() asks on every call, and a package does not appear while the process runs.
    try {
      createRequire(import.meta.url).resolve(PACKAGE);
      found = true;
    } catch {
      found = false;
    }
  }
  return found;
}

/** Loads onnxruntime-node once; a clear BackendError when it is missing or its binary fails to load. */
export function loadOnnxRuntime(): Promise<OrtModule> {
  loaded ??= (import(PACKAGE) as Promise<{ default?: OrtModule } & OrtModule>).then(
    (m) => (m.InferenceSession ? m : m.default!) as OrtModule,
    (e: unknown) => {
      loaded = null;
      loadFailed = true;
      throw new BackendError(`onnx.load: backend 'onnxruntime' needs the optional package ${PACKAGE} (npm install ${PACKAGE}): ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  return loaded;
}

const ORT_TYPES: Partial<Record<string, string>> = {
  float: 'float32', double: 'float64', int32: 'int32', int64: 'int64', bool: 'bool', uint8: 'uint8', int8: 'int8',
};

/** An ONNX model loaded into onnxruntime. */
export class OrtRunner {
  private constructor(private readonly ort: OrtModule, private readonly session: OrtSession) {}

  static async create(bytes: Uint8Array, numThreads: number): Promise<OrtRunner> {
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: Math.max(1, numThreads),
      interOpNumThreads: 1,
      executionProviders: ['cpu'],
    });
    return new OrtRunner(ort, session);
  }

  /**
   * Runs the model. Feeds are data in the model's own element types (`onnxType` names them); results come
   * back as raw arrays with dims.
   */
  async run(feeds: Record<string, { data: TypedArray | Int8Array | Uint8Array; shape: number[]; onnxType: string }>): Promise<Record<string, { data: TypedArray; shape: number[]; dtype: DType }>> {
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, f] of Object.entries(feeds)) {
      const t = ORT_TYPES[f.onnxType];
      if (!t) throw new BackendError(`onnx: backend 'onnxruntime': input '${name}' has element type ${f.onnxType}, which this runner does not feed`);
      ortFeeds[name] = new this.ort.Tensor(t, f.data, f.shape);
    }
    const res = await this.session.run(ortFeeds);
    const out: Record<string, { data: TypedArray; shape: number[]; dtype: DType }> = {};
    for (const [name, t] of Object.entries(res)) {
      out[name] = { ...fromOrt(name, t), shape: [...t.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release?.();
  }
}

function fromOrt(name: string, t: OrtTensor): { data: TypedArray; dtype: DType } {
  const d = t.data;
  switch (t.type) {
    case 'float32': return { data: d as Float32Array, dtype: 'float32' };
    case 'float64': return { data: d as Float64Array, dtype: 'float64' };
    case 'int32': return { data: d as Int32Array, dtype: 'int32' };
    case 'int64': return { data: d as BigInt64Array, dtype: 'int64' };
    case 'bool': return { data: Uint8Array.from(d as ArrayLike<number | boolean>, (v) => (v ? 1 : 0)), dtype: 'bool' };
    case 'int8': case 'uint8': case 'int16': case 'uint16': return { data: Int32Array.from(d as ArrayLike<number>), dtype: 'int32' };
    default: throw new BackendError(`onnx: backend 'onnxruntime': output '${name}' has type ${t.type}, which tensorlane cannot hold`);
  }
}
