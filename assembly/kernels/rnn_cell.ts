// The backward elementwise step of BasicRNNCell / BasicRNNSequence: dpre = (dh + dhRec) * act'(h), with the
// derivative written in terms of the saved output h (the forward pass is a GEMM plus the unary kernel).
// One export per activation, named after it, so the host binds the one it needs by name (no activation code).

// Private to this file: which derivative each export below inlines.
const TANH = 0, RELU = 1, SIGMOID = 2, LINEAR = 3;

@inline function backStep(act: i32, dh: usize, dhRec: usize, h: usize, n: i32, dpre: usize): void {
  for (let k = 0; k < n; k++) {
    const o = <usize>k << 2;
    const y = load<f32>(h + o);
    const d: f32 = act == TANH ? <f32>1 - y * y : act == RELU ? (y > 0 ? 1 : 0) : act == SIGMOID ? y * (1 - y) : 1;
    store<f32>(dpre + o, (load<f32>(dh + o) + load<f32>(dhRec + o)) * d);
  }
}

export function rnnBackTanh(dh: usize, dhRec: usize, h: usize, n: i32, dpre: usize): void { backStep(TANH, dh, dhRec, h, n, dpre); }
export function rnnBackRelu(dh: usize, dhRec: usize, h: usize, n: i32, dpre: usize): void { backStep(RELU, dh, dhRec, h, n, dpre); }
export function rnnBackSigmoid(dh: usize, dhRec: usize, h: usize, n: i32, dpre: usize): void { backStep(SIGMOID, dh, dhRec, h, n, dpre); }
export function rnnBackLinear(dh: usize, dhRec: usize, h: usize, n: i32, dpre: usize): void { backStep(LINEAR, dh, dhRec, h, n, dpre); }
