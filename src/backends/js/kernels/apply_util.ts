/**
 * Shared by the js optimizer kernels (Apply*): copy-on-write outputs and scalar inputs. An output may reuse
 * its input's buffer only when attrs.inPlace is set and no other tensor owns that buffer (owners === 1): a
 * tensor sharing the buffer (a tape's saved copy, an identity, a second Variable over the same data) keeps
 * seeing the old values.
 */
import type { Backend, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import type { FArr } from './rnn_math.js';

/** The output replacing `input`: the input's own handle and array (in place), or a fresh zeroed one. */
export function cowOutput(backend: Backend, input: TensorInfo, inPlace: boolean): [TensorInfo, FArr] {
  const js = asJs(backend);
  if (inPlace && input.dataId.owners === 1) {
    return [{ dataId: input.dataId, shape: [...input.shape], dtype: input.dtype }, js.readSync(input.dataId) as FArr];
  }
  const [info, arr] = js.makeOutput(input.shape, input.dtype);
  return [info, arr as FArr];
}

/** The value of a rank-0 input. */
export function scalarOf(backend: Backend, t: TensorInfo): number {
  return Number(asJs(backend).readSync(t.dataId)[0]);
}

export const arr = (backend: Backend, t: TensorInfo): FArr => asJs(backend).readSync(t.dataId) as FArr;
