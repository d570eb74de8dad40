import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';

const root = mkdtempSync(join(tmpdir(), 'tl-saver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirNo = 0;
function freshDir(): string {
  const d = join(root, `d${dirNo++}`);
  mkdirSync(d);
  return d;
}

describeEachBackend('tl.train.Saver in graph mode', () => {
  it('the seed program: train theta, save, restore into a fresh Session (no initializer run)', () => {
    const dir = freshDir();
    const g = new tl.Graph();
    // Linear regression y = X·theta by gradient descent, as in the seed's "saving and restoring" section.
    const X = [[1, 0.5], [1, -1], [1, 2], [1, 0]];
    const y = [[2], [-1], [5], [1]];
    const { theta, mse, trainOp } = g.asDefault(() => {
      const theta = new tl.Variable(tl.tensor([[0.1], [-0.2]]), { name: 'theta' });
      const err = tl.sub(tl.matMul(tl.constant(X), theta), tl.constant(y));
      const mse = tl.mean(tl.square(err), undefined, false);
      const [grad] = tl.gradients(mse, [theta]);
      const trainOp = theta.assign(tl.sub(theta, tl.mul(0.1, grad!)));
      return { theta, mse, trainOp };
    });
    const saver = g.asDefault(() => new tl.train.Saver());
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.globalVariablesInitializer()));
    for (let i = 0; i < 20; i++) tl.dispose(sess.run(trainOp) as tl.Tensor);
    const best = sess.run(theta) as tl.Tensor;
    const bestVals = Array.from(best.dataSync() as Float32Array);
    const path = saver.save(sess, join(dir, 'my_model_final.ckpt'));
    expect(path).toBe(join(dir, 'my_model_final.ckpt.safetensors'));
    sess.close();

    const sess2 = new tl.Session({ graph: g });
    expect(() => sess2.run(theta)).toThrow(/uninitialized value theta/);
    saver.restore(sess2, join(dir, 'my_model_final.ckpt'));
    const restored = sess2.run(theta) as tl.Tensor;
    expectClose(restored, bestVals, { atol: 0, rtol: 0 });
    // Training went somewhere: the restored theta is not the initial value and the model runs from it.
    expect(Math.abs(bestVals[0]! - 0.1)).toBeGreaterThan(0.1);
    tl.dispose([best, restored, sess2.run(mse) as tl.Tensor]);
    sess2.close();
  });

  it('keys are variable names (name scopes included); values of every dtype come back exactly', () => {
    const dir = freshDir();
    const g = new tl.Graph();
    const vars = g.asDefault(() => tl.nameScope('layer1', () => ({
      kernel: new tl.Variable(tl.tensor([[1.25, -2], [3, 4.5]], [2, 2], 'float32'), { name: 'kernel' }),
      bias: new tl.Variable(tl.tensor([0.1, -0.3], [2], 'float64'), { name: 'bias' }),
      count: new tl.Variable(tl.tensor(7, [], 'int32'), { name: 'count' }),
      big: new tl.Variable(tl.tensor(new BigInt64Array([2n ** 60n + 3n]), [1], 'int64'), { name: 'big' }),
      mask: new tl.Variable(tl.tensor([true, false, true], [3], 'bool'), { name: 'mask' }),
      empty: new tl.Variable(tl.zeros([0, 3]), { name: 'empty' }),
    })));
    expect(vars.kernel.name).toBe('layer1/kernel');
    const saver = g.asDefault(() => new tl.train.Saver());
    const sess = new tl.Session({ graph: g });
    g.asDefault(() => sess.run(tl.globalVariablesInitializer()));
    const file = saver.save(sess, join(dir, 'model'), { globalStep: 3 });
    expect(basename(file)).toBe('model-3.safetensors');
    expect(tl.train.listVariables(file).map(([n]) => n)).toEqual(
      ['layer1/bias', 'layer1/big', 'layer1/count', 'layer1/empty', 'layer1/kernel', 'layer1/mask']);
    const sess2 = new tl.Session({ graph: g });
    saver.restore(sess2, file);
    const r = sess2.run(vars) as Record<string, tl.Tensor>;
    expect(r.kernel!.arraySync()).toEqual([[1.25, -2], [3, 4.5]]);
    expect(Array.from(r.bias!.dataSync() as Float64Array)).toEqual([0.1, -0.3]);
    expect(r.count!.arraySync()).toBe(7);
    expect(r.big!.arraySync()).toEqual([2n ** 60n + 3n]);
    expect(r.mask!.arraySync()).toEqual([true, false, true]);
    expect(r.empty!.shape).toEqual([0, 3]);
    tl.dispose(Object.values(r));
    sess.close();
    sess2.close();
  });

  it('globalStep from a graph variable, the default session, and uninitialized variables', () => {
    const dir = freshDir();
    const g = new tl.Graph();
    const { w, step } = g.asDefault(() => ({
      w: new tl.Variable([1, 2], { name: 'w' }),
      step: new tl.Variable(tl.tensor(41, [], 'int32'), { name: 'global_step', trainable: false }),
    }));
    const saver = g.asDefault(() => new tl.train.Saver([w, step]));
    const sess = new tl.Session({ graph: g });
    expect(() => saver.save(sess, join(dir, 'm'))).toThrow(tl.FailedPreconditionError);
    expect(() => saver.save(sess, join(dir, 'm'))).toThrow(/Saver.save: variable 'w'.*uninitialized/);
    sess.run([w.initializer, step.initializer, step.assignAdd(1)]);
    const file = sess.asDefault(() => saver.save(null, join(dir, 'm'), { globalStep: step }));
    expect(basename(file)).toBe('m-42.safetensors');
    expect(tl.io.readSafetensorsHeader(file).metadata.global_step).toBe('42');
    expect(() => saver.restore(null, file)).toThrow(/no default session/);
    const other = new tl.Session({ graph: new tl.Graph() });
    expect(() => saver.restore(other, file)).toThrow(/another graph/);
    sess.close();
  });

  it('partial restore by a name map, and renamed variables', () => {
    const dir = freshDir();
    const g1 = new tl.Graph();
    const { theta, other } = g1.asDefault(() => ({
      theta: new tl.Variable([[1], [2], [3]], { name: 'theta' }),
      other: new tl.Variable([9], { name: 'other' }),
    }));
    const sess1 = new tl.Session({ graph: g1 });
    sess1.run([theta.initializer, other.initializer]);
    // The seed: Saver({"weights": theta}) saves only theta, under the name 'weights'.
    const file = new tl.train.Saver({ weights: theta }).save(sess1, join(dir, 'w.ckpt'));
    expect(tl.train.listVariables(file)).toEqual([['weights', [3, 1]]]);
    new tl.train.Saver([theta, other]).save(sess1, join(dir, 'all.ckpt'));
    sess1.close();

    const g2 = new tl.Graph();
    const { kernel, fresh } = g2.asDefault(() => ({
      kernel: new tl.Variable(tl.zeros([3, 1]), { name: 'new/kernel' }),
      fresh: new tl.Variable([5], { name: 'fresh' }),
    }));
    const sess2 = new tl.Session({ graph: g2 });
    sess2.run(fresh.initializer);
    new tl.train.Saver({ weights: kernel }).restore(sess2, file);
    // Only kernel was restored; a checkpoint name different from the variable's ('theta' → 'new/kernel') works too.
    const k = sess2.run(kernel) as tl.Tensor;
    expect(k.arraySync()).toEqual([[1], [2], [3]]);
    k.dispose();
    new tl.train.Saver({ theta: kernel }).restore(sess2, join(dir, 'all.ckpt'));
    const f = sess2.run(fresh) as tl.Tensor;
    expect(f.arraySync()).toEqual([5]);
    f.dispose();
    sess2.close();
  });

  it('missing names and shape/dtype mismatches are listed in one CheckpointError; nothing changes', () => {
    const dir = freshDir();
    const g = new tl.Graph();
    const { a, b } = g.asDefault(() => ({ a: new tl.Variable([1, 2], { name: 'a' }), b: new tl.Variable([[3]], { name: 'b' }) }));
    const sess = new tl.Session({ graph: g });
    sess.run([a.initializer, b.initializer]);
    const file = new tl.train.Saver([a, b]).save(sess, join(dir, 'ab'));
    const g2 = new tl.Graph();
    const v = g2.asDefault(() => ({
      a: new tl.Variable([0, 0, 0], { name: 'a' }),
      b: new tl.Variable(tl.tensor([[0]], [1, 1], 'float64'), { name: 'b' }),
      c: new tl.Variable([0], { name: 'c' }),
      d: new tl.Variable([0], { name: 'd' }),
    }));
    const s2 = new tl.Session({ graph: g2 });
    s2.run([v.a.initializer]);
    let err: tl.train.CheckpointError | undefined;
    try {
      new tl.train.Saver([v.a, v.b, v.c, v.d]).restore(s2, file);
    } catch (e) {
      err = e as tl.train.CheckpointError;
    }
    expect(err).toBeInstanceOf(tl.train.CheckpointError);
    expect(err!.missing).toEqual(['c', 'd']);
    expect(err!.mismatched.map((m) => m.name)).toEqual(['a', 'b']);
    expect(err!.message).toMatch(/not in the checkpoint: 'c', 'd'/);
    expect(err!.message).toMatch(/'a': variable is float32\[3\], checkpoint has float32\[2\]/);
    expect(err!.message).toMatch(/'b': variable is float64\[1,1\], checkpoint has float32\[1,1\]/);
    expect(err!.message).toContain(file);
    const av = s2.run(v.a) as tl.Tensor;
    expect(av.arraySync()).toEqual([0, 0, 0]);
    av.dispose();
    expect(s2.isVariableInitialized(v.b)).toBe(false);
    expect(() => new tl.train.Saver([v.a]).restore(s2, join(dir, 'nothing-here'))).toThrow(/no checkpoint at/);
    sess.close();
    s2.close();
  });

  it('repeated save/restore leaks no tensors', () => {
    const dir = freshDir();
    const g = new tl.Graph();
    const w = g.asDefault(() => new tl.Variable(tl.ones([4, 4]), { name: 'w' }));
    const saver = new tl.train.Saver([w], { maxToKeep: 2 });
    const sess = new tl.Session({ graph: g });
    sess.run(w.initializer);
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      saver.restore(sess, saver.save(sess, join(dir, 'w'), { globalStep: i }));
      counts.push(tl.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    sess.close();
  });
});

describeEachBackend('tl.train.Saver in eager mode', () => {
  it('requires an explicit variable list, saves with save(null, path), restores with assign', () => {
    expect(() => new tl.train.Saver()).toThrow(/in eager mode pass the variables/);
    expect(() => new tl.train.Saver({ maxToKeep: 2 })).toThrow(/in eager mode pass the variables/);
    expect(() => new tl.train.Saver([tl.ones([2]) as tl.Variable])).toThrow(/varList\[0\] is not a Variable/);
    const dir = freshDir();
    const w = new tl.Variable(tl.tensor([[1, 2], [3, 4]]), { name: 'eager/w' });
    const b = new tl.Variable(tl.tensor([5n, -6n], [2], 'int64'), { name: 'eager/b' });
    const saver = new tl.train.Saver([w, b]);
    const file = saver.save(null, join(dir, 'my_model.ckpt'));
    expect(basename(file)).toBe('my_model.ckpt.safetensors');
    w.assign(tl.zeros([2, 2]));
    b.assign(tl.tensor([0n, 0n], [2], 'int64'));
    const before = tl.memory().numTensors;
    for (let i = 0; i < 3; i++) saver.restore(null, join(dir, 'my_model.ckpt'));
    expect(tl.memory().numTensors).toBe(before);
    expect(w.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(b.arraySync()).toEqual([5n, -6n]);
    const w2 = new tl.Variable(tl.zeros([2, 2]), { name: 'elsewhere' });
    new tl.train.Saver({ 'eager/w': w2 }).restore(null, file);
    expect(w2.arraySync()).toEqual([[1, 2], [3, 4]]);
    tl.dispose([w, b, w2]);
  });
});

describe('checkpoint index, maxToKeep and latestCheckpoint', () => {
  it('maxToKeep deletes old files after the index names the new one; latestCheckpoint follows', () => {
    const dir = freshDir();
    expect(tl.train.latestCheckpoint(dir)).toBeNull();
    expect(tl.train.latestCheckpoint(join(dir, 'no-such-dir'))).toBeNull();
    const v = new tl.Variable([0], { name: 'v' });
    const saver = new tl.train.Saver([v], { maxToKeep: 2 });
    for (let step = 1; step <= 5; step++) {
      v.assign(tl.tensor([step]));
      saver.save(null, join(dir, 'model.ckpt'), { globalStep: step * 10 });
    }
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'model.ckpt-40.safetensors', 'model.ckpt-50.safetensors']);
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint'), 'utf8'))).toEqual({
      modelCheckpointPath: 'model.ckpt-50.safetensors',
      allModelCheckpointPaths: ['model.ckpt-40.safetensors', 'model.ckpt-50.safetensors'],
    });
    const latest = tl.train.latestCheckpoint(dir)!;
    expect(latest).toBe(join(dir, 'model.ckpt-50.safetensors'));
    v.assign(tl.tensor([0]));
    saver.restore(null, latest);
    expect(v.arraySync()).toEqual([5]);
    // Saving the same path again moves it to the end instead of listing it twice.
    saver.save(null, join(dir, 'model.ckpt'), { globalStep: 40 });
    expect(tl.train.readCheckpointIndex(dir)!.allModelCheckpointPaths.map((p) => basename(p))).toEqual(
      ['model.ckpt-50.safetensors', 'model.ckpt-40.safetensors']);
    // maxToKeep 0 keeps everything; a missing latest file gives null.
    const keepAll = new tl.train.Saver([v], { maxToKeep: 0 });
    const dir2 = freshDir();
    for (let s = 0; s < 7; s++) keepAll.save(null, join(dir2, 'k'), { globalStep: s });
    expect(readdirSync(dir2).filter((n) => n.endsWith('.safetensors')).length).toBe(7);
    rmSync(join(dir2, 'k-6.safetensors'));
    expect(tl.train.latestCheckpoint(dir2)).toBeNull();
    writeFileSync(join(dir2, 'checkpoint'), '{"modelCheckpointPath": 3');
    expect(() => tl.train.latestCheckpoint(dir2)).toThrow(tl.FileFormatError);
    expect(() => new tl.train.Saver([v], { maxToKeep: -1 })).toThrow(/maxToKeep/);
    v.dispose();
  });
});

