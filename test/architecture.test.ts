/**
 * The layering of src/ (CONTRIBUTING.md, "Who may import whom"): every import edge — static, re-export,
 * type-only and dynamic — must go from a folder to one it may import.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KernelName } from '../src/core/kernel_attrs.js';
import * as K from '../src/core/kernel_names.js';
import { checkImportRules, collectEdges, formatViolation, importsOf, layerOf } from './util/import_rules.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

describe('architecture: who may import whom', () => {
  it('src/ has no forbidden import edge', () => {
    expect(checkImportRules(SRC).map(formatViolation)).toEqual([]);
  });

  it('every file of src/ belongs to a folder the rules know, and the checker sees its imports', () => {
    const edges = collectEdges(SRC);
    expect(edges.length).toBeGreaterThan(500);
    // A few edges that exist today: the checker must see them, or "no violations" would mean nothing.
    const has = (file: string, target: string) => edges.some((e) => e.file === file && e.target === target);
    expect(has('index.ts', 'register_all.ts')).toBe(true);
    expect(has('register_all.ts', 'backends/js/register.ts')).toBe(true);
    expect(has('ops/strided_slice.ts', 'core/strided_slice_spec.ts')).toBe(true);
  });

  it('parses static, re-export, type-only and dynamic imports with their lines', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export * from './c.js';",
      "export { d } from './d.js';",
      'const e = await import("./e.js");',
      "type F = import('./f.js').F;",
      "import './g.js';",
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 2 },
      { specifier: './c.js', line: 3 },
      { specifier: './d.js', line: 4 },
      { specifier: './e.js', line: 5 },
      { specifier: './f.js', line: 6 },
      { specifier: './g.js', line: 7 },
    ]);
  });

  it('classifies the top-level files and folders', () => {
    expect(layerOf('index.ts')).toBe('top');
    expect(layerOf('browser.ts')).toBe('top');
    expect(layerOf('register_all.ts')).toBe('top');
    expect(layerOf('cli/main.ts')).toBe('top');
    expect(layerOf('core/engine.ts')).toBe('core');
    expect(layerOf('backends/js/kernels/Add.ts')).toBe('backends');
    expect(layerOf('stray.ts')).toBeNull();
  });

  describe('can fail: a fixture tree with forbidden edges', () => {
    const root = mkdtempSync(join(tmpdir(), 'tl-arch-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write('core/engine.ts', "import { shapesEqual } from './shape.js';\n\nimport { add } from '../ops/arithmetic.js';\n");
    write('core/shape.ts', 'export const shapesEqual = 1;\n');
    write('ops/arithmetic.ts', "import { ENGINE } from '../core/engine.js';\nexport const add = ENGINE;\n");
    write('backends/js/kernels/Conv.ts', "import type { X } from '../../../ops/conv_util.js';\nconst m = import('../../../graph/graph.js');\n");
    write('ops/conv_util.ts', 'export type X = 1;\n');
    write('graph/graph.ts', "import { add } from '../ops/arithmetic.js';\n");
    write('gradients/Add_grad.ts', "import { graph } from '../graph/graph.js';\n");
    write('index.ts', "export * from './graph/graph.js';\nexport * from './backends/js/kernels/Conv.js';\n");
    write('stray.ts', '');

    it('reports exactly the forbidden edges, each with file:line and the rule', () => {
      expect(checkImportRules(root).map(formatViolation)).toEqual([
        "src/backends/js/kernels/Conv.ts:1: backends/ may not import ops ('../../../ops/conv_util.js'): backends may import core",
        "src/backends/js/kernels/Conv.ts:2: backends/ may not import graph ('../../../graph/graph.js'): backends may import core",
        "src/core/engine.ts:3: core/ may not import ops ('../ops/arithmetic.js'): core may import nothing else",
        "src/gradients/Add_grad.ts:1: gradients/ may not import graph ('../graph/graph.js'): gradients may import core, ops",
        "src/stray.ts:1: 'stray.ts' is in no folder the import rules know (add it to them)",
      ]);
    });
  });
});

describe('architecture: kernels and gradients are typed by their declaration (core/kernel_attrs.ts)', () => {
  // Files whose attrs must come typed from the kernel's name: a cast there would hide a wrong declaration.
  const typedDirs = ['backends/js', 'gradients'];
  const files = collectEdges(SRC)
    .map((e) => e.file)
    .filter((f, i, all) => all.indexOf(f) === i && typedDirs.some((d) => f.startsWith(`${d}/`)));
  const read = (f: string) => readFileSync(join(SRC, f), 'utf8').split('\n');

  it('no attrs cast in the js kernels and the gradients', () => {
    const casts: string[] = [];
    for (const f of files) {
      read(f).forEach((line, i) => {
        if (/\battrs(\.\w+)? as\b/.test(line)) casts.push(`src/${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(casts).toEqual([]);
  });

  it('js kernels name their kernel (KernelFn<...>) and gradients theirs (GradConfig<...>)', () => {
    const untyped: string[] = [];
    for (const f of files) {
      read(f).forEach((line, i) => {
        // The one unchecked alias is castUnchecked, which the native backend's Cast falls back to.
        if (/:\s*KernelFn\b(?!<)/.test(line) && !line.includes('castUnchecked')) untyped.push(`src/${f}:${i + 1}: ${line.trim()}`);
        if (/:\s*GradConfig\b(?!<)/.test(line)) untyped.push(`src/${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(untyped).toEqual([]);
  });
});

describe('architecture: every kernel is declared in both halves of its declaration', () => {
  // kernel_names.ts documents a kernel and gives its name constant; kernel_attrs.ts types its attrs. A kernel
  // missing from either half fails to compile here.
  type Named = (typeof K)[keyof typeof K];
  const namesHaveAttrs: [Exclude<Named, KernelName>] extends [never] ? true : false = true;
  const attrsHaveNames: [Exclude<KernelName, Named>] extends [never] ? true : false = true;

  it('kernel_names.ts and kernel_attrs.ts list the same kernels', () => {
    expect([namesHaveAttrs, attrsHaveNames]).toEqual([true, true]);
    for (const [constant, name] of Object.entries(K)) expect(name, constant).toBe(constant);
  });
});
