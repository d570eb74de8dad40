import { ENGINE } from '../../core/engine.js';
import type { KernelEntry } from '../../core/backend.js';
import { JsBackend } from './backend_js.js';
import * as core from './families/core.js';
import * as elementwise from './families/elementwise.js';
import * as reduceActivation from './families/reduce_activation.js';
import * as linalgSlice from './families/linalg_slice.js';
import * as indexingShape from './families/indexing_shape.js';
import * as conv from './families/conv.js';
import * as nn from './families/nn.js';
import * as creationRandom from './families/creation_random.js';
import * as rnn from './families/rnn.js';
import * as train from './families/train.js';
import * as norm from './families/norm.js';

const families: { kernels: readonly KernelEntry[] }[] = [
  core, elementwise, reduceActivation, linalgSlice, indexingShape, conv, nn, creationRandom, rnn, train, norm,
];

export function registerJsBackend(): void {
  ENGINE.registerBackend('js', () => new JsBackend(), 1);
  for (const f of families) ENGINE.registerKernels('js', f.kernels);
}
