/**
 * `npm run demo`: multinomial logistic regression on the bundled 8x8 digits, trained offline with eager ops
 * and automatic gradients. Prints the loss per epoch and the test accuracy. The training code is
 * src/cli/demo.ts, which `tensorlane demo` runs too.
 */
import { runDemo } from '../src/cli/demo.js';

const { accuracy } = await runDemo();
if (accuracy < 0.9) {
  console.error('demo: accuracy below 90% — something is wrong');
  process.exitCode = 1;
}
