import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES, generate } from '../../scripts/gen-graph-ops.js';
import * as tl from '../../src/index.js';
import * as raw from '../../src/ops/index.js';

describe('graph-aware op exports', () => {
  it('the generated graph-aware ops and losses are up to date (run: npx tsx scripts/gen-graph-ops.ts)', async () => {
    const texts = await generate();
    for (const key of Object.keys(GENERATED_FILES) as (keyof typeof GENERATED_FILES)[]) {
      const onDisk = readFileSync(new URL(`../../${GENERATED_FILES[key]}`, import.meta.url), 'utf8');
      expect(onDisk, GENERATED_FILES[key]).toBe(texts[key]);
    }
  });

  it('every public op is exported graph-aware', () => {
    for (const [name, fn] of Object.entries(raw)) {
      if (typeof fn !== 'function' || name.endsWith('Async')) continue;
      const pub = (tl as Record<string, unknown>)[name];
      expect(typeof pub, name).toBe('function');
      expect(pub, `${name} should be the wrapped version`).not.toBe(fn);
    }
  });

  it('an op called with JS values frees the tensors it made from them', () => {
    const a = tl.tensor([1, 2]);
    const before = tl.memory().numTensors;
    const r = tl.add(a, 5);
    expect(tl.memory().numTensors).toBe(before + 1);
    r.dispose();
    a.dispose();
  });
});
