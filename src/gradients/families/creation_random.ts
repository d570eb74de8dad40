// Gradients of the 'creation_random' family. Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';

export const grads: AnyGradConfig[] = [
];
