import { ENGINE } from '../core/engine.js';
import type { AnyGradConfig } from '../core/gradients.js';
import * as core from './families/core.js';
import * as elementwise from './families/elementwise.js';
import * as reduceActivation from './families/reduce_activation.js';
import * as linalgSlice from './families/linalg_slice.js';
import * as indexingShape from './families/indexing_shape.js';
import * as conv from './families/conv.js';
import * as nn from './families/nn.js';
import * as creationRandom from './families/creation_random.js';
import * as rnn from './families/rnn.js';
import * as norm from './families/norm.js';

const families: { grads: readonly AnyGradConfig[] }[] = [
  core, elementwise, reduceActivation, linalgSlice, indexingShape, conv, nn, creationRandom, rnn, norm,
];

export function registerAllGradients(): void {
  for (const f of families) for (const g of f.grads) ENGINE.registerGradient(g);
}