describe('checkpoints across restarts', () => {
  it('a new Saver (a restarted process) takes over the folder index, so maxToKeep also deletes older runs\' files', () => {
    const dir = freshDir();
    const v = new tl.Variable([0], { name: 'v' });
    // Three "processes" of two saves each, every one with a fresh Saver and maxToKeep 2.
    for (let run = 0; run < 3; run++) {
      const saver = new tl.train.Saver([v], { maxToKeep: 2 });
      for (let k = 1; k <= 2; k++) saver.save(null, join(dir, 'model'), { globalStep: run * 10 + k });
      expect(saver.lastCheckpoints.map((p) => basename(p))).toEqual(run === 0 ? ['model-1.safetensors', 'model-2.safetensors']
        : [`model-${run * 10 + 1}.safetensors`, `model-${run * 10 + 2}.safetensors`]);
    }
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'model-21.safetensors', 'model-22.safetensors']);
    // A temp file left by a writer that died (its pid no longer exists) goes at the next save.
    writeFileSync(join(dir, '.model-23.safetensors.tmp-999999999-0'), 'partial');
    const saver = new tl.train.Saver([v], { maxToKeep: 2 });
    saver.save(null, join(dir, 'model'), { globalStep: 23 });
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'model-22.safetensors', 'model-23.safetensors']);
    // A damaged index is not trusted for deletions: the files it might have named stay.
    writeFileSync(join(dir, 'checkpoint'), '{"modelCheckpointPath": 3');
    new tl.train.Saver([v], { maxToKeep: 1 }).save(null, join(dir, 'model'), { globalStep: 24 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.safetensors')).sort()).toEqual(['model-22.safetensors', 'model-23.safetensors', 'model-24.safetensors']);
    v.dispose();
  });
});

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'saver_crash_child.ts');
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs the child until it announces "saving <killAt>", waits `delayMs`, kills it with SIGKILL. */
function runAndKill(dir: string, n: number, killAt: number, delayMs: number): Promise<{ lastSaved: number; pid: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(n)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastSaved = 0;
    let buf = '';
    let stderr = '';
    let armed = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /^(saving|saved) (\d+)$/.exec(line);
        if (m && m[1] === 'saved') lastSaved = Number(m[2]);
        if (m && m[1] === 'saving' && Number(m[2]) === killAt && !armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code}/${signal} before the kill: ${stderr}`));
      else resolvePromise({ lastSaved, pid: child.pid! });
    });
  });
}

describe('crash safety', () => {
  it('a writer killed with SIGKILL mid-save always leaves a complete latest checkpoint', async () => {
    const n = 1_000_000; // 12 MB per checkpoint: a save takes long enough to be interrupted
    const runs: [number, number][] = [[2, 0], [2, 3], [3, 8], [4, 15], [3, 30], [5, 1]];
    for (const [killAt, delay] of runs) {
      const dir = freshDir();
      const { lastSaved, pid } = await runAndKill(dir, n, killAt, delay);
      const latest = tl.train.latestCheckpoint(dir);
      expect(latest, `kill at save ${killAt} + ${delay} ms`).not.toBeNull();
      const step = Number(/model-(\d+)\.safetensors$/.exec(latest!)![1]);
      // "saved k" is printed after the index names k, so the index is at least that new (at most one ahead).
      expect(step).toBeGreaterThanOrEqual(lastSaved);
      expect(step).toBeLessThanOrEqual(lastSaved + 1);
      const a = new tl.Variable(tl.zeros([n]), { name: 'a' });
      const b = new tl.Variable(tl.zeros([n], 'float64'), { name: 'b' });
      const s = new tl.Variable(tl.zeros([2, 3], 'int32'), { name: 's' });
      const saver = new tl.train.Saver({ 'big/a': a, 'big/b': b, small: s });
      saver.restore(null, latest!);
      for (const v of [a, b, s]) {
        const d = v.dataSync();
        expect(d.every((x) => x === step), `${v.name} holds ${step} everywhere`).toBe(true);
      }
      // Every checkpoint the index still lists is complete.
      for (const p of tl.train.readCheckpointIndex(dir)!.allModelCheckpointPaths) {
        const k = Number(/model-(\d+)\.safetensors$/.exec(p)![1]);
        const t = tl.io.readSafetensors(p, ['small']).tensors.small!;
        expect(Array.from(t.data as Int32Array)).toEqual(new Array(6).fill(k));
      }
      // The next save in this folder (another process) clears the dead writer's temp files.
      saver.save(null, join(dir, 'model'), { globalStep: 999 });
      expect(readdirSync(dir).filter((f) => f.includes(`.tmp-${pid}-`))).toEqual([]);
      expect(existsSync(join(dir, 'model-999.safetensors'))).toBe(true);
      tl.dispose([a, b, s]);
    }
  }, 180_000);
});
