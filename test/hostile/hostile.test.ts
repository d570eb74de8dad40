/**
 * Hostile arguments through the public API (issue #13): every public op x every argument slot x hostile values
 * (null/undefined/string/object shapes, negative, non-integer, 2^31, 2^53, 1e300 sizes, NaN/Infinity, axes out
 * of range, disposed, empty and wrongly-typed tensors) plus the hand-written findings, on every backend present,
 * each backend's batch in its own child process with a per-case timeout. A case passes when the call succeeds
 * (with the right result where the case checks one) or throws a TensorlaneError naming the op, without a crash,
 * a hang or a leaked tensor.
 */
import { describe, expect, it } from 'vitest';
import { allCases } from './cases.js';
import { runHostile, type CaseResult } from './harness.js';
import { testBackends } from '../util/index.js';

const names = allCases().map((c) => c.name);
const report = (bad: CaseResult[]) => bad.map((r) => `${names[r.i] ?? r.name}: ${r.how}`).join('\n');

describe('hostile arguments', () => {
  it('the case matrix covers every public op', () => {
    // 159 ops when this was written; each gets at least two slots x every hostile value.
    expect(names.length).toBeGreaterThan(10_000);
  });

  // The backends run one after another: each child uses a core, and the suite shares the machine.
  for (const backend of testBackends()) {
    it(`every case passes on ${backend}`, async () => {
      const { results, errors } = await runHostile(backend, { perCaseMs: 15_000 });
      expect(errors).toEqual([]);
      expect(results.length).toBe(names.length);
      const bad = results.filter((r) => !r.ok);
      expect(bad.length, report(bad)).toBe(0);
    }, 300_000);
  }

  it('the runner flags untyped errors, unnamed ops, leaks, wrong results, hangs and crashes by name', async () => {
    const { results, errors } = await runHostile('js', { perCaseMs: 3_000, modPath: './selftest_cases.js' });
    expect(errors).toEqual([]);
    const by = (i: number) => results.find((r) => r.i === i)!;
    expect(by(0)).toMatchObject({ ok: false, how: expect.stringMatching(/^untyped: TypeError/) });
    expect(by(1)).toMatchObject({ ok: false, how: expect.stringMatching(/does not name the op/) });
    expect(by(2)).toMatchObject({ ok: false, how: expect.stringMatching(/^leaked 1 tensor/) });
    expect(by(3)).toMatchObject({ ok: false, how: expect.stringMatching(/^wrong result: not 3/) });
    expect(by(4)).toMatchObject({ ok: false, how: expect.stringMatching(/^hang/) });
    expect(by(5)).toMatchObject({ ok: true });
    expect(by(6)).toMatchObject({ ok: false, how: expect.stringMatching(/^crash: child exited with 70/) });
    expect(by(7)).toMatchObject({ ok: true });
    expect(by(8)).toMatchObject({ ok: true, how: 'ShapeError' });
  }, 60_000);
});
