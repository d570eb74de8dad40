/** protobufjs, loaded on first use: ONNX models and TensorBoard files need it, `import 'tensorlane'` does not. */
import type protobufTypes from 'protobufjs';
import { lazyPackage } from '../core/lazy_package.js';

export const protobufjs = lazyPackage<typeof protobufTypes>('protobufjs');
