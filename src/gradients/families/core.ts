// Gradients of the 'core' family. Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';
import { reshapeGrad, identityGrad, castGrad, stopGradientGrad } from '../Reshape_grad.js';
import { broadcastToGrad } from '../BroadcastTo_grad.js';

export const grads: AnyGradConfig[] = [identityGrad, castGrad, reshapeGrad, broadcastToGrad, stopGradientGrad];
